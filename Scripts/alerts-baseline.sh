#!/usr/bin/env bash
# Records the alerts a brushfire binary gives on every simulator scenario, a scaled market and the real
# Tmall report, so that an engine change can be checked for identical behaviour:
#
#   Scripts/alerts-baseline.sh record OLD_DIR  [BRUSHFIRE]   # e.g. with the binary of main, before a change
#   Scripts/alerts-baseline.sh record NEW_DIR  [BRUSHFIRE]   # after it
#   Scripts/alerts-baseline.sh compare OLD_DIR NEW_DIR       # identical alert_ids and contents, or the diff
#
# The event logs are generated once into $BRUSHFIRE_BASELINE_LOGS (default /tmp/brushfire-baseline-logs) and
# reused, so both runs read byte-identical input even if the simulator changes in between.
set -euo pipefail
cd "$(dirname "$0")/.."
logs=${BRUSHFIRE_BASELINE_LOGS:-/tmp/brushfire-baseline-logs}
scenarios=(background reverse-brushing flash-sale viral-new-shop extortion-ring refund-ring review-bombing
    retaliation shared-dorm)

make_logs() {
    local bin=$1
    mkdir -p "$logs"
    for scenario in "${scenarios[@]}"; do
        [[ -s "$logs/$scenario.jsonl" ]] || "$bin" simulate --scenario "$scenario" --seed 1 --out "$logs/$scenario.jsonl"
    done
    [[ -s "$logs/market.jsonl" ]] || "$bin" simulate --scenario extortion-ring --seed 7 --days 4 --shops 3000 \
        --orders-per-day 60000 --out "$logs/market.jsonl"
    if [[ ! -s "$logs/tmall.jsonl" && -f ../shared/data/tmall_order_report.csv ]]; then
        "$bin" convert tmall ../shared/data/tmall_order_report.csv --out "$logs/tmall.jsonl"
    fi
}

case "${1:-}" in
record)
    out=${2:?usage: record DIR [BRUSHFIRE]}
    bin=${3:-.build/release/brushfire}
    make_logs "$bin"
    mkdir -p "$out"
    for log in "$logs"/*.jsonl; do
        name=$(basename "$log" .jsonl)
        BRUSHFIRE_FINGERPRINT_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff \
            "$bin" replay "$log" --alerts "$out/$name.alerts.jsonl" --rejects "$out/$name.rejects.jsonl" \
            2>"$out/$name.summary.txt"
        echo "$name: $(wc -l <"$out/$name.alerts.jsonl") alerts, $(wc -l <"$out/$name.rejects.jsonl") rejects"
    done
    ;;
compare)
    old=${2:?usage: compare OLD_DIR NEW_DIR}
    new=${3:?usage: compare OLD_DIR NEW_DIR}
    status=0
    for file in "$old"/*.alerts.jsonl; do
        name=$(basename "$file")
        if cmp -s "$file" "$new/$name"; then
            echo "same: $name ($(wc -l <"$file") alerts)"
        else
            echo "DIFFERENT: $name"
            diff <(cut -c1-300 "$file") <(cut -c1-300 "$new/$name") | head -20 || true
            status=1
        fi
    done
    exit $status
    ;;
*)
    sed -n '2,10p' "$0"
    exit 2
    ;;
esac
