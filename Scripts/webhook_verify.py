#!/usr/bin/env python3
"""Verifies one webhook request with the reference `standardwebhooks` package.

Reads a JSON object from stdin: {"secret": "whsec_...", "headers": {...}, "body": "..."}.
Prints "ok" and exits 0 when the request verifies; prints the library's error and exits 1 otherwise.
"""

import json
import sys

from standardwebhooks import Webhook


def main():
    request = json.load(sys.stdin)
    try:
        Webhook(request["secret"]).verify(request["body"].encode("utf-8"), request["headers"])
    except Exception as exc:  # the library raises several error types
        print(f"{type(exc).__name__}: {exc}")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
