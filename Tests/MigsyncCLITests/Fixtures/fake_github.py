"""A stand-in for the GitHub issue-comments API on loopback, for testing examples/ci.

Usage: fake_github.py LOG_PATH TOKEN. Prints the port it listens on, then serves until
killed. Every request is appended to LOG_PATH as one JSON line (method, path, whether the
bearer token matched, body); requests without the token get 401, like GitHub.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

LOG_PATH, TOKEN = sys.argv[1], sys.argv[2]
COMMENTS = {}
NEXT_ID = [100]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _record(self, body):
        authorized = self.headers.get("Authorization") == "Bearer " + TOKEN
        with open(LOG_PATH, "a", encoding="utf-8") as log:
            log.write(json.dumps({"method": self.command, "path": self.path, "authorized": authorized,
                                  "body": body}) + "\n")
        if not authorized:
            self._send(401, {"message": "Bad credentials"})
        return authorized

    def _send(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        length = int(self.headers.get("Content-Length", "0"))
        return json.loads(self.rfile.read(length) or b"{}")

    def do_GET(self):
        if not self._record(None):
            return
        issue = self.path.split("/issues/")[1].split("/")[0]
        self._send(200, [c for c in COMMENTS.values() if c["issue"] == issue])

    def do_POST(self):
        body = self._body()
        if not self._record(body):
            return
        issue = self.path.split("/issues/")[1].split("/")[0]
        NEXT_ID[0] += 1
        COMMENTS[NEXT_ID[0]] = {"id": NEXT_ID[0], "issue": issue, "body": body["body"]}
        self._send(201, COMMENTS[NEXT_ID[0]])

    def do_PATCH(self):
        body = self._body()
        if not self._record(body):
            return
        comment = int(self.path.rsplit("/", 1)[1])
        COMMENTS[comment]["body"] = body["body"]
        self._send(200, COMMENTS[comment])


server = HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
