#!/usr/bin/env python3
"""A webhook receiver on 127.0.0.1 for Brushfire's tests and demos.

Every POST is verified with the reference `standardwebhooks` package (pip install standardwebhooks) and
recorded as one JSON line in --log: path, the three webhook-* headers, the body, whether it verified (and
why not), and the status answered. Requests that fail verification are answered 401.

How each path answers is read from --control (JSON, re-read on every request) so a test can change it while
the receiver runs:

    {"/hook": {"script": [500, 503], "status": 200, "delay_ms": 0, "retry_after": "1"}}

`script` statuses are answered first, one per request (counted since the control file last changed), then
`status` (default 200). `delay_ms` holds the answer back, to provoke client timeouts. `retry_after` is sent as
the Retry-After header with 429 and 503 answers. `outage_seconds` makes the path answer `outage_status`
(default 503) from its first request (since the control file last changed) for that many seconds, then as
above: an outage of a set length, however late the sender starts.

--clock-offset-file FILE (seconds, re-read on every request) shifts the time against which the reference
library checks `webhook-timestamp`, for tests that run the sender on a simulated clock; the signature is
verified as always.

Usage: webhook_receiver.py --secret whsec_... [--secret ...] --log FILE [--control FILE] [--port N]
       [--port-file FILE] [--clock-offset-file FILE]
"""

import argparse
import json
import os
import signal
import sys
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import standardwebhooks.webhooks as reference
from standardwebhooks import Webhook


def shift_reference_clock(offset_path):
    """Makes the reference library's `datetime.now` run `offset_path`'s seconds ahead of the wall clock."""

    class ShiftedDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            offset = 0.0
            try:
                with open(offset_path, encoding="utf-8") as handle:
                    offset = float(handle.read().strip() or 0)
            except (OSError, ValueError):
                pass
            return datetime.now(tz) + timedelta(seconds=offset)

    reference.datetime = ShiftedDatetime


class Receiver:
    def __init__(self, secrets, log_path, control_path):
        self.webhooks = [Webhook(secret) for secret in secrets]
        self.log_path = log_path
        self.control_path = control_path
        self.lock = threading.Lock()
        self.control_text = None
        self.counts = {}
        self.first_request = {}

    def verify(self, body, headers):
        """Returns None when some secret verifies the request, else the reference library's error."""
        error = None
        for webhook in self.webhooks:
            try:
                webhook.verify(body, headers)
                return None
            except Exception as exc:  # the library raises several error types
                error = f"{type(exc).__name__}: {exc}"
        return error

    def behaviour(self, path):
        """The answer for the next request to `path`: (status, delay seconds, retry-after or None)."""
        with self.lock:
            text = ""
            if self.control_path and os.path.exists(self.control_path):
                with open(self.control_path, encoding="utf-8") as handle:
                    text = handle.read()
            if text != self.control_text:
                self.control_text = text
                self.counts = {}
                self.first_request = {}
            rules = json.loads(text).get(path, {}) if text.strip() else {}
            index = self.counts.get(path, 0)
            self.counts[path] = index + 1
            script = rules.get("script", [])
            status = script[index] if index < len(script) else rules.get("status", 200)
            first = self.first_request.setdefault(path, time.time())
            if time.time() < first + rules.get("outage_seconds", 0):
                status = rules.get("outage_status", 503)
            return status, rules.get("delay_ms", 0) / 1000.0, rules.get("retry_after")

    def record(self, entry):
        with self.lock:
            with open(self.log_path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry) + "\n")
                handle.flush()


def make_handler(receiver):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            headers = {key.lower(): value for key, value in self.headers.items()}
            error = receiver.verify(body, headers)
            status, delay, retry_after = receiver.behaviour(self.path)
            if error is not None:
                status = 401
            receiver.record(
                {
                    "path": self.path,
                    "webhook_id": headers.get("webhook-id"),
                    "webhook_timestamp": headers.get("webhook-timestamp"),
                    "webhook_signature": headers.get("webhook-signature"),
                    "body": body.decode("utf-8", errors="replace"),
                    "verified": error is None,
                    "error": error,
                    "status": status,
                    "received_at": time.time(),
                }
            )
            if delay > 0:
                time.sleep(delay)
            self.send_response(status)
            if retry_after is not None and status in (429, 503):
                self.send_header("Retry-After", str(retry_after))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format, *args):
            pass

    return Handler


def main():
    parser = argparse.ArgumentParser(description="Standard Webhooks receiver for Brushfire tests")
    parser.add_argument("--secret", action="append", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--control")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    parser.add_argument("--clock-offset-file")
    args = parser.parse_args()
    if args.clock_offset_file:
        shift_reference_clock(args.clock_offset_file)
    # A parent that spawned us from a thread with signals blocked passes that mask on; SIGTERM must work.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

    receiver = Receiver(args.secret, args.log, args.control)
    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(receiver))
    port = server.server_address[1]
    if args.port_file:
        temporary = args.port_file + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(str(port))
        os.replace(temporary, args.port_file)
    print(f"listening on 127.0.0.1:{port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
