#!/usr/bin/env bash
# Kafka end-to-end benchmark: embedded broker -> brushfire run (decode, engine, alerts) -> alerts topic.
#
#   Scripts/bench-kafka.sh [EVENTS_PER_DAY] [LATENCY_RATE]
#
# 1. Throughput: a simulated log is loaded into an embedded broker (`brushfire broker`) first, then
#    `brushfire run` consumes it from scratch; sustained events/s = events / (time from the last stats line
#    before consumption started to the first line with everything consumed). Stats lines come every 200 ms,
#    so the figure errs low by at most 0.4 s of the run.
# 2. Delay: with the daemon running and caught up, `brushfire produce --rate LATENCY_RATE` streams the log;
#    for every alert produced while streaming, delay = the alert's Kafka timestamp - the Kafka timestamp of the
#    event after which it was emitted (header brushfire.trigger.timestamp). Reports p50/p99/max.
#
# Needs a release build (`swift build -c release --product brushfire`), kcat and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BRUSHFIRE:-.build/release/brushfire}
PER_DAY=${1:-300000}
RATE=${2:-50000}
PARTITIONS=${PARTITIONS:-64}
WORK=$(mktemp -d /tmp/brushfire-bench-kafka.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

[ -x "$BIN" ] || { echo "no $BIN: run 'swift build -c release --product brushfire' first" >&2; exit 1; }
command -v kcat >/dev/null || { echo "kcat is required" >&2; exit 1; }
export BRUSHFIRE_FINGERPRINT_KEY=bench-key-not-secret-0123456789

echo "== simulating ($PER_DAY background orders/day, 3 days, reverse-brushing attack)"
"$BIN" simulate --scenario reverse-brushing --days 3 --shops 2000 --orders-per-day "$PER_DAY" --out "$WORK/events.jsonl"
EVENTS=$(wc -l < "$WORK/events.jsonl")
BYTES=$(wc -c < "$WORK/events.jsonl")
echo "   $EVENTS events, $((BYTES / EVENTS)) bytes each on average"

"$BIN" broker --partitions "$PARTITIONS" --topic bench.events --topic bench.alerts --topic bench.dead \
    --topic lat.events --topic lat.alerts --topic lat.dead > "$WORK/broker.addr" 2> "$WORK/broker.log" &
PIDS+=($!)
for _ in $(seq 100); do [ -s "$WORK/broker.addr" ] && break; sleep 0.1; done
BROKERS=$(head -1 "$WORK/broker.addr")
echo "== embedded broker at $BROKERS ($PARTITIONS partitions per topic)"

echo "== loading the log into bench.events"
"$BIN" produce "$WORK/events.jsonl" --topic bench.events --brokers "$BROKERS"

echo "== throughput: brushfire run over the loaded log"
"$BIN" run --brokers "$BROKERS" --topic bench.events --group bench --alerts-topic bench.alerts \
    --dead-letter-topic bench.dead --stats-interval-ms 200 --log-level info > /dev/null 2> "$WORK/run.log" &
RUN=$!
PIDS+=($RUN)
for _ in $(seq 600); do
    grep -q "consumed=$EVENTS " "$WORK/run.log" 2>/dev/null && break
    sleep 0.5
done
kill -INT $RUN; wait $RUN || true
python3 - "$WORK/run.log" "$EVENTS" <<'PY'
import re, sys
lines = [l for l in open(sys.argv[1]) if " stats" in l]
def field(l, k): return int(re.search(k + r"=(\d+)", l).group(1))
rows = [(field(l, "elapsed_ms"), field(l, "consumed"), field(l, "alerts")) for l in lines]
total = int(sys.argv[2])
start = max(t for t, c, _ in rows if c == 0)
end = min(t for t, c, _ in rows if c >= total)
rate = total / ((end - start) / 1000)
peak = max((c2 - c1) / ((t2 - t1) / 1000) for (t1, c1, _), (t2, c2, _) in zip(rows, rows[1:]))
print(f"   {total} events in {(end - start) / 1000:.2f} s: {rate:,.0f} events/s sustained "
      f"(best 200 ms interval {peak:,.0f}/s), {rows[-1][2]} alerts")
PY
grep -E "error|critical" "$WORK/run.log" | head -5 || true

echo "== delay: brushfire run caught up, brushfire produce --rate $RATE"
"$BIN" run --brokers "$BROKERS" --topic lat.events --group lat --alerts-topic lat.alerts \
    --dead-letter-topic lat.dead --stats-interval-ms 1000 > /dev/null 2> "$WORK/lat.log" &
RUN=$!
PIDS+=($RUN)
for _ in $(seq 200); do grep -q "assigned" "$WORK/lat.log" 2>/dev/null && break; sleep 0.1; done
sleep 2
"$BIN" produce "$WORK/events.jsonl" --topic lat.events --brokers "$BROKERS" --rate "$RATE"
for _ in $(seq 120); do grep -q "consumed=$EVENTS " "$WORK/lat.log" 2>/dev/null && break; sleep 0.5; done
sleep 1
kcat -b "$BROKERS" -C -t lat.alerts -o beginning -e -q -f '%T %h\n' > "$WORK/alerts.txt"
kill -INT $RUN; wait $RUN || true
python3 - "$WORK/alerts.txt" "$RATE" <<'PY'
import sys
delays = []
for line in open(sys.argv[1]):
    parts = line.split(" ", 1)
    if len(parts) < 2 or "brushfire.trigger.timestamp=" not in parts[1]:
        continue  # alerts from the final flush at shutdown carry no trigger
    headers = dict(h.split("=", 1) for h in parts[1].strip().split(","))
    delays.append(int(parts[0]) - int(headers["brushfire.trigger.timestamp"]))
delays.sort()
if not delays:
    sys.exit("   no alerts with a trigger header")
q = lambda p: delays[min(len(delays) - 1, int(p * len(delays)))]
print(f"   at {int(sys.argv[2]):,} events/s: {len(delays)} alerts, event-to-alert delay "
      f"p50 {q(0.50)} ms, p99 {q(0.99)} ms, max {delays[-1]} ms")
PY
