"""A local SMS gateway for the relay test: checks each request's Turnaki-Signature the way a
clinic's receiver should (HMAC-SHA256 of "<t>.<raw body>" under the shared secret, t within
five minutes), and writes every accepted text to SPOOL_DIR as <id>.json.

POST /sms          accepts a correctly signed text (204), refuses a bad signature (401)
POST /unavailable  always answers 503, as a provider that is down

Usage: sms_receiver.py PORT SECRET SPOOL_DIR
"""

import hashlib
import hmac
import http.server
import json
import pathlib
import sys
import time

TOLERANCE = 300


def signature_ok(secret: bytes, header: str, body: bytes) -> bool:
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        t = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - t) > TOLERANCE:
        return False
    expected = hmac.new(secret, f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))


def handler(secret: bytes, spool: pathlib.Path):
    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path == "/unavailable":
                return self.answer(503)
            if self.path != "/sms":
                return self.answer(404)
            if not signature_ok(secret, self.headers.get("Turnaki-Signature", ""), body):
                return self.answer(401)
            text = json.loads(body)
            name = spool / f"{text['id']}.json"
            tmp = name.with_suffix(".tmp")
            tmp.write_bytes(body)
            tmp.rename(name)
            return self.answer(204)

        def answer(self, status: int) -> None:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format, *args):  # noqa: A002 (http.server's name)
            sys.stderr.write("sms receiver: " + format % args + "\n")

    return Receiver


def main() -> None:
    port, secret, spool = int(sys.argv[1]), sys.argv[2].encode(), pathlib.Path(sys.argv[3])
    spool.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler(secret, spool))
    print(f"sms receiver listening on 127.0.0.1:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
