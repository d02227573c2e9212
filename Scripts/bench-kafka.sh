#!/usr/bin/env bash
# Kafka end-to-end benchmark: embedded broker -> brushfire run (decode, engine, alerts) -> alerts topic.
#
#   Scripts/bench-kafka.sh [LATENCY_RATE]      (default 50000 events/s)
#
# Everything runs on this machine: `brushfire broker` (librdkafka's mock cluster), `brushfire produce` and
# `brushfire run`, all release builds, sharing its cores.
#
# 1. Throughput: a simulated log (~0.75 M events, reverse-brushing scenario over 20,000 shops) is loaded into
#    the broker, then `brushfire run` consumes it from the start. Sustained events/s = events / (time from the
#    last stats line before the first event was consumed to the first line with every event consumed); stats
#    lines come every 200 ms, so the figure errs low by up to 0.4 s of the run.
#    The log is sent without keys (spread over all partitions) because the mock keeps only ~5 MiB per
#    partition and the busiest shop alone is 39,000 events: keyed, its partition would overflow.
# 2. Delay: the same with a fresh topic at LATENCY_RATE. The daemon measures it itself: for every alert
#    emitted while streaming, from the Kafka timestamp (produce time) of the first event of the 256-event
#    stretch whose processing emitted it to the moment the alert is handed to the sinks, in an HdrHistogram;
#    p50/p90/p99/p99.9/max come from the daemon's closing log line ("Daemon stopped", alert_delay_*).
#    Cross-check from the alerts topic: the alert's own Kafka timestamp (its produce time) minus the
#    trigger's (header brushfire.trigger.timestamp); the two should agree within a millisecond or two.
#
# Partitions are never marked idle during a run (--idle-after-ms 600000): a simulated log replays three
# days in seconds, so a partition waking from idle would bring events far behind the others' event time.
#
# Needs a release build (`swift build -c release --product brushfire`), kcat and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BRUSHFIRE:-.build/release/brushfire}
RATE=${1:-50000}
PARTITIONS=${PARTITIONS:-128}
# shellcheck source=Scripts/kafka-bench-common.sh
source Scripts/kafka-bench-common.sh brushfire-bench-kafka bench-key-not-secret-0123456789

echo "== simulating"
"$BIN" simulate --scenario reverse-brushing --days 3 --shops 20000 --orders-per-day 200000 \
    --out "$WORK/events.jsonl"
EVENTS=$(wc -l < "$WORK/events.jsonl")
BYTES=$(wc -c < "$WORK/events.jsonl")
echo "   $EVENTS events, $((BYTES / EVENTS)) bytes each on average"

"$BIN" broker --partitions "$PARTITIONS" --topic bench.events --topic bench.alerts --topic bench.dead \
    --topic lat.events --topic lat.alerts --topic lat.dead > "$WORK/broker.addr" 2> "$WORK/broker.log" &
PIDS+=($!)
for _ in $(seq 100); do [ -s "$WORK/broker.addr" ] && break; sleep 0.1; done
BROKERS=$(head -1 "$WORK/broker.addr")
echo "== embedded broker at $BROKERS ($PARTITIONS partitions per topic)"

# run_phase NAME RATE STATS_MS: with RATE "preload", loads the log first and then starts the daemon on
# NAME.events; otherwise starts the daemon and streams the log at RATE. Waits until all events are consumed,
# then stops the daemon with SIGINT.
run_phase() {
    local name=$1 rate=$2 stats=$3
    if [ "$rate" = preload ]; then
        "$BIN" produce "$WORK/events.jsonl" --topic "$name.events" --brokers "$BROKERS" --no-key -X sticky.partitioning.linger.ms=0
    fi
    "$BIN" run --brokers "$BROKERS" --topic "$name.events" --group "$name" --alerts-topic "$name.alerts" \
        --dead-letter-topic "$name.dead" --idle-after-ms 600000 --stats-interval-ms "$stats" ${DAEMON_ARGS:-} \
        > /dev/null 2> "$WORK/$name.log" &
    local run=$!
    PIDS+=($run)
    for _ in $(seq 300); do grep -q "assigned" "$WORK/$name.log" 2>/dev/null && break; sleep 0.1; done
    if [ "$rate" != preload ]; then
        sleep 1
        "$BIN" produce "$WORK/events.jsonl" --topic "$name.events" --brokers "$BROKERS" --rate "$rate" --no-key -X sticky.partitioning.linger.ms=0 -X sticky.partitioning.linger.ms=0
    fi
    for _ in $(seq 240); do grep -q "consumed=$EVENTS " "$WORK/$name.log" 2>/dev/null && break; sleep 0.5; done
    sleep 0.5
    kill -INT $run
    wait $run || true
    grep -E " (error|critical) " "$WORK/$name.log" | head -5 || true
}

echo "== throughput: the log loaded first, then consumed"
run_phase bench preload 200
python3 - "$WORK/bench.log" "$EVENTS" <<'PY'
import re, sys
lines = [l for l in open(sys.argv[1]) if " stats" in l]
def field(l, k): return int(re.search(k + r"=(\d+)", l).group(1))
rows = [(field(l, "elapsed_ms"), field(l, "consumed"), field(l, "dead_lettered"), field(l, "alerts")) for l in lines]
total = int(sys.argv[2])
done = [t for t, c, _, _ in rows if c >= total]
if not done:
    sys.exit(f"   not all events consumed (last: {rows[-1][1]} of {total})")
start = max(t for t, c, _, _ in rows if c == 0)
seconds = (min(done) - start) / 1000
print(f"   {total} events in {seconds:.2f} s: {total / seconds:,.0f} events/s sustained; "
      f"{rows[-1][2]} dead-lettered, {rows[-1][3]} alerts")
PY

echo "== delay: streaming at $RATE events/s"
run_phase lat "$RATE" 1000
python3 - "$WORK/lat.log" "$RATE" <<'PY'
import re, sys
line = next((l for l in open(sys.argv[1]) if "Daemon stopped" in l), None)
if line is None:
    sys.exit("   the daemon's closing line is missing")
d = dict(re.findall(r"alert_delay_(\w+?)(?:_ms)?=([\d.]+)", line))
print(f"   at {int(sys.argv[2]):,} events/s: {d['count']} alerts, event-to-alert delay (daemon, HdrHistogram) "
      f"p50 {d['p50']} ms, p90 {d['p90']} ms, p99 {d['p99']} ms, p99.9 {d['p99_9']} ms, max {d['max']} ms")
PY
kcat -b "$BROKERS" -C -t lat.alerts -o beginning -e -q -f '%T %h\n' > "$WORK/alerts.txt"
python3 - "$WORK/alerts.txt" <<'PY'
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
print(f"   cross-check from the alerts topic (alert's Kafka timestamp - trigger's): {len(delays)} alerts, "
      f"p50 {q(0.50)} ms, p99 {q(0.99)} ms, max {delays[-1]} ms")
PY
