#!/usr/bin/env bash
# The whole test suite from a clean checkout: installs what it needs (Debian packages, and the
# PyPI reference libraries the tests compare against), builds, runs every test.
#
# A crash fails the run instead of hanging it: Swift's crash reporter prints the crashed thread's backtrace
# without waiting for a terminal (interactive=no) and gives up waiting after a few seconds, and every `swift test`
# invocation has a time limit (TEST_TIMEOUT for the parallel part, SUITE_TIMEOUT for each live suite); a run past
# its limit is killed and counted as a failure, naming the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
BRUSHFIRE_WITH_TEST_TOOLS=1 Scripts/bootstrap.sh
# Tests that compare against an independent reference fail instead of skipping when it is missing.
export BRUSHFIRE_REQUIRE_REFERENCES=1
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=yes,interactive=no,timeout=5s,threads=crashed,images=none,registers=none,output-to=stderr}
swift build --build-tests
status=0
# run LIMIT LABEL ARGS...: one `swift test` under a time limit (SIGTERM at LIMIT, SIGKILL 20 s later).
run() {
    local limit=$1 label=$2
    shift 2
    local code=0
    timeout --kill-after=20s "$limit" swift test --skip-build "$@" || code=$?
    if ((code == 124 || code == 137)); then
        echo "error: $label did not finish within $limit (killed)" >&2
    elif ((code != 0)); then
        echo "error: $label failed (exit $code)" >&2
    fi
    ((code == 0)) || status=1
}
# Suites that run daemons against the embedded Kafka cluster (and Chromium) go one at a time after the rest,
# which run in parallel: on a 2-core machine, dozens of brokers, consumer groups and daemons at once starve
# each other's group joins and time out.
live=(DaemonKafkaTests DaemonKcatTests DaemonWebhookTests StateDaemonTests StateKillTests AdminServerTests AdminPageTests
    KafkaFaultTests KafkaGroupTests KafkaRoundTripTests KafkaErrorTests KafkaCloseTests DaemonFatalErrorTests
    DaemonRulesTests EvidencePageTests)
pattern=$(IFS='|'; echo "${live[*]}")
run "${TEST_TIMEOUT:-40m}" "the parallel tests" --skip "$pattern"
for suite in "${live[@]}"; do
    run "${SUITE_TIMEOUT:-15m}" "$suite" --filter "$suite" --no-parallel
done
# Opt-in: a short libFuzzer run of every harness (README, "Fuzzing" says why it is not on by default).
if [[ -n "${BRUSHFIRE_FUZZ_SECONDS:-}" ]]; then
    for harness in FuzzEvents FuzzRules FuzzCheckpoint FuzzDaemonConfiguration FuzzWebhookConfiguration; do
        Scripts/fuzz.sh "$harness" "$BRUSHFIRE_FUZZ_SECONDS" || status=1
    done
fi
exit $status
