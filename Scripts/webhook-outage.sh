#!/usr/bin/env bash
# The full-length webhook outage check: `brushfire replay --webhook` against Scripts/webhook_receiver.py on
# 127.0.0.1 answering 503 with Retry-After: 1 for SECONDS (default 60) from the first delivery, then 200. Every alert must arrive,
# verified by the reference standardwebhooks library, and replay must exit 0. The test suite runs the same
# test with an 8-second outage.
#
# Usage: Scripts/webhook-outage.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
swift build --build-tests
BRUSHFIRE_WEBHOOK_OUTAGE_SECONDS=$seconds swift test --skip-build --filter 'WebhookReplayCommandTests/replayOutlastsAnOutage'
