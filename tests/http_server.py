#!/usr/bin/env python3
"""http_server.py - the local HTTP server that wfc's tests send requests to.

Python's standard library only. It listens on 127.0.0.1 on two free ports,
one with plain HTTP and one with TLS (the self-signed certificate of
testdata/http/, for 127.0.0.1 and localhost), and writes "PORT CLOSED_PORT
TLS_PORT" to --port-file once it accepts connections (CLOSED_PORT is a port
that was free a moment ago and that nothing listens on: connecting to it is
refused). Both ports serve the endpoints below. It ends with its parent
process (--parent PID) when the driver that started it could not stop it.
tests/http_server.sh starts and stops it for the drivers.

Endpoints (any method unless said):
  /echo...               200 JSON: method, path, query (raw), args (name ->
                         [values]), headers (lower-case names), body (text,
                         or null when empty; body_base64 when not UTF-8), json
  /status/N              status N: a JSON body {"error": {...}} below 500,
                         text/plain "status N" from 500 (none for 204, 304)
  /type/json, /type/problem (application/problem+json), /type/text,
  /type/html, /type/binary, /type/none (no Content-Type), /type/empty
  (JSON type, no body), /type/bad-json, /type/latin1 (text, not UTF-8)
  /headers               headers in several cases, one of them repeated
  /slow/S                answers after S seconds
  /redirect/N            302 N times, then to /echo; /redirect-303,
                         /redirect-307, /redirect-308 once to /echo;
                         /redirect-placeholder to http://wfc-test.invalid/echo;
                         /redirect-cross to the same server as "localhost"
                         (another origin); /loop redirects to itself
  /big/N                 N bytes of application/octet-stream
  /truncated             announces 100000 bytes, sends 10 and closes
  /flaky/KEY/N           503 for the first N requests of KEY, then 200
  /auth                  200 {"kind": ...} for a known bearer token, else 401
  /computeMetadata/v1/instance/service-accounts/default/token and .../identity
                         a fake metadata server (Metadata-Flavor: Google);
                         its tokens carry the scopes or audience asked for,
                         which /auth reports
  /v1/projects/P/locations/L/customJobs[/N]
                         a fake of the Vertex AI custom-jobs API: POST checks
                         the bearer token and the body (displayName,
                         jobSpec.workerPoolSpecs) and creates a job in state
                         JOB_STATE_PENDING; each GET moves it on, to
                         RUNNING, then SUCCEEDED, or FAILED when its
                         displayName or an imageUri has "fail" in it
"""

import argparse
import base64
import json
import os
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ACCESS_TOKEN = "wfc-test-access-token"
ID_TOKEN = "wfc-test-id-token"
PLACEHOLDER = "http://wfc-test.invalid"

lock = threading.Lock()
flaky_counts = {}
jobs = {}


def b64(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()


def token_kind(header):
    """What a bearer token is: access, id, metadata-access or metadata-id
    (with the scopes or audience it was made for), or None."""
    if not header or not header.startswith("Bearer "):
        return None
    token = header[len("Bearer "):]
    if token == ACCESS_TOKEN:
        return {"kind": "access"}
    if token == ID_TOKEN:
        return {"kind": "id"}
    try:
        if token.startswith("meta-access."):
            return {"kind": "metadata-access", "scopes": unb64(token[len("meta-access."):])}
        if token.startswith("meta-id."):
            return {"kind": "metadata-id", "audience": unb64(token[len("meta-id."):])}
    except ValueError:
        pass
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "wfc-test"
    sys_version = ""

    def log_message(self, format, *args):  # quiet unless asked
        if self.server.verbose:
            sys.stderr.write("http_server: " + (format % args) + "\n")

    # ---- answers ----

    def answer(self, code, body=b"", ctype=None, headers=()):
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        for name, value in headers:
            self.send_header(name, value)
        no_body = code in (204, 304) or 100 <= code < 200
        if not no_body:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and not no_body:
            self.wfile.write(body)

    def json(self, code, value, ctype="application/json; charset=utf-8", headers=()):
        self.answer(code, json.dumps(value).encode(), ctype, headers)

    def text(self, code, text, ctype="text/plain; charset=utf-8"):
        self.answer(code, text.encode(), ctype)

    def redirect(self, code, location):
        self.answer(code, b"", None, [("Location", location)])

    def google_error(self, code, status, message):
        self.json(code, {"error": {"code": code, "message": message, "status": status}})

    # ---- dispatch ----

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def route(self):
        url = urllib.parse.urlsplit(self.path)
        self.query = url.query
        self.body = self.read_body()
        parts = [p for p in url.path.split("/") if p]
        name = parts[0] if parts else ""
        handler = getattr(self, "ep_" + name.replace("-", "_"), None)
        if name.startswith("echo"):
            handler = self.ep_echo
        if name == "v1":
            handler = self.ep_vertex
        if name == "computeMetadata":
            handler = self.ep_metadata
        if handler is None:
            self.json(404, {"error": "no such endpoint: " + url.path})
            return
        try:
            handler(parts[1:])
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = route

    # ---- endpoints ----

    def ep_echo(self, parts):
        out = {
            "method": self.command,
            "path": urllib.parse.urlsplit(self.path).path,
            "query": self.query,
            "args": urllib.parse.parse_qs(self.query, keep_blank_values=True),
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": None,
            "json": None,
        }
        if self.body:
            try:
                out["body"] = self.body.decode("utf-8")
                out["json"] = json.loads(out["body"])
            except UnicodeDecodeError:
                out["body_base64"] = base64.b64encode(self.body).decode()
            except ValueError:
                pass
        self.json(200, out)

    def ep_status(self, parts):
        code = int(parts[0])
        if code >= 500:
            self.text(code, "status %d" % code)
        else:
            self.json(code, {"error": {"code": code, "message": "status %d" % code}})

    def ep_type(self, parts):
        kind = parts[0] if parts else ""
        if kind == "json":
            self.json(200, {"a": 1, "b": [True, None, 2.5], "s": "x"})
        elif kind == "problem":
            self.json(200, {"title": "a problem"}, "application/problem+json")
        elif kind == "text":
            self.text(200, "hello, world\n")
        elif kind == "html":
            self.text(200, "<p>hi</p>", "text/html")
        elif kind == "binary":
            self.answer(200, bytes([0, 1, 2, 255]), "application/octet-stream")
        elif kind == "none":
            self.answer(200, b"no type")
        elif kind == "empty":
            self.answer(200, b"", "application/json")
        elif kind == "bad-json":
            self.answer(200, b"{not json", "application/json")
        elif kind == "latin1":
            self.answer(200, "caf\u00e9".encode("latin-1"), "text/plain; charset=iso-8859-1")
        else:
            self.json(404, {"error": "no such type"})

    def ep_headers(self, parts):
        self.send_response(200)
        self.send_header("X-Custom", "one")
        self.send_header("x-lower-case", "two")
        self.send_header("X-Multi", "a")
        self.send_header("X-Multi", "b")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def ep_slow(self, parts):
        seconds = float(parts[0])
        time.sleep(seconds)
        self.json(200, {"slept": seconds})

    def ep_redirect(self, parts):
        n = int(parts[0]) if parts else 0
        self.redirect(302, "/redirect/%d" % (n - 1) if n > 0 else "/echo")

    def ep_redirect_303(self, parts):
        self.redirect(303, "/echo")

    def ep_redirect_307(self, parts):
        self.redirect(307, "/echo")

    def ep_redirect_308(self, parts):
        self.redirect(308, "/echo")

    def ep_redirect_placeholder(self, parts):
        self.redirect(302, PLACEHOLDER + "/echo")

    def ep_redirect_cross(self, parts):
        self.redirect(302, "http://localhost:%d/echo" % self.server.server_address[1])

    def ep_loop(self, parts):
        self.redirect(302, "/loop")

    def ep_big(self, parts):
        self.answer(200, b"x" * int(parts[0]), "application/octet-stream")

    def ep_truncated(self, parts):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"0123456789")
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def ep_garbage(self, parts):
        # Bytes that are no HTTP response at all, then the end.
        self.wfile.write(b"SSH-2.0-not-http\r\n\x00\xff garbage\r\n\r\n")
        self.wfile.flush()
        self.close_connection = True

    def ep_reset(self, parts):
        # The connection reset (RST) before any response: SO_LINGER 0.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def ep_flaky(self, parts):
        key, failures = parts[0], int(parts[1])
        with lock:
            flaky_counts[key] = flaky_counts.get(key, 0) + 1
            count = flaky_counts[key]
        if count <= failures:
            self.text(503, "try again")
        else:
            self.json(200, {"attempts": count})

    def ep_auth(self, parts):
        kind = token_kind(self.headers.get("Authorization"))
        if kind is None:
            self.json(401, {"error": "no valid bearer token"})
        else:
            self.json(200, kind)

    # ---- a fake metadata server ----

    def ep_metadata(self, parts):
        flavor = [("Metadata-Flavor", "Google")]
        if self.headers.get("Metadata-Flavor") != "Google":
            self.answer(403, b"Missing Metadata-Flavor:Google header", "text/plain", flavor)
            return
        args = urllib.parse.parse_qs(self.query)
        what = parts[-1] if parts else ""
        if what == "token":
            scopes = args.get("scopes", [""])[0]
            self.json(200, {"access_token": "meta-access." + b64(scopes), "expires_in": 3599,
                            "token_type": "Bearer"}, "application/json", flavor)
        elif what == "identity":
            audience = args.get("audience", [""])[0]
            self.answer(200, ("meta-id." + b64(audience)).encode(), "text/html", flavor)
        else:
            self.answer(404, b"not found", "text/plain", flavor)

    # ---- a fake of Vertex AI custom jobs ----

    def ep_vertex(self, parts):
        # projects P locations L customJobs [N]
        if len(parts) < 5 or parts[0] != "projects" or parts[2] != "locations" or \
                parts[4] != "customJobs" or len(parts) > 6:
            self.google_error(404, "NOT_FOUND", "unknown resource")
            return
        kind = token_kind(self.headers.get("Authorization"))
        if kind is None or kind["kind"] not in ("access", "metadata-access"):
            self.google_error(401, "UNAUTHENTICATED",
                              "Request is missing required authentication credential.")
            return
        parent = "projects/%s/locations/%s" % (parts[1], parts[3])
        if len(parts) == 5 and self.command == "POST":
            self.create_job(parent)
        elif len(parts) == 6 and self.command == "GET":
            self.get_job(parent + "/customJobs/" + parts[5])
        else:
            self.google_error(405, "METHOD_NOT_ALLOWED", "unsupported method")

    def job_problem(self):
        """What is wrong with the body of a job, or None."""
        try:
            job = json.loads(self.body.decode("utf-8"))
        except ValueError:
            return "the body is not JSON"
        if not isinstance(job, dict):
            return "the body is not an object"
        if not isinstance(job.get("displayName"), str) or not job["displayName"]:
            return "displayName is required"
        pools = (job.get("jobSpec") or {}).get("workerPoolSpecs")
        if not isinstance(pools, list) or not pools:
            return "jobSpec.workerPoolSpecs is required"
        for pool in pools:
            if not isinstance(pool, dict) or \
                    not isinstance((pool.get("machineSpec") or {}).get("machineType"), str) or \
                    not isinstance((pool.get("containerSpec") or {}).get("imageUri"), str) or \
                    not isinstance(pool.get("replicaCount"), int):
                return "each worker pool needs machineSpec.machineType, replicaCount and " \
                       "containerSpec.imageUri"
        return None

    def create_job(self, parent):
        problem = self.job_problem()
        if problem:
            self.google_error(400, "INVALID_ARGUMENT", problem)
            return
        job = json.loads(self.body.decode("utf-8"))
        with lock:
            number = len(jobs) + 1
            name = "%s/customJobs/%d" % (parent, number)
            jobs[name] = {"name": name, "displayName": job["displayName"],
                          "jobSpec": job["jobSpec"], "state": "JOB_STATE_PENDING",
                          "createTime": "2024-01-01T00:00:00Z"}
            out = dict(jobs[name])
        self.json(200, out)

    def get_job(self, name):
        with lock:
            job = jobs.get(name)
            if job is not None:
                if job["state"] == "JOB_STATE_PENDING":
                    job["state"] = "JOB_STATE_RUNNING"
                elif job["state"] == "JOB_STATE_RUNNING":
                    images = [(pool.get("containerSpec") or {}).get("imageUri", "")
                              for pool in job["jobSpec"]["workerPoolSpecs"]]
                    failed = any("fail" in text.lower() for text in [job["displayName"]] + images)
                    job["state"] = "JOB_STATE_FAILED" if failed else "JOB_STATE_SUCCEEDED"
                    if failed:
                        job["error"] = {"code": 3, "message": "the job failed, as asked"}
                job = dict(job)
        if job is None:
            self.google_error(404, "NOT_FOUND", "no job " + name)
        else:
            self.json(200, job)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        if self.verbose:
            super().handle_error(request, client_address)


def closed_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def watch_parent(pid):
    while True:
        try:
            os.kill(pid, 0)
        except OSError:
            os._exit(0)
        time.sleep(0.5)


def tls_server(verbose):
    """A second server, with TLS, run on a thread of its own."""
    fixtures = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "http")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(fixtures, "cert.pem"), os.path.join(fixtures, "key.pem"))
    server = Server(("127.0.0.1", 0), Handler)
    server.verbose = verbose
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--parent", type=int)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    server.verbose = args.verbose
    tls = tls_server(args.verbose)
    if args.parent:
        threading.Thread(target=watch_parent, args=(args.parent,), daemon=True).start()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d %d %d\n" % (server.server_address[1], closed_port(), tls.server_address[1]))
    os.rename(tmp, args.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
