#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A CVAT server written from CVAT's published OpenAPI description (2.72)
and ../shared/specs/README.md alone, apart from Piecework's client.

It keeps state: users with personal access tokens (Authorization: Bearer)
and legacy keys from POST /api/auth/login (Authorization: Token KEY), jobs
with their assignee, labels, frame sizes and annotations. It answers with
Content-Type application/vnd.cvat+json, pages lists (count, next,
previous, results), and checks every body strictly: a member the schema
does not name, a value of the wrong type, a shape of the wrong size, a
frame outside the job or a label or attribute of another job is 400.
PUT /api/jobs/{id}/annotations/ replaces the job's annotations in one
step; PATCH with action=create appends, so a repeat duplicates (as CVAT
does). Every write moves the job's updated_date on. A job given to
someone else answers 403 to its former assignee.

The test acts through Python (Cvat methods) or, for a server run as its
own process, through /_fake/ requests: edit a job as someone else,
reassign it, drop the connection after committing the next PUT or PATCH
of a job, answer a storm of 503s (with or without Retry-After), close
kept-alive connections at random as a request comes, answer badly (see
Cvat.malformed), slow every PUT or frame down, hold the frames from a
number on until they are let go (a download that takes as long as the
test needs) or make them fail, and read the jobs, every request received and how many
frames were asked for at once.

Run alone: fake_cvat.py --port 0 prints its base URL and serves."""

import argparse
import datetime
import http.server
import json
import os
import random
import re
import socketserver
import struct
import sys
import threading
import time
import urllib.parse
import zlib

TOKEN = "cvat-pat-0123456789"
USERNAME = "ana"
PASSWORD = "secret"
CONTENT_TYPE = "application/vnd.cvat+json"
SHAPE_TYPES = {"rectangle", "polygon", "polyline", "points", "ellipse", "cuboid", "mask", "skeleton"}
JOB_STATES = {"new", "in progress", "completed", "rejected"}
JOB_STAGES = {"annotation", "validation", "acceptance"}


def png(width, height, seed):
    rows = b"".join(b"\x00" + bytes(v for x in range(width)
                                    for v in ((x * 3 + seed * 50) % 256, (y * 5) % 256, seed * 29 % 256))
                    for y in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def retyped(value):
    """VALUE with every member of the wrong type: numbers as strings,
    strings as numbers, objects and lists kept with their members
    retyped."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return [retyped(v) for v in value]
    return {k: retyped(v) for k, v in value.items()}


HUGE_BYTES = 48 * 1024 * 1024

# Answers that are not what the API describes, each for the paths it
# matches: (path pattern, what the answer becomes). A function of the
# answer gives a JSON value; bytes are the body itself.
MALFORMED = {
    # A page of jobs without its list of results.
    "jobs-without-results": (r"^/api/jobs$", lambda a: {k: v for k, v in a.items() if k != "results"}),
    # A job's data without the frames' sizes.
    "meta-without-frames": (r"^/api/jobs/\d+/data/meta$",
                            lambda a: {k: v for k, v in a.items() if k != "frames"}),
    # A page in front of the server that is not JSON.
    "not-json": (r"^/api/", b"<html><body><h1>502 Bad Gateway</h1></body></html>"),
    # Every member of the wrong type, in any answer or in a job's
    # annotations.
    "wrong-types": (r"^/api/", retyped),
    "annotations-wrong-types": (r"^/api/jobs/\d+/annotations/$", retyped),
    # An answer far larger than any the client reads.
    "huge": (r"^/api/", b"huge"),
}


def marked_jpeg(jpeg, number):
    """@jpeg with a comment naming the frame after its start marker: each
    frame is a file of its own at the cost of a copy."""
    text = b"frame %d" % number
    return jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text + jpeg[2:]


class Refusal(Exception):
    def __init__(self, status, detail):
        super().__init__(detail)
        self.status, self.detail = status, detail


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def expect(ok, detail):
    if not ok:
        raise Refusal(400, detail)


class Cvat:
    """The server's state; every method holds the lock."""

    def __init__(self):
        self.lock = threading.RLock()
        self.users = {USERNAME: {"id": 1, "username": USERNAME, "first_name": "Ana", "last_name": "Lima"},
                      "bob": {"id": 2, "username": "bob", "first_name": "Bob", "last_name": ""},
                      "banana": {"id": 3, "username": "banana", "first_name": "", "last_name": ""}}
        self.tokens = {TOKEN: USERNAME, "bob-token": "bob"}
        self.keys = {}
        self.jobs = {}
        self.next_id = 1000
        self.clock = datetime.datetime(2026, 12, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
        self.requests = []
        self.proxy = None
        self.max_page_size = 2
        self.drop_after_put = 0
        self.drop_after_patch = 0  # lose the answers of the next N job PATCHes
        # Faults of the exactly-once tests: the next N requests to /api/
        # answer 503 (with this Retry-After, or none); a kept-alive
        # connection is closed with this probability as a request comes,
        # before it is read.
        self.storm = 0
        self.storm_retry_after = "1"
        self.storm_of = {}  # and 503s for the next N requests of a method: {"PUT": N}
        self.close_at_random = 0.0
        self.close_reused = 0  # and the next N requests on a kept-alive connection
        self.random = random.Random(19)
        self.connections = 0
        # Answers that are not what the API describes: a name of
        # MALFORMED, for the next N requests to the path it names.
        self.malformed = None
        self.malformed_count = 0
        self.hold_put = None      # threading.Event the next PUT waits on after committing
        self.held = threading.Event()
        self.put_delay = 0.0      # seconds each PUT of annotations waits before it is read
        self.jpeg = None          # a JPEG served, marked with its number, for every frame
        self.frame_delay = 0.0    # seconds each frame takes to come
        self.frames_in_flight = 0
        self.frames_at_once = 0   # the most frames asked for at the same time
        self.hold_frames_from = None  # frames of this number on wait for frames_let_go
        self.frames_let_go = threading.Event()
        self.frames_held = 0      # how many frames wait now
        self.fail_frames_from = None  # frames of this number on answer 503

    def new_id(self):
        self.next_id += 1
        return self.next_id

    def tick(self):
        self.clock += datetime.timedelta(seconds=1, microseconds=123)
        return self.clock.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    # Setting up, for the test
    def add_job(self, job_id, labels, frames, start_frame=0, assignee=USERNAME, task_name="Street",
                chunk_type="imageset", mode="annotation", shapes=(), tags=(), tracks=()):
        """labels: [(name, type, color, [(attr name, values)])]; frames: [(w, h)]"""
        with self.lock:
            job_labels = []
            for name, kind, color, attributes in labels:
                job_labels.append({"id": self.new_id(), "name": name, "color": color, "type": kind,
                                   "attributes": [{"id": self.new_id(), "name": a, "mutable": False,
                                                   "input_type": "select", "default_value": values[0],
                                                   "values": list(values)} for a, values in attributes],
                                   "sublabels": [], "svg": "", "has_parent": False, "parent_id": None,
                                   "project_id": None, "task_id": job_id * 10})
            job = {"id": job_id, "task_id": job_id * 10, "task_name": task_name, "assignee": assignee,
                   "start_frame": start_frame, "stop_frame": start_frame + len(frames) - 1,
                   "frames": list(frames), "labels": job_labels, "chunk_type": chunk_type, "mode": mode,
                   "state": "new", "stage": "annotation", "updated_date": self.tick(),
                   "annotations": {"version": 0, "tags": [], "shapes": [], "tracks": []}}
            self.jobs[job_id] = job
            for shape in shapes:
                job["annotations"]["shapes"].append(self.stored(dict(shape), True))
            for tag in tags:
                job["annotations"]["tags"].append(self.stored(dict(tag), False))
            job["annotations"]["tracks"].extend(tracks)
            return job

    def label_id(self, job_id, name):
        return next(label["id"] for label in self.jobs[job_id]["labels"] if label["name"] == name)

    def spec_id(self, job_id, label, attribute):
        for item in self.jobs[job_id]["labels"]:
            if item["name"] == label:
                return next(a["id"] for a in item["attributes"] if a["name"] == attribute)
        raise KeyError(label)

    def edit_as_someone_else(self, job_id):
        with self.lock:
            job = self.jobs[job_id]
            label = job["labels"][0]["id"]
            job["annotations"]["shapes"].append(self.stored({
                "type": "rectangle", "frame": job["start_frame"], "label_id": label,
                "points": [1.0, 1.0, 5.0, 5.0]}, True))
            job["updated_date"] = self.tick()

    def reassign(self, job_id, username="bob"):
        with self.lock:
            self.jobs[job_id]["assignee"] = username
            self.jobs[job_id]["updated_date"] = self.tick()

    def stored(self, item, is_shape):
        """An annotation as the server keeps it: with an id and defaults."""
        result = {"id": self.new_id(), "frame": item["frame"], "label_id": item["label_id"],
                  "group": item.get("group") or 0, "source": item.get("source", "manual"),
                  "attributes": [dict(a) for a in item.get("attributes", [])]}
        if is_shape:
            result.update({"type": item["type"], "occluded": item.get("occluded", False),
                           "outside": item.get("outside", False), "z_order": item.get("z_order", 0),
                           "rotation": float(item.get("rotation", 0.0)),
                           "points": [float(p) for p in item.get("points", [])],
                           "elements": item.get("elements", [])})
        return result

    def shapes_of(self, job_id):
        with self.lock:
            return json.loads(json.dumps(self.jobs[job_id]["annotations"]))

    # Reading
    def job_read(self, job, base):
        frames = len(job["frames"])
        assignee = self.users.get(job["assignee"])
        return {"url": f"{base}/api/jobs/{job['id']}", "id": job["id"], "task_id": job["task_id"],
                "task_name": job["task_name"], "project_id": None, "project_name": None,
                "assignee": None if assignee is None else {
                    "url": f"{base}/api/users/{assignee['id']}", **assignee},
                "guide_id": None, "dimension": "2d", "mode": job["mode"], "media_type": "image",
                "bug_tracker": None, "status": "annotation", "stage": job["stage"], "state": job["state"],
                "frame_count": frames, "start_frame": job["start_frame"], "stop_frame": job["stop_frame"],
                "data_chunk_size": 36, "data_compressed_chunk_type": job["chunk_type"],
                "data_original_chunk_type": job["chunk_type"],
                "created_date": "2026-11-30T08:00:00.000000Z", "updated_date": job["updated_date"],
                "issues": {"url": f"{base}/api/issues?job_id={job['id']}", "count": 0},
                "labels": {"url": f"{base}/api/labels?job_id={job['id']}"}, "type": "annotation",
                "organization": None, "target_storage": None, "source_storage": None,
                "assignee_updated_date": None, "parent_job_id": None, "consensus_replicas": 0,
                "replicas_count": 0}

    def visible_job(self, user, job_id):
        job = self.jobs.get(job_id)
        if job is None:
            raise Refusal(404, "Not found.")
        if job["assignee"] != user:
            raise Refusal(403, "You do not have permission to perform this action.")
        return job

    # Checking bodies against the schema
    def check_attributes(self, value, label):
        expect(isinstance(value, list), "attributes must be a list")
        specs = {a["id"]: a for a in label["attributes"]}
        for attribute in value:
            expect(isinstance(attribute, dict) and set(attribute) == {"spec_id", "value"},
                   "an attribute is {spec_id, value}")
            expect(is_int(attribute["spec_id"]) and attribute["spec_id"] in specs,
                   f"attribute {attribute.get('spec_id')} is not one of label {label['name']}")
            expect(isinstance(attribute["value"], str), "an attribute's value is a string")

    def check_common(self, item, job, required, allowed):
        expect(isinstance(item, dict), "an annotation must be an object")
        unknown = set(item) - allowed
        expect(not unknown, f"unknown members {sorted(unknown)}")
        missing = required - set(item)
        expect(not missing, f"missing members {sorted(missing)}")
        expect(is_int(item["frame"]) and job["start_frame"] <= item["frame"] <= job["stop_frame"],
               f"frame {item['frame']!r} is not a frame of job {job['id']}")
        labels = {label["id"]: label for label in job["labels"]}
        expect(is_int(item["label_id"]) and item["label_id"] in labels,
               f"label_id {item['label_id']!r} is not a label of job {job['id']}")
        for name in ("id", "group"):
            expect(item.get(name) is None or is_int(item[name]), f"{name} must be an integer or null")
        expect(isinstance(item.get("source", ""), str), "source must be a string")
        self.check_attributes(item.get("attributes", []), labels[item["label_id"]])
        return labels[item["label_id"]]

    def check_shape(self, shape, job):
        self.check_common(shape, job, {"frame", "label_id", "type"},
                          {"type", "occluded", "outside", "z_order", "rotation", "points", "id",
                           "label_id", "group", "source", "frame", "attributes", "score", "elements"})
        expect(shape["type"] in SHAPE_TYPES, f"type {shape['type']!r} is not a shape type")
        for name in ("occluded", "outside"):
            expect(isinstance(shape.get(name, False), bool), f"{name} must be a boolean")
        expect(is_int(shape.get("z_order", 0)), "z_order must be an integer")
        for name in ("rotation", "score"):
            expect(is_number(shape.get(name, 0)), f"{name} must be a number")
        points = shape.get("points", [])
        expect(isinstance(points, list) and all(is_number(p) for p in points), "points must be numbers")
        if shape["type"] == "rectangle":
            expect(len(points) == 4, "a rectangle has four numbers: xtl, ytl, xbr, ybr")
        if shape["type"] == "polygon":
            expect(len(points) >= 6 and len(points) % 2 == 0, "a polygon has at least three points")
        expect(isinstance(shape.get("elements", []), list), "elements must be a list")

    def check_tag(self, tag, job):
        self.check_common(tag, job, {"frame", "label_id"},
                          {"id", "label_id", "group", "source", "frame", "attributes"})

    def check_labeled_data(self, body, job):
        expect(isinstance(body, dict), "the body must be an object")
        unknown = set(body) - {"version", "tags", "shapes", "tracks", "intervals"}
        expect(not unknown, f"unknown members {sorted(unknown)}")
        expect(is_int(body.get("version", 0)), "version must be an integer")
        for name in ("tags", "shapes", "tracks", "intervals"):
            expect(isinstance(body.get(name, []), list), f"{name} must be a list")
        for tag in body.get("tags", []):
            self.check_tag(tag, job)
        for shape in body.get("shapes", []):
            self.check_shape(shape, job)
        expect(body.get("tracks", []) == [] and body.get("intervals", []) == [],
               "this server takes no tracks or intervals from this client")

    # Handling one request
    def handle(self, method, path, query, headers, body, base):
        if path.startswith("/_fake/"):
            return self.control(method, path, query)
        if method == "POST" and path == "/api/auth/login":
            data = self.parse(body, headers)
            expect(isinstance(data, dict) and set(data) <= {"username", "email", "password"}
                   and "password" in data, "username and password")
            if data.get("username") not in self.users or data["password"] != PASSWORD:
                raise Refusal(400, "Unable to log in with provided credentials.")
            key = f"key-{self.new_id()}"
            self.keys[key] = data["username"]
            return 200, {"key": key}

        user = self.authenticate(headers)
        parts = [p for p in path.split("/") if p]
        if method == "GET" and path == "/api/users/self":
            return 200, dict(self.users[user], url=f"{base}/api/users/{self.users[user]['id']}")
        if method == "GET" and path == "/api/jobs":
            self.check_query(query, {"assignee", "page", "page_size"})
            # As CVAT's filter, a part of the name matches.
            jobs = [self.job_read(j, base) for j in sorted(self.jobs.values(), key=lambda j: j["id"])
                    if query.get("assignee", "") in (j["assignee"] or "")]
            return 200, self.page(jobs, query, base, path)
        if method == "GET" and path == "/api/labels":
            self.check_query(query, {"job_id", "page", "page_size"})
            expect("job_id" in query and query["job_id"].isdigit(), "job_id is an integer")
            job = self.visible_job(user, int(query["job_id"]))
            return 200, self.page(job["labels"], query, base, path)
        if len(parts) >= 3 and parts[:2] == ["api", "jobs"]:
            expect(parts[2].isdigit(), "the job id is an integer")
            job = self.visible_job(user, int(parts[2]))
            rest = parts[3:]
            if rest == [] and method == "GET":
                return 200, self.job_read(job, base)
            if rest == [] and method == "PATCH":
                data = self.parse(body, headers)
                expect(isinstance(data, dict) and data and set(data) <= {"assignee", "stage", "state"},
                       "a job's patch is {assignee, stage, state}")
                expect(data.get("state", "new") in JOB_STATES, "state is not a job state")
                expect(data.get("stage", "annotation") in JOB_STAGES, "stage is not a job stage")
                for name in ("state", "stage"):
                    if name in data:
                        job[name] = data[name]
                job["updated_date"] = self.tick()
                return 200, self.job_read(job, base)
            if rest == ["data", "meta"] and method == "GET":
                return 200, {"chunks_updated_date": "2026-11-30T08:00:00.000000Z", "chunk_size": 36,
                             "size": len(job["frames"]), "image_quality": 70,
                             "start_frame": job["start_frame"], "stop_frame": job["stop_frame"],
                             "frame_filter": "", "deleted_frames": [], "included_frames": None,
                             "storage": "local", "cloud_storage_id": None, "chapters": None,
                             "frames": [{"width": w, "height": h, "name": f"frame_{i:06d}.png",
                                         "related_files": 0, "has_related_context": False}
                                        for i, (w, h) in enumerate(job["frames"])]}
            if rest == ["data"] and method == "GET":
                self.check_query(query, {"type", "number", "quality", "index"})
                expect(query.get("type") == "frame" and query.get("quality") in ("original", "compressed"),
                       "type=frame with a quality")
                expect(query.get("number", "").isdigit(), "number is an integer")
                number = int(query["number"])
                expect(job["start_frame"] <= number <= job["stop_frame"], "number is not a frame of the job")
                w, h = job["frames"][number - job["start_frame"]]
                if self.jpeg is not None:
                    return 200, ("image/jpeg", marked_jpeg(self.jpeg, number))
                return 200, ("image/png", png(w, h, number))
            if rest == ["annotations"]:
                return self.annotations(method, job, query, headers, body)
        raise Refusal(404 if method in ("GET", "PUT", "PATCH", "POST", "DELETE") else 405, "Not found.")

    def annotations(self, method, job, query, headers, body):
        if method == "GET":
            self.check_query(query, set())
            return 200, job["annotations"]
        if method == "PUT":
            self.check_query(query, set())
            data = self.parse(body, headers)
            self.check_labeled_data(data, job)
            job["annotations"] = {"version": job["annotations"]["version"] + 1,
                                  "tags": [self.stored(t, False) for t in data.get("tags", [])],
                                  "shapes": [self.stored(s, True) for s in data.get("shapes", [])],
                                  "tracks": []}
            job["updated_date"] = self.tick()
            # The published API describes no content for this answer.
            return 200, None
        if method == "PATCH":
            self.check_query(query, {"action"})
            expect(query.get("action") in ("create", "update", "delete"), "action is create, update or delete")
            data = self.parse(body, headers)
            self.check_labeled_data(data, job)
            if query["action"] == "create":
                job["annotations"]["tags"] += [self.stored(t, False) for t in data.get("tags", [])]
                job["annotations"]["shapes"] += [self.stored(s, True) for s in data.get("shapes", [])]
            job["annotations"]["version"] += 1
            job["updated_date"] = self.tick()
            return 200, data
        raise Refusal(405, "Method not allowed.")

    def authenticate(self, headers):
        value = headers.get("Authorization", "")
        scheme, _, secret = value.partition(" ")
        if scheme == "Bearer" and secret in self.tokens:
            return self.tokens[secret]
        if scheme == "Token" and secret in self.keys:
            return self.keys[secret]
        raise Refusal(401, "Authentication credentials were not provided.")

    def check_query(self, query, allowed):
        unknown = set(query) - allowed
        expect(not unknown, f"unknown query parameters {sorted(unknown)}")
        for name in ("page", "page_size"):
            if name in query:
                expect(query[name].isdigit() and int(query[name]) >= 1, f"{name} must be a positive integer")

    def parse(self, body, headers):
        expect(headers.get("Content-Type", "").split(";")[0].strip() == "application/json",
               "a body must be application/json")
        try:
            return json.loads(body.decode("utf-8"), parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
        except (ValueError, UnicodeDecodeError) as error:
            raise Refusal(400, f"malformed JSON: {error}")

    def page(self, items, query, base, path):
        # The server chooses at most its own page size, small here so that
        # every list comes in pages.
        size = min(int(query.get("page_size", "10")), self.max_page_size)
        number = int(query.get("page", "1"))
        start = (number - 1) * size
        expect(start <= len(items) or number == 1, "Invalid page.")

        def link(n):
            q = dict(query, page=str(n))
            return f"{base}{path}?{urllib.parse.urlencode(q)}"
        return {"count": len(items), "next": link(number + 1) if start + size < len(items) else None,
                "previous": link(number - 1) if number > 1 else None, "results": items[start:start + size]}

    def control(self, method, path, query):
        if path == "/_fake/edit":
            self.edit_as_someone_else(int(query["job"]))
        elif path == "/_fake/reassign":
            self.reassign(int(query["job"]), query.get("to", "bob"))
        elif path == "/_fake/frame-delay":
            self.frame_delay = float(query.get("seconds", "0"))
            self.frames_at_once = 0
        elif path == "/_fake/frames-at-once":
            return 200, {"frames_at_once": self.frames_at_once}
        elif path == "/_fake/hold-frames":
            self.frames_let_go.clear()
            self.hold_frames_from = int(query.get("from", "0"))
        elif path == "/_fake/let-frames-go":
            self.hold_frames_from = None
            self.frames_let_go.set()
        elif path == "/_fake/fail-frames":
            self.fail_frames_from = int(query["from"]) if query.get("from") else None
        elif path == "/_fake/frames-held":
            return 200, {"frames_held": self.frames_held}
        elif path == "/_fake/put-delay":
            self.put_delay = float(query.get("seconds", "0"))
        elif path == "/_fake/drop-after-put":
            self.drop_after_put = int(query.get("count", "1"))
        elif path == "/_fake/drop-after-patch":
            self.drop_after_patch = int(query.get("count", "1"))
        elif path == "/_fake/storm":
            self.storm = int(query.get("count", "1"))
            self.storm_retry_after = query.get("retry_after") or None
            self.storm_of = {m: self.storm for m in query["methods"].split(",")} if query.get("methods") else {}
            if self.storm_of:
                self.storm = 0
        elif path == "/_fake/close-at-random":
            self.close_at_random = float(query.get("probability", "0.3"))
            self.random = random.Random(int(query.get("seed", "19")))
            self.close_reused = int(query.get("reused", "0"))
        elif path == "/_fake/malformed":
            expect(query.get("answer") in MALFORMED, f"answer is one of {sorted(MALFORMED)}")
            self.malformed = query["answer"]
            self.malformed_count = int(query.get("count", "1"))
        elif path == "/_fake/job":
            job = self.jobs[int(query["job"])]
            return 200, {"state": job["state"], "updated_date": job["updated_date"],
                         "annotations": job["annotations"], "assignee": job["assignee"],
                         "labels": job["labels"]}
        elif path == "/_fake/requests":
            return 200, {"requests": self.requests}
        elif path == "/_fake/violations":
            if self.proxy is None:
                return 200, {"behind_prism": False, "violations": 0, "report": "",
                             "spec_missing": getattr(self, "spec_missing", False)}
            return 200, {"behind_prism": True, "violations": len(self.proxy.violations()),
                         "report": self.proxy.report(), "exchanges": len(self.proxy.exchanges())}
        else:
            raise Refusal(404, "no such control")
        return 200, {}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        cvat = self.server.cvat
        with cvat.lock:
            cvat.connections += 1
            self.connection_id = cvat.connections
        self.n_on_connection = 0

    def do(self, method):
        cvat = self.server.cvat
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        self.n_on_connection += 1
        record = {"method": method, "path": url.path, "query": query,
                  "authorization": self.headers.get("Authorization"), "body": None,
                  "connection": self.connection_id, "n_on_connection": self.n_on_connection}
        fake = url.path.startswith("/_fake/")
        # A kept-alive connection closed as the next request comes, as an
        # idle timeout meets a request on the way: nothing of it is read.
        with cvat.lock:
            close = (not fake and self.n_on_connection > 1 and cvat.close_at_random > 0
                     and cvat.random.random() < cvat.close_at_random)
            if not fake and self.n_on_connection > 1 and cvat.close_reused > 0:
                cvat.close_reused -= 1
                close = True
            if close:
                record["status"] = "closed before reading"
                cvat.requests.append(record)
        if close:
            self.close_connection = True
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        record["body"] = body.decode("utf-8", "replace") if body else None
        # Links name the host the client asked for, as CVAT's do.
        base = f"http://{self.headers.get('Host') or '%s:%d' % self.server.server_address}"
        drop = hold = False
        retry_after = None
        if method == "PUT" and url.path.endswith("/annotations/") and cvat.put_delay > 0:
            # A slow server: the job may change while the write is on its way.
            time.sleep(cvat.put_delay)
        frame = method == "GET" and url.path.endswith("/data") and query.get("type") == "frame"
        if frame:
            with cvat.lock:
                cvat.frames_in_flight += 1
                cvat.frames_at_once = max(cvat.frames_at_once, cvat.frames_in_flight)
            time.sleep(cvat.frame_delay)
            with cvat.lock:
                held = (cvat.hold_frames_from is not None and query.get("number", "").isdigit()
                        and int(query["number"]) >= cvat.hold_frames_from)
                if held:
                    cvat.frames_held += 1
        with cvat.lock:
            if not fake:
                cvat.requests.append(record)
            storm = not fake and url.path.startswith("/api/") and (cvat.storm > 0
                                                                   or cvat.storm_of.get(method, 0) > 0)
            if frame and cvat.fail_frames_from is not None and query.get("number", "").isdigit() \
                    and int(query["number"]) >= cvat.fail_frames_from:
                status, answer = 503, {"detail": "The frame cannot be read now."}
            elif storm:
                if cvat.storm_of.get(method, 0) > 0:
                    cvat.storm_of[method] -= 1
                else:
                    cvat.storm -= 1
                status, answer = 503, {"detail": "Service unavailable, down for a moment."}
                retry_after = cvat.storm_retry_after
            else:
                try:
                    status, answer = cvat.handle(method, url.path, query, self.headers, body, base)
                except Refusal as refusal:
                    status, answer = refusal.status, {"detail": refusal.detail}
                except (KeyError, ValueError, TypeError) as error:
                    status, answer = 400, {"detail": f"malformed: {error!r}"}
            record["status"] = status
            if frame:
                cvat.frames_in_flight -= 1
            if method == "PUT" and status == 200 and url.path.endswith("/annotations/"):
                if cvat.drop_after_put > 0:
                    cvat.drop_after_put -= 1
                    drop = True
                if cvat.hold_put is not None:
                    hold, event = True, cvat.hold_put
                    cvat.hold_put = None
            if (method == "PATCH" and status == 200 and re.fullmatch(r"/api/jobs/\d+", url.path)
                    and cvat.drop_after_patch > 0):
                cvat.drop_after_patch -= 1
                drop = True
            if (not fake and status == 200 and cvat.malformed is not None and cvat.malformed_count > 0
                    and re.search(MALFORMED[cvat.malformed][0], url.path)):
                cvat.malformed_count -= 1
                change = MALFORMED[cvat.malformed][1]
                record["malformed"] = cvat.malformed
                if cvat.malformed == "huge":
                    answer = (CONTENT_TYPE, None)
                elif isinstance(change, bytes):
                    answer = (CONTENT_TYPE, change)
                elif not isinstance(answer, tuple):
                    answer = change(answer)
        if hold:
            cvat.held.set()
            event.wait(120)
        if drop:
            record["dropped"] = True
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if answer is None:
            kind, data = None, b""
        elif isinstance(answer, tuple):
            kind, data = answer
        else:
            kind, data = CONTENT_TYPE, json.dumps(answer).encode()
        self.send_response(status)
        if kind is not None:
            self.send_header("Content-Type", kind)
        if retry_after is not None:
            self.send_header("Retry-After", retry_after)
        if data is None:
            # A huge answer, written as it goes: the client stops reading.
            self.send_header("Content-Length", str(HUGE_BYTES))
            self.end_headers()
            chunk = b'{"results": [' + b" " * (1024 * 1024)
            try:
                for _ in range(HUGE_BYTES // len(chunk)):
                    self.wfile.write(chunk)
                self.wfile.write(b" " * (HUGE_BYTES % len(chunk)))
            except OSError:
                pass
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if frame and held:
            # A held frame comes a byte at a time, as on a slow line that
            # never goes quiet, until the test lets it go.
            sent = 0
            try:
                while not cvat.frames_let_go.wait(1) and sent < len(data) - 1:
                    self.wfile.write(data[sent:sent + 1])
                    self.wfile.flush()
                    sent += 1
                cvat.frames_let_go.wait(120)
            except OSError:
                # The client stopped waiting for it.
                self.close_connection = True
                return
            finally:
                with cvat.lock:
                    cvat.frames_held -= 1
            data = data[sent:]
        self.wfile.write(data)

    def do_GET(self):
        self.do("GET")

    def do_PUT(self):
        self.do("PUT")

    def do_PATCH(self):
        self.do("PATCH")

    def do_POST(self):
        self.do("POST")

    def do_DELETE(self):
        self.do("DELETE")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def start(cvat, port=0):
    server = Server(("127.0.0.1", port), Handler)
    server.cvat = cvat
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def demo_jobs(cvat):
    """The jobs a test process starts with: job 7 of three frames from
    frame 100, with a box (rotated, with an attribute), a polygon, a tag
    and a polyline the client cannot show; job 8, a video; jobs 9 to 16,
    21 and 22 of label "thing", 11 not the worker's; job 31 (turned_jobs());
    jobs 41 to 45; job 51 of one frame, boxes of "car" and the tags "day"
    and "night"."""
    cvat.add_job(7, [("car", "rectangle", "#e01b24", [("color", ["red", "blue"])]),
                     ("person", "polygon", "#33d17a", []),
                     ("thing", "any", "#3584e4", []),
                     ("night", "tag", "#000000", []),
                     ("road", "polyline", "#777777", [])],
                 [(64, 48), (64, 48), (64, 48)], start_frame=100)
    car, person, night, road = (cvat.label_id(7, n) for n in ("car", "person", "night", "road"))
    color = cvat.spec_id(7, "car", "color")
    job = cvat.jobs[7]
    job["annotations"]["shapes"] += [
        cvat.stored({"type": "rectangle", "frame": 100, "label_id": car, "points": [10.5, 12.0, 30.25, 40.0],
                     "rotation": 15.0, "attributes": [{"spec_id": color, "value": "blue"}]}, True),
        cvat.stored({"type": "polygon", "frame": 101, "label_id": person,
                     "points": [5.0, 5.0, 20.0, 6.0, 12.0, 30.0]}, True),
        cvat.stored({"type": "polyline", "frame": 101, "label_id": road, "points": [0.0, 40.0, 63.0, 41.0]}, True)]
    job["annotations"]["tags"] += [cvat.stored({"frame": 102, "label_id": night}, False)]
    cvat.add_job(8, [("car", "rectangle", "#e01b24", [])], [(64, 48)] * 4, chunk_type="video",
                 mode="interpolation", task_name="Drive")
    for job_id, frames, assignee in ((9, 2, USERNAME), (10, 2, USERNAME), (11, 2, "banana"), (12, 1, USERNAME),
                                     (13, 2, USERNAME), (14, 2, USERNAME), (15, 8, USERNAME), (16, 1, USERNAME)):
        cvat.add_job(job_id, [("thing", "any", "#3584e4", [])], [(64, 48)] * frames, assignee=assignee)
    # Jobs 21 and 22, of 6 and 3 frames, for claims whose frames are held.
    for job_id, frames in ((21, 6), (22, 3)):
        cvat.add_job(job_id, [("thing", "any", "#3584e4", [])], [(64, 48)] * frames)
    turned_jobs(cvat)
    # Job 41, a box on the first of its two frames, and jobs 42 to 45 of
    # "thing", for releases and for frames that come at the next sync.
    cvat.add_job(41, [("car", "rectangle", "#e01b24", [])], [(64, 48)] * 2, task_name="Released")
    cvat.jobs[41]["annotations"]["shapes"].append(
        cvat.stored({"type": "rectangle", "frame": 0, "label_id": cvat.label_id(41, "car"),
                     "points": [4.0, 6.0, 20.0, 18.0]}, True))
    for job_id, frames in ((42, 3), (43, 3), (44, 2), (45, 2)):
        cvat.add_job(job_id, [("thing", "any", "#3584e4", [])], [(64, 48)] * frames)
    cvat.add_job(51, [("car", "rectangle", "#e01b24", []), ("day", "tag", "#f6d32d", []),
                      ("night", "tag", "#000000", [])], [(64, 48)], task_name="Day or night")


def turned_jobs(cvat):
    """Job 31: turned boxes on two frames (as CVAT keeps them, degrees
    clockwise about the box's centre), numbers exact in binary so that a
    moved box has exact coordinates too, and a polygon that carries a
    rotation of its own, which the client cannot show."""
    cvat.add_job(31, [("car", "rectangle", "#e01b24", []), ("lane", "polygon", "#33d17a", [])],
                 [(64, 48), (64, 48)], task_name="Turned")
    car, lane = cvat.label_id(31, "car"), cvat.label_id(31, "lane")
    cvat.jobs[31]["annotations"]["shapes"] += [
        cvat.stored({"type": "rectangle", "frame": 0, "label_id": car, "points": [10.5, 12.25, 40.75, 30.5],
                     "rotation": 33.5, "z_order": 2}, True),
        cvat.stored({"type": "polygon", "frame": 0, "label_id": lane, "rotation": 10.0,
                     "points": [1.0, 1.0, 9.0, 1.0, 5.0, 7.0]}, True),
        cvat.stored({"type": "rectangle", "frame": 1, "label_id": car, "points": [20.0, 8.5, 44.0, 20.25],
                     "rotation": 300.0}, True)]


def announce(lines):
    """Writes the lines a test reads at start in one write, before it can
    close its end, and keeps serving if it has stopped reading anyway."""
    try:
        os.write(sys.stdout.fileno(), ("\n".join(lines) + "\n").encode())
    except BrokenPipeError:
        pass
    sys.stdout = open(os.devnull, "w")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--until-stdin-closes", action="store_true",
                        help="stop when standard input closes, as when the test that started it ends")
    parser.add_argument("--jpeg-job", metavar="JOB,FRAMES,WIDTH,HEIGHT,PATH",
                        help="serve only job JOB of FRAMES frames of WIDTH x HEIGHT, each the JPEG at "
                             "PATH (read once), in pages of 100")
    parser.add_argument("--behind-prism", action="store_true",
                        help="put prism, the validating proxy of the published spec, in front: print "
                             "its URL, then the fake's own for /_fake/ requests (GET /_fake/violations "
                             "lists what prism refused)")
    args = parser.parse_args()
    cvat = Cvat()
    if args.jpeg_job:
        job, frames, width, height, path = args.jpeg_job.split(",", 4)
        with open(path, "rb") as f:
            cvat.jpeg = f.read()
        cvat.max_page_size = 100
        cvat.add_job(int(job), [("thing", "any", "#3584e4", [])], [(int(width), int(height))] * int(frames))
    else:
        demo_jobs(cvat)
    server, base = start(cvat, args.port)
    proxy = None
    if args.behind_prism:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import prism  # noqa: E402
        try:
            proxy = prism.Proxy("cvat", base, gaps=prism.KNOWN_GAPS["cvat"]).__enter__()
            cvat.proxy = proxy
            lines = [proxy.url, base]
        except prism.Unavailable as error:
            print(f"# prism is not in front: {error}", file=sys.stderr, flush=True)
            cvat.spec_missing = isinstance(error, prism.SpecMissing)
            lines = [base, base]
    else:
        lines = [base]
    announce(lines)
    try:
        if args.until_stdin_closes:
            sys.stdin.read()
        else:
            threading.Event().wait()
    except KeyboardInterrupt:
        pass
    if proxy is not None:
        proxy.close()
    server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
