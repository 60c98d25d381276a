# SPDX-License-Identifier: GPL-3.0-or-later
"""A validating proxy built from a platform's published API description,
for tests that put it between the client and a fake server:

    with prism.Proxy("label-studio", upstream_url,
                     gaps=prism.KNOWN_GAPS["label-studio"]) as proxy:
        ... the client talks to proxy.url ...
        check(not proxy.violations(), "every request is one the spec allows",
              proxy.report())

Stoplight's Prism (`prism proxy --errors SPEC URL`, installed by
build-aux/install-test-tools) checks each request against the spec and
refuses one the spec refuses: 422 for a body or parameter the spec does not
allow, 401 for missing credentials, 404 or 405 for a path or method the spec
does not list. Prism alone would change what the client sees, so it sits
between two small parts of this module:

    client -> gate -> prism --errors -> dispatcher -> upstream

The gate records every request with prism's verdict. The dispatcher sends
the client's own request upstream, byte for byte (prism re-serializes JSON
bodies), and hands the upstream's answer back to the gate, which gives it
to the client unchanged: a 303 to another origin reaches the client as a
303 (prism would follow it, sending the token along), a 501 is not replaced
by a mocked answer, and an answer the spec does not describe reaches the
client as it was while prism's complaints about it are kept apart in
response_violations(), since they are the fake's fault, not the client's.
A connection the upstream closes without answering is closed on the client.
Connection reuse is not carried through: each request reaches the upstream
on a connection of its own.

A request to a path the spec does not list is recorded as outside the spec
and answered by prism's 404, unless the test names it among the known gaps
of the published spec (`gaps`, see KNOWN_GAPS); then it goes straight
upstream and is recorded as an allowed gap.

Prism takes seconds to read a spec (see HACKING.md), so a test file starts
one proxy and keeps it for all its cases.
"""

import http.client
import http.server
import json
import os
import re
import socket
import socketserver
import subprocess
import threading
import time
import urllib.parse

SPECS = {
    "cvat": "cvat-2.72.0-openapi.json",
    "label-studio": "label-studio-openapi.yaml",
}

# Requests the platforms serve, as ../shared/specs/README.md describes
# them, that their published files leave out. A test that makes them passes
# them as `gaps`; `{name}` matches one path segment, `{name*}` the rest of
# the path.
KNOWN_GAPS = {
    "cvat": [],
    "label-studio": [
        # The next task of a project, locked for the caller.
        ("GET", "/api/projects/{id}/next/"),
        # Drafts.
        ("POST", "/api/tasks/{id}/drafts"),
        ("PATCH", "/api/drafts/{id}/"),
        ("DELETE", "/api/drafts/{id}/"),
        # Cloud media, answered by a 303 to a presigned URL.
        ("GET", "/tasks/{id}/resolve/"),
        # Uploaded media: the spec lists /data/upload/{filename} with one
        # segment, the server keeps them under a project's folder.
        ("GET", "/data/upload/{path*}"),
    ],
}

_ID_HEADER = "X-Piecework-Proxy-Exchange"
_HIDDEN_LOCATION = "X-Piecework-Proxy-Location"
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
               "trailer", "trailers", "transfer-encoding", "upgrade", "proxy-connection"}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Unavailable(Exception):
    """Prism or a spec is missing; the message says why, for a SKIP line."""


class SpecMissing(Unavailable):
    """The published spec is not beside the project (../shared/specs): the
    tests that need it skip, even where the test tools must be there."""


def source_root():
    root = os.environ.get("PW_SOURCE_ROOT")
    if root:
        return root
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def specs_dir():
    return os.path.normpath(os.path.join(source_root(), "..", "shared", "specs"))


def _pinned_version():
    path = os.path.join(source_root(), "build-aux", "test-tools", "package.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)["dependencies"]["@stoplight/prism-cli"]


def _tools_dir():
    # Set by tests/meson.build from build-aux/install-test-tools --print-dir,
    # since the test harness gives each test a throwaway HOME and cache.
    if os.environ.get("PW_TEST_TOOLS_DIR"):
        return os.environ["PW_TEST_TOOLS_DIR"]
    out = subprocess.run([os.path.join(source_root(), "build-aux", "install-test-tools"),
                          "--print-dir"], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def find_prism():
    """The path of the prism executable, or raises Unavailable saying why."""
    version = _pinned_version()
    base = os.path.join(_tools_dir(), f"prism-{version}")
    exe = os.path.join(base, "node_modules", ".bin", "prism")
    if os.access(exe, os.X_OK):
        return exe
    try:
        with open(base + ".unavailable", encoding="utf-8") as f:
            reason = f.read().strip()
    except OSError:
        reason = "build-aux/install-test-tools has not run (make check runs it)"
    raise Unavailable(f"prism {version} is not installed in {base}: {reason}")


def find_spec(platform):
    path = os.path.join(specs_dir(), SPECS[platform])
    if not os.path.exists(path):
        raise SpecMissing(f"the published spec {path} is missing "
                          "(../shared/specs beside the project's root)")
    return path


def _template_re(template):
    parts = re.split(r"(\{[^}/]+\})", template)
    return re.compile("^" + "".join((".+" if p.endswith("*}") else "[^/]+") if p.startswith("{")
                                    else re.escape(p) for p in parts) + "$")


class Exchange(dict):
    """One request of the client and what became of it:
    method, path (with query), verdict ('valid', 'refused', 'outside',
    'gap'), request_violations (prism's reasons), response_violations,
    status (what the client got, None for a closed connection),
    upstream_status (None when the request never reached the upstream)."""


class _Gate(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def _read_body(handler):
    if handler.headers.get("Transfer-Encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int(handler.rfile.readline().split(b";")[0].strip(), 16)
            if size == 0:
                while handler.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(handler.rfile.read(size))
            handler.rfile.readline()
    length = int(handler.headers.get("Content-Length") or 0)
    return handler.rfile.read(length) if length else None


def _send(handler, status, reason, headers, body):
    handler.send_response_only(status, reason)
    for name, value in headers:
        if name.lower() not in _HOP_BY_HOP and name.lower() != "content-length":
            handler.send_header(name, value)
    if status >= 200 and status not in (204, 304):
        handler.send_header("Content-Length", str(len(body or b"")))
    handler.end_headers()
    if body and handler.command != "HEAD":
        handler.wfile.write(body)


def _request(host, port, method, path, headers, body, timeout):
    """Sends one request on a connection of its own; returns (status, reason,
    [(name, value)], body)."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers:
            if name.lower() not in _HOP_BY_HOP and name.lower() != "content-length":
                conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        answer = conn.getresponse()
        data = answer.read()
        return answer.status, answer.reason, answer.getheaders(), data
    finally:
        conn.close()


class Proxy:
    """Starts prism for PLATFORM ('cvat' or 'label-studio') in front of
    UPSTREAM (a base URL on loopback). Use as a context manager; `url` is
    what the client is given. `gaps` lists the (METHOD, PATH TEMPLATE) pairs
    the spec leaves out that the test allows, usually taken from
    KNOWN_GAPS[platform]; any other path outside the spec is a violation."""

    def __init__(self, platform, upstream, gaps=(), start_timeout=300, request_timeout=120):
        self.platform = platform
        self.spec = find_spec(platform)
        self.prism_exe = find_prism()
        parsed = urllib.parse.urlsplit(upstream)
        if parsed.scheme != "http" or not parsed.hostname:
            raise ValueError(f"the upstream must be an http:// URL, not {upstream}")
        self.upstream = (parsed.hostname, parsed.port or 80)
        self.upstream_prefix = parsed.path.rstrip("/")
        self.gaps = [(m.upper(), t, _template_re(t)) for m, t in gaps]
        self.start_timeout = start_timeout
        self.request_timeout = request_timeout
        self.url = None
        self.startup_seconds = None
        self.log = []
        self._exchanges = []
        self._pending = {}
        self._lock = threading.Lock()
        self._counter = 0
        self._prism = None
        self._prism_port = None
        self._servers = []

    # What the test reads

    def exchanges(self):
        with self._lock:
            return [Exchange(e) for e in self._exchanges]

    def violations(self):
        """The requests the spec refused or does not list (and no gap
        names), each with prism's reasons."""
        return [e for e in self.exchanges() if e["verdict"] in ("refused", "outside")]

    def response_violations(self):
        """The upstream's answers that the spec does not describe."""
        return [e for e in self.exchanges() if e["response_violations"]]

    def gaps_used(self):
        return [e for e in self.exchanges() if e["verdict"] == "gap"]

    def clear(self):
        with self._lock:
            self._exchanges.clear()

    @staticmethod
    def describe(exchanges):
        lines = []
        for e in exchanges:
            lines.append(f"{e['method']} {e['path']} -> {e['verdict']}, client got {e['status']}"
                         f", upstream {e['upstream_status']}")
            for v in e["request_violations"]:
                lines.append(f"  request: {v}")
            for v in e["response_violations"]:
                lines.append(f"  response: {v}")
        return "\n".join(lines)

    def report(self):
        """What a failing check prints: the refused and unlisted requests."""
        return self.describe(self.violations())

    # Starting and stopping

    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def _start(self):
        if self._prism is None:  # not already started by start_all()
            self._spawn()
        self._await()

    def _spawn(self):
        self._started = time.monotonic()
        dispatcher = self._serve(self._dispatcher_handler())
        self._gate = self._serve(self._gate_handler())
        env = dict(os.environ, NO_COLOR="1", FORCE_COLOR="0")
        # Port 0: the system picks a free one and prism says which. Prism
        # stays in the test's process group, so that meson's kill on a
        # timeout, or a Ctrl+C, ends it with the test.
        self._prism = subprocess.Popen(
            [self.prism_exe, "proxy", "--errors", "--host", "127.0.0.1", "--port", "0",
             "--cors", "false", self.spec,
             f"http://127.0.0.1:{dispatcher.server_address[1]}"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env=env)
        self._listening = threading.Event()
        threading.Thread(target=self._read_log, args=(self._prism.stdout, self._listening),
                         daemon=True).start()

    def _await(self):
        deadline = self._started + self.start_timeout
        while not self._listening.wait(0.2):
            if self._prism.poll() is not None:
                raise RuntimeError(f"prism exited with {self._prism.returncode} before it "
                                   f"listened:\n" + "\n".join(self.log[-20:]))
            if time.monotonic() > deadline:
                raise RuntimeError(f"prism did not listen within {self.start_timeout} s:\n"
                                   + "\n".join(self.log[-20:]))
        self.startup_seconds = time.monotonic() - self._started
        self.url = f"http://127.0.0.1:{self._gate.server_address[1]}"

    def _read_log(self, stream, listening):
        pattern = re.compile(r"Prism is listening on http://[^:]+:(\d+)")
        for raw in stream:
            line = _ANSI.sub("", raw.decode("utf-8", "replace").rstrip("\n"))
            with self._lock:
                self.log.append(line)
                if len(self.log) > 2000:
                    del self.log[:1000]
            m = pattern.search(line)
            if m and not listening.is_set():
                self._prism_port = int(m.group(1))
                listening.set()

    def _serve(self, handler):
        server = _Gate(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self._servers.append(server)
        return server

    def close(self):
        if self._prism is not None and self._prism.poll() is None:
            self._prism.terminate()
            try:
                self._prism.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._prism.kill()
                self._prism.wait()
        if self._prism is not None and self._prism.stdout:
            self._prism.stdout.close()
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers = []

    # The two halves around prism

    def _gap_for(self, method, path):
        bare = urllib.parse.urlsplit(path).path
        for m, template, pattern in self.gaps:
            if m == method and pattern.match(bare):
                return template
        return None

    def _upstream_call(self, original):
        host, port = self.upstream
        return _request(host, port, original["method"], self.upstream_prefix + original["path"],
                        original["headers"], original["body"], self.request_timeout)

    def _exchange(self, handler):
        """The gate: one request of the client."""
        body = _read_body(handler)
        method, path = handler.command, handler.path
        headers = [(k, v) for k, v in handler.headers.items() if k.lower() != _ID_HEADER.lower()]
        with self._lock:
            self._counter += 1
            key = str(self._counter)
            self._pending[key] = {"method": method, "path": path, "headers": headers,
                                  "body": body, "answer": None, "error": None}
        record = {"method": method, "path": path, "verdict": None, "request_violations": [],
                  "response_violations": [], "status": None, "upstream_status": None}
        try:
            status, reason, answer_headers, answer = _request(
                "127.0.0.1", self._prism_port, method, path,
                headers + [(_ID_HEADER, key)], body, self.request_timeout)
        except (OSError, http.client.HTTPException) as e:
            status, reason, answer_headers, answer = 502, "Bad Gateway", [], str(e).encode()
            record["request_violations"].append(f"prism did not answer: {e}")
        with self._lock:
            original = self._pending.pop(key)
        problem = {}
        if dict((k.lower(), v) for k, v in answer_headers).get(
                "content-type", "").startswith("application/problem+json"):
            try:
                problem = json.loads(answer)
            except ValueError:
                problem = {}
        kind = str(problem.get("type", "")).rsplit("#", 1)[-1]
        for v in _header_violations(answer_headers):
            side = "response_violations" if v.get("location", [""])[0] == "response" \
                else "request_violations"
            record[side].append(_format_violation(v))

        if original["answer"] is not None or original["error"] is not None:
            # The upstream was reached: the client gets what it answered.
            if original["error"] is not None:
                record["verdict"] = "valid"
                record["status"] = None
                self._record(record)
                handler.close_connection = True
                return
            status, reason, answer_headers, answer = original["answer"]
            record["upstream_status"] = status
            record["verdict"] = "valid"
        elif kind in ("NO_PATH_MATCHED_ERROR", "NO_METHOD_MATCHED_ERROR"):
            gap = self._gap_for(method, path)
            if gap is not None:
                record["verdict"] = "gap"
                record["request_violations"] = []
                try:
                    status, reason, answer_headers, answer = self._upstream_call(original)
                except (OSError, http.client.HTTPException):
                    record["status"] = None
                    self._record(record)
                    handler.close_connection = True
                    return
                record["upstream_status"] = status
            else:
                record["verdict"] = "outside"
                record["request_violations"].append(
                    f"outside the spec: {problem.get('title', kind)}: {problem.get('detail', '')}")
        else:
            # Refused by prism (422 with the reasons, 401, ...) or prism
            # failed: the request never reached the upstream.
            record["verdict"] = "refused"
            reasons = [_format_violation(v) for v in problem.get("validation", [])]
            if not reasons:
                reasons = [f"{status} {problem.get('title', reason)}"
                           f"{': ' + problem['detail'] if problem.get('detail') else ''}"]
            record["request_violations"] += reasons
        record["status"] = status
        self._record(record)
        _send(handler, status, reason, answer_headers, answer)

    def _record(self, record):
        with self._lock:
            self._exchanges.append(record)

    def _dispatch(self, handler):
        """The dispatcher: prism let a request through; send the client's
        own request upstream and keep the answer for the gate."""
        _read_body(handler)
        key = handler.headers.get(_ID_HEADER)
        with self._lock:
            original = self._pending.get(key)
        if original is None:
            _send(handler, 502, "Bad Gateway", [("Content-Type", "text/plain")],
                  b"a request reached the upstream side without the gate's mark")
            return
        try:
            answer = self._upstream_call(original)
        except (OSError, http.client.HTTPException) as e:
            original["error"] = str(e)
            handler.close_connection = True
            return
        original["answer"] = answer
        status, reason, headers, body = answer
        # Prism follows redirects; hide where they lead so it does not.
        shown = [(_HIDDEN_LOCATION if k.lower() == "location" else k, v) for k, v in headers]
        _send(handler, status, reason, shown, body)

    def _gate_handler(self):
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle_one_request(self):
                try:
                    self.raw_requestline = self.rfile.readline(65537)
                    if not self.raw_requestline:
                        self.close_connection = True
                        return
                    if not self.parse_request():
                        return
                    proxy._exchange(self)
                    self.wfile.flush()
                except (ConnectionError, socket.timeout):
                    self.close_connection = True

            def log_message(self, *args):
                pass

        return Handler

    def _dispatcher_handler(self):
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle_one_request(self):
                try:
                    self.raw_requestline = self.rfile.readline(65537)
                    if not self.raw_requestline:
                        self.close_connection = True
                        return
                    if not self.parse_request():
                        return
                    proxy._dispatch(self)
                    self.wfile.flush()
                except (ConnectionError, socket.timeout):
                    self.close_connection = True

            def log_message(self, *args):
                pass

        return Handler


def _format_violation(v):
    where = ".".join(str(p) for p in v.get("location", []))
    return f"{where}: [{v.get('severity', '?')}] {v.get('message', '')}"


def _header_violations(headers):
    for name, value in headers:
        if name.lower() == "sl-violations":
            try:
                return list(json.loads(value))
            except ValueError:
                return [{"location": ["response"], "message": value}]
    return []


def start_all(*proxies):
    """Starts several proxies side by side, as each takes seconds to read
    its spec; on a failure stops them all and raises it. Close them (or use
    each as a context manager) when done."""
    try:
        for p in proxies:
            p._spawn()
        for p in proxies:
            p._await()
    except BaseException:
        for p in proxies:
            p.close()
        raise
    return proxies
