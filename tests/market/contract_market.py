#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A marketplace written from docs/MARKETPLACE-API.md alone, apart from the
client and the demo marketplace, to hold Piecework to the contract rather
than to its own assumptions.

It checks every request strictly (400 for an empty or malformed body, a
missing Idempotency-Key or one that is not a UUID, a count out of range),
compares a reused key's bodies as JSON values (the same: the first answer
again with 200; another: 422), and answers 409 already_submitted, 409
reassigned and 410 lease_expired as the contract says. Faults are asked for
by the test: a storm of 503s with Retry-After, answers lost right after a
commit, a commit held until the test says, and kept-alive connections
closed as the next request arrives on them, at random (seeded) or for the
next few submissions. Everything received is recorded for the test to
check.

Imported by tests, or run alone: contract_market.py --port 0 prints its
base URL and serves until interrupted."""

import argparse
import datetime
import hashlib
import http.server
import json
import random
import re
import socketserver
import struct
import sys
import threading
import urllib.parse
import uuid
import zlib

TOKEN = "contract-token"
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
MEDIA_SIZE = (64, 48)


def rfc3339(when):
    return when.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def png(width, height, seed):
    """A small image of its own for each task."""
    rows = b"".join(b"\x00" + b"".join(bytes(((x * 4 + seed * 40) % 256, (y * 5) % 256,
                                              seed * 17 % 256)) for x in range(width))
                    for y in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


class Refusal(Exception):
    """An answer that is not 2xx: status, code, message."""

    def __init__(self, status, code, message, retry_after=None):
        super().__init__(message)
        self.status, self.code, self.message, self.retry_after = status, code, message, retry_after


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_annotation(annotation):
    """The Annotation of the contract, as strictly as it is written."""
    if not isinstance(annotation, dict):
        raise Refusal(400, "bad_request", "annotation must be an object")
    width = height = None
    if "image" in annotation:
        image = annotation["image"]
        if (not isinstance(image, dict) or not is_number(image.get("width"))
                or not is_number(image.get("height")) or image["width"] <= 0 or image["height"] <= 0):
            raise Refusal(400, "bad_request", "image needs a positive width and height")
        width, height = image["width"], image["height"]
    shapes = annotation.get("shapes", [])
    if not isinstance(shapes, list):
        raise Refusal(400, "bad_request", "shapes is a list")
    for shape in shapes:
        if not isinstance(shape, dict) or not isinstance(shape.get("id"), str):
            raise Refusal(400, "bad_request", "a shape needs an id")
        if "label" in shape and not isinstance(shape["label"], str):
            raise Refusal(400, "bad_request", "a label is a string")
        if width is None:
            raise Refusal(400, "bad_request", "shapes need the image's size")
        if shape.get("type") == "bbox":
            x, y, w, h = (shape.get(k) for k in ("x", "y", "w", "h"))
            if not all(is_number(v) for v in (x, y, w, h)) or w <= 0 or h <= 0:
                raise Refusal(400, "bad_request", "a bbox needs x, y and a positive w and h")
            if x < 0 or y < 0 or x + w > width or y + h > height:
                raise Refusal(400, "bad_request", "a bbox lies inside the image")
        elif shape.get("type") == "polygon":
            points = shape.get("points")
            if (not isinstance(points, list) or len(points) < 3
                    or not all(isinstance(p, list) and len(p) == 2 and all(is_number(c) for c in p)
                               for p in points)):
                raise Refusal(400, "bad_request", "a polygon needs at least 3 points")
            if points[0] == points[-1]:
                raise Refusal(400, "bad_request", "a polygon is not closed")
        else:
            raise Refusal(400, "bad_request", "a shape is a bbox or a polygon")
    choices = annotation.get("choices", [])
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        raise Refusal(400, "bad_request", "choices is a list of strings")
    for member in ("spans", "segments"):
        items = annotation.get(member, [])
        if not isinstance(items, list):
            raise Refusal(400, "bad_request", f"{member} is a list")
        for item in items:
            if (not isinstance(item, dict) or not is_number(item.get("start"))
                    or not is_number(item.get("end")) or item["start"] >= item["end"]):
                raise Refusal(400, "bad_request", f"{member} need start < end")
    if "transcript" in annotation and not isinstance(annotation["transcript"], str):
        raise Refusal(400, "bad_request", "transcript is a string")


def same_json(a, b):
    """The same JSON value, whatever the spacing or the order of members;
    true is not 1, as Python alone would have it."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    if is_number(a) and is_number(b):
        return a == b
    return type(a) is type(b) and a == b


def parse_json_body(body):
    if not body:
        raise Refusal(400, "bad_request", "the body is empty")
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refusal(400, "bad_request", "the body is not JSON") from None
    if not isinstance(value, dict):
        raise Refusal(400, "bad_request", "the body is not an object")
    return value


class Market:
    """The marketplace's state, its faults and its record, behind one lock."""

    def __init__(self, seed=1, n_tasks=20):
        self.lock = threading.Lock()
        self.random = random.Random(seed)
        self.projects = [
            {"id": "p-boxes", "name": "Boxes around things", "kind": "image",
             "instructions": "Draw a box around each thing.",
             "pay": {"amount": "0.04", "currency": "USD", "per": "task"},
             "labels": [{"name": "thing", "color": "#e01b24", "hotkey": "1"}],
             "tools": ["bbox", "polygon"], "available_tasks": n_tasks},
        ]
        self.open_tasks = [f"t-{i:03d}" for i in range(1, n_tasks + 1)]
        self.media = {t: png(*MEDIA_SIZE, i) for i, t in enumerate(self.open_tasks)}
        self.tasks = {}          # task id -> {"claim", "project", "lease", "reassigned"}
        self.claims = {}         # claim id -> [task ids]
        self.keys = {}           # idempotency key -> {"task", "body", "receipt"}
        self.submitted = {}      # task id -> key
        self.commits = []        # (task id, key, body): every submission that took effect
        self.statement = []
        self.requests = []       # every request received, with its outcome
        # Faults
        self.storm = 0
        self.storm_retry_after = "1"
        self.lose_first_answer = set()
        self.hold_task = None
        self.held = threading.Event()
        self.release = threading.Event()
        self.close_at_random = 0.0
        self.close_reused_puts = 0
        self.connections = 0

    # What the test asks for

    def expire(self, task_id):
        with self.lock:
            self.tasks[task_id]["lease"] = now() - datetime.timedelta(minutes=1)

    def reassign(self, task_id):
        with self.lock:
            self.tasks[task_id]["reassigned"] = True

    def committed(self, task_id):
        with self.lock:
            return [c for c in self.commits if c[0] == task_id]

    def submission_requests(self, task_id=None):
        with self.lock:
            return [r for r in self.requests if r["method"] == "PUT"
                    and (task_id is None or r["path"] == f"v1/tasks/{task_id}/submission")]

    # Answers

    def me(self):
        return 200, {"worker_id": "w-contract", "name": "Contract Tester", "currency": "USD"}

    def claim(self, project_id, body):
        request = parse_json_body(body)
        count = request.get("count")
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 100:
            raise Refusal(400, "bad_request", "count is an integer from 1 to 100")
        project = next((p for p in self.projects if p["id"] == project_id), None)
        if project is None:
            raise Refusal(404, "not_found", f"no project {project_id}")
        taken, self.open_tasks = self.open_tasks[:count], self.open_tasks[count:]
        claim_id = f"c-{uuid.uuid4().hex[:8]}"
        lease = now() + datetime.timedelta(hours=1)
        self.claims[claim_id] = list(taken)
        tasks = []
        for task_id in taken:
            self.tasks[task_id] = {"claim": claim_id, "project": project_id, "lease": lease,
                                   "reassigned": False}
            data = self.media[task_id]
            tasks.append({"id": task_id, "project_id": project_id, "kind": "image",
                          "pay": {"amount": "0.04", "currency": "USD"},
                          "media": {"url": f"media/{task_id}.png",
                                    "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)},
                          "text": None, "prefill": None})
        project["available_tasks"] = len(self.open_tasks)
        return 201, {"claim_id": claim_id, "lease_expires_at": rfc3339(lease), "tasks": tasks}

    def release_tasks(self, claim_id, body):
        request = parse_json_body(body)
        ids = request.get("task_ids")
        if not isinstance(ids, list) or not all(isinstance(t, str) for t in ids):
            raise Refusal(400, "bad_request", "task_ids is a list of task ids")
        if claim_id not in self.claims:
            raise Refusal(404, "not_found", f"no claim {claim_id}")
        released = 0
        for task_id in ids:
            if task_id in self.claims[claim_id] and task_id not in self.submitted:
                self.claims[claim_id].remove(task_id)
                self.tasks.pop(task_id, None)
                self.open_tasks.append(task_id)
                released += 1
        return 200, {"released": released}

    def submit(self, task_id, key, body):
        """Returns (status, answer, committed)."""
        if key is None or not UUID_RE.match(key):
            raise Refusal(400, "bad_request", "Idempotency-Key must be a UUID")
        request = parse_json_body(body)
        claim_id = request.get("claim_id")
        if not isinstance(claim_id, str) or not claim_id:
            raise Refusal(400, "bad_request", "claim_id is required")
        check_annotation(request.get("annotation"))
        seconds = request.get("active_seconds")
        if not is_number(seconds) or seconds < 0:
            raise Refusal(400, "bad_request", "active_seconds is a number, 0 or more")
        at = request.get("submitted_at")
        if not isinstance(at, str) or not RFC3339_UTC.match(at):
            raise Refusal(400, "bad_request", "submitted_at is an RFC 3339 UTC time")

        # The same key: the same JSON value is a replay, anything else a mismatch.
        first = self.keys.get(key)
        if first is not None:
            if first["task"] == task_id and same_json(first["body"], request):
                return 200, first["receipt"], False
            raise Refusal(422, "idempotency_mismatch", "this key came with another body")

        task = self.tasks.get(task_id)
        if task is None:
            raise Refusal(404, "not_found", f"no task {task_id}")
        if claim_id not in self.claims:
            raise Refusal(404, "not_found", f"no claim {claim_id}")
        if task_id not in self.claims[claim_id]:
            raise Refusal(400, "bad_request", f"claim {claim_id} does not hold {task_id}")
        if task_id in self.submitted:
            raise Refusal(409, "already_submitted", f"{task_id} was submitted already")
        if task["reassigned"]:
            raise Refusal(409, "reassigned", f"{task_id} went to someone else")
        if task["lease"] <= now():
            raise Refusal(410, "lease_expired", f"the lease on {task_id} ran out")

        receipt = {"submission_id": f"s-{len(self.commits) + 1}", "task_id": task_id,
                   "status": "pending_review"}
        self.keys[key] = {"task": task_id, "body": request, "receipt": receipt}
        self.submitted[task_id] = key
        self.commits.append((task_id, key, request))
        self.statement.append({"id": f"e-{len(self.statement) + 1}", "type": "task",
                               "task_id": task_id, "project_id": task["project"],
                               "status": "pending", "amount": "0.04", "currency": "USD",
                               "at": rfc3339(now())})
        return 201, receipt, True

    def statement_page(self, query):
        after = query.get("after", [None])[0]
        limit = query.get("limit", ["100"])[0]
        if not limit.isdigit() or not 1 <= int(limit) <= 500:
            raise Refusal(400, "bad_request", "limit is 1 to 500")
        start = 0
        if after is not None:
            if not after.startswith("k") or not after[1:].isdigit():
                raise Refusal(400, "bad_request", "not a cursor of this marketplace")
            start = int(after[1:])
        entries = self.statement[start:start + int(limit)]
        end = start + len(entries)
        return 200, {"entries": entries, "next": f"k{end}" if end < len(self.statement) else None}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    base = "/api/"

    def log_message(self, format, *args):
        pass

    def setup(self):
        super().setup()
        market = self.server.market
        with market.lock:
            market.connections += 1
            self.connection_id = market.connections
        self.n_on_connection = 0

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def answer(self, status, value, retry_after=None, raw=None, content_type="application/json"):
        data = raw if raw is not None else json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if retry_after is not None:
            self.send_header("Retry-After", retry_after)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def drop(self):
        """Closes the connection without a word."""
        self.close_connection = True

    def handle_request(self):
        market = self.server.market
        self.n_on_connection += 1
        record = {"method": self.command, "connection": self.connection_id,
                  "n_on_connection": self.n_on_connection}

        # A kept-alive connection that the marketplace closes as the next
        # request comes, as an idle timeout meets a request on the way.
        with market.lock:
            close = (self.n_on_connection > 1 and market.close_at_random > 0
                     and market.random.random() < market.close_at_random)
            if self.n_on_connection > 1 and self.command == "PUT" and market.close_reused_puts > 0:
                market.close_reused_puts -= 1
                close = True
        url = urllib.parse.urlsplit(self.path)
        record["path"] = url.path[len(self.base):] if url.path.startswith(self.base) else url.path
        record["key"] = self.headers.get("Idempotency-Key")
        if close:
            record.update(body=None, status="closed before reading")
            with market.lock:
                market.requests.append(record)
            return self.drop()

        body = self.read_body()
        record["body"] = body
        path = record["path"]
        query = urllib.parse.parse_qs(url.query)
        lost = held = False
        try:
            if not url.path.startswith(self.base):
                raise Refusal(404, "not_found", "not under the base URL")
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                raise Refusal(401, "unauthorized", "the token is bad")
            with market.lock:
                status, value, extra = self.route(market, path, query, body)
                if extra == "committed":
                    task_id = path.split("/")[2]
                    if task_id == market.hold_task:
                        market.hold_task = None
                        held = True
                    elif task_id in market.lose_first_answer:
                        market.lose_first_answer.discard(task_id)
                        lost = True
            record["status"] = status
            if held:
                record["status"] = f"{status}, answer held then lost"
                market.held.set()
                market.release.wait(120)
                lost = True
            elif lost:
                record["status"] = f"{status}, answer lost"
            if lost:
                with market.lock:
                    market.requests.append(record)
                return self.drop()
            if extra == "media":
                self.answer(status, None, raw=value, content_type="image/png")
            else:
                self.answer(status, value)
        except Refusal as refusal:
            record["status"] = refusal.status
            record["code"] = refusal.code
            self.answer(refusal.status, {"error": {"code": refusal.code, "message": refusal.message}},
                        retry_after=refusal.retry_after)
        with market.lock:
            market.requests.append(record)

    def route(self, market, path, query, body):
        parts = path.split("/")
        method = self.command
        routes = [
            (["v1", "me"], {"GET"}),
            (["v1", "projects"], {"GET"}),
            (["v1", "projects", None, "claims"], {"POST"}),
            (["v1", "claims", None, "release"], {"POST"}),
            (["v1", "tasks", None, "submission"], {"PUT"}),
            (["v1", "statement"], {"GET"}),
            (["media", None], {"GET"}),
        ]
        for pattern, methods in routes:
            if len(pattern) == len(parts) and all(p is None or p == q for p, q in zip(pattern, parts)):
                if method not in methods:
                    raise Refusal(405, "method_not_allowed", f"{method} is not allowed here")
                break
        else:
            raise Refusal(404, "not_found", f"no such path {path}")

        if parts == ["v1", "me"]:
            return (*market.me(), None)
        if parts == ["v1", "projects"]:
            return 200, {"projects": market.projects}, None
        if parts[1] == "projects":
            return (*market.claim(parts[2], body), None)
        if parts[1] == "claims":
            return (*market.release_tasks(parts[2], body), None)
        if parts[1] == "tasks":
            if market.storm > 0:
                market.storm -= 1
                raise Refusal(503, "unavailable", "down for a moment", market.storm_retry_after)
            status, value, committed = market.submit(parts[2], self.headers.get("Idempotency-Key"),
                                                     body)
            return status, value, "committed" if committed else None
        if parts[1] == "statement":
            return (*market.statement_page(query), None)
        name = parts[1]
        task_id = name[:-4] if name.endswith(".png") else None
        if task_id not in market.media:
            raise Refusal(404, "not_found", f"no media {name}")
        return 200, market.media[task_id], "media"

    def do_GET(self):
        self.handle_request()

    def do_POST(self):
        self.handle_request()

    def do_PUT(self):
        self.handle_request()

    def do_DELETE(self):
        self.handle_request()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A client killed or gone mid-request is part of the test.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def start(market, port=0):
    """Serves @market on loopback in a thread. Returns (server, base URL)."""
    server = Server(("127.0.0.1", port), Handler)
    server.market = market
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/api/"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--close-at-random", type=float, default=0.0)
    args = parser.parse_args()
    market = Market(seed=args.seed)
    market.close_at_random = args.close_at_random
    server, base = start(market, args.port)
    print(base, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
