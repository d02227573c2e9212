#!/usr/bin/env bash
# Replays a corpus of mutated event lines through two brushfire binaries and compares what they reject (reason,
# field, message, line) and the alerts, byte for byte: a decoder change that should not change behaviour must
# leave both files identical.
#
#   Scripts/decode-differential.sh OLD_BRUSHFIRE NEW_BRUSHFIRE [SOURCE.jsonl] [COUNT] [SEED]
#
# SOURCE defaults to the valid fixtures plus the baseline logs; the mutants come from Scripts/decode-mutants.py.
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: decode-differential.sh OLD NEW [SOURCE] [COUNT] [SEED]}
new=${2:?usage: decode-differential.sh OLD NEW [SOURCE] [COUNT] [SEED]}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source=${3:-}
if [[ -z $source ]]; then
    source=$work/source.jsonl
    cat Tests/Fixtures/events/valid.jsonl Tests/Fixtures/events/invalid.jsonl \
        "${BRUSHFIRE_BASELINE_LOGS:-/tmp/brushfire-baseline-logs}"/*.jsonl 2>/dev/null |
        awk 'NR % 97 == 1' >"$source"
fi
python3 Scripts/decode-mutants.py "$source" "${4:-30000}" "${5:-1}" >"$work/mutants.jsonl"
for side in old new; do
    bin=${!side}
    "$bin" replay "$work/mutants.jsonl" --alerts "$work/$side.alerts.jsonl" --rejects "$work/$side.rejects.jsonl" \
        >/dev/null 2>"$work/$side.summary.txt" || true
done
lines=$(wc -l <"$work/mutants.jsonl")
rejects=$(wc -l <"$work/old.rejects.jsonl")
if cmp -s "$work/old.rejects.jsonl" "$work/new.rejects.jsonl" && cmp -s "$work/old.alerts.jsonl" "$work/new.alerts.jsonl"
then
    echo "identical: $lines mutated lines, $rejects rejected"
else
    echo "DIFFERENT ($lines mutated lines, $rejects rejected by the old binary):"
    diff <(head -c 2000000 "$work/old.rejects.jsonl") <(head -c 2000000 "$work/new.rejects.jsonl") | head -40
    diff "$work/old.alerts.jsonl" "$work/new.alerts.jsonl" | head -10
    exit 1
fi
