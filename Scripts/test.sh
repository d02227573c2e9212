#!/usr/bin/env bash
# The whole test suite from a clean checkout: installs what it needs (Debian packages, and the
# PyPI reference libraries the tests compare against), builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
BRUSHFIRE_WITH_TEST_TOOLS=1 Scripts/bootstrap.sh
# Tests that compare against an independent reference fail instead of skipping when it is missing.
export BRUSHFIRE_REQUIRE_REFERENCES=1
swift build --build-tests
# Suites that run daemons against the embedded Kafka cluster (and Chromium) go one at a time after the rest,
# which run in parallel: on a 2-core machine, dozens of brokers, consumer groups and daemons at once starve
# each other's group joins and time out.
live='DaemonKafkaTests|DaemonKcatTests|DaemonWebhookTests|StateDaemonTests|StateKillTests|AdminServerTests|AdminPageTests|KafkaFaultTests|KafkaGroupTests|KafkaRoundTripTests'
status=0
swift test --skip-build --skip "$live" || status=1
swift test --skip-build --filter "$live" --no-parallel || status=1
# Opt-in: a short libFuzzer run of every harness (README, "Fuzzing" says why it is not on by default).
if [[ -n "${BRUSHFIRE_FUZZ_SECONDS:-}" ]]; then
    for harness in FuzzEvents FuzzRules FuzzCheckpoint; do
        Scripts/fuzz.sh "$harness" "$BRUSHFIRE_FUZZ_SECONDS" || status=1
    done
fi
exit $status
