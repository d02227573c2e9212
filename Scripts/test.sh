#!/usr/bin/env bash
# The whole test suite from a clean checkout: installs what it needs (Debian packages, and the
# PyPI reference libraries the tests compare against), builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
BRUSHFIRE_WITH_TEST_TOOLS=1 Scripts/bootstrap.sh
# Tests that compare against an independent reference fail instead of skipping when it is missing.
export BRUSHFIRE_REQUIRE_REFERENCES=1
swift build --build-tests
swift test --skip-build "$@"
