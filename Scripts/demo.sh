#!/usr/bin/env bash
# The main job on an embedded default, no external services: the daemon on an embedded Kafka
# (librdkafka's mock cluster on 127.0.0.1), fed three days of simulated marketplace traffic that
# carries the seed attack (2,000 reverse-brushing orders in 30 minutes, then their refunds).
# Alerts are printed as they are raised and kept in $dir/alerts.jsonl.
#   BRUSHFIRE_DEMO_SCENARIO=extortion-ring Scripts/demo.sh     another scenario (see `brushfire simulate --help`)
#   BRUSHFIRE_DEMO_DIR=/tmp/demo Scripts/demo.sh               keep the files there
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bootstrap.sh
swift build --product brushfire
bin=.build/debug/brushfire
dir=${BRUSHFIRE_DEMO_DIR:-$(mktemp -d -t brushfire-demo.XXXXXX)}
mkdir -p "$dir"
scenario=${BRUSHFIRE_DEMO_SCENARIO:-reverse-brushing}
admin=${BRUSHFIRE_DEMO_ADMIN:-127.0.0.1:9464}

echo "== simulating $scenario (seed 1) into $dir/events.jsonl" >&2
"$bin" simulate --scenario "$scenario" --seed 1 --orders-per-day "${BRUSHFIRE_DEMO_ORDERS_PER_DAY:-15000}" --out "$dir/events.jsonl" --truth "$dir/truth.json"
total=$(wc -l <"$dir/events.jsonl")

echo "== starting the daemon on an embedded Kafka" >&2
: >"$dir/alerts.jsonl"
extra=()
if "$bin" run --help | grep -q -- '--admin'; then extra+=(--admin "$admin"); fi
"$bin" run --embedded-kafka --embedded-partitions 32 --alerts "$dir/alerts.jsonl" --stats-interval-ms 1000 "${extra[@]}" \
    2>"$dir/daemon.log" &
daemon=$!
printer=""
cleanup() { kill "$daemon" $printer 2>/dev/null || true; }
trap cleanup EXIT
brokers=""
for _ in $(seq 1 300); do
    brokers=$(sed -n 's/.*embedded Kafka at \([^ ]*\) .*/\1/p' "$dir/daemon.log" | head -1)
    [[ -n "$brokers" ]] && break
    kill -0 "$daemon" 2>/dev/null || { cat "$dir/daemon.log" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$brokers" ]] || { echo "the daemon did not start its embedded Kafka" >&2; exit 1; }
echo "== embedded Kafka at $brokers (kcat -b $brokers -C -t brushfire.alerts reads the alerts topic)" >&2
((${#extra[@]})) && echo "== admin: http://$admin/ (live page), http://$admin/metrics" >&2

# One line per alert: severity, rule, status, summary.
tail -n +1 -f "$dir/alerts.jsonl" |
    sed -u -n 's/.*"rule":"\([^"]*\)".*"severity":"\([^"]*\)".*"status":"\([^"]*\)".*"summary":"\([^"]*\)".*/[\2] \1 (\3): \4/p' &
printer=$!

echo "== producing $total events into brushfire.events" >&2
"$bin" produce "$dir/events.jsonl" --topic brushfire.events --brokers "$brokers" --rate "${BRUSHFIRE_DEMO_RATE:-5000}"

# Wait until the daemon has consumed everything (its stats line), then stop it cleanly (SIGTERM).
last=-1 still=0
while ((still < 20)); do
    consumed=$(grep -o 'consumed=[0-9]*' "$dir/daemon.log" | tail -1 | cut -d= -f2)
    ((${consumed:-0} >= total)) && break
    if [[ "${consumed:-0}" == "$last" ]]; then still=$((still + 1)); else still=0; fi
    last=${consumed:-0}
    sleep 0.5
done
((${consumed:-0} >= total)) || echo "== warning: the daemon consumed ${consumed:-0} of $total events" >&2
kill -TERM "$daemon"
wait "$daemon" || true
sleep 0.5
echo "== $(wc -l <"$dir/alerts.jsonl") alerts in $dir/alerts.jsonl; daemon log: $dir/daemon.log" >&2
