#!/usr/bin/env bash
# Scale run: 1, 2 and 4 `brushfire run` instances in one consumer group on the embedded broker, each run on a
# fresh topic preloaded with the same log (a market with an extortion ring, keyed by shop). The log is kept
# small enough for the mock broker, which keeps only ~5 MiB per partition: its busiest shop, all on one
# partition, is ~9,000 events.
#
#   Scripts/scale-run.sh [INSTANCE_COUNTS...]      (default: 1 2 4)
#
# For each count it prints the events/s of the whole group (events / wall time from the first event consumed to
# the last), each instance's share and its events per CPU second (from /proc), and how the union of the group's
# alerts compares with one replay of the same log, by alert_id: today the identity-keyed rules see only the
# events of the instance's own partitions, so the union differs from the replay as soon as there are two
# instances (README, "Scale-out: where it stands").
# Then the bytes the identity topic would carry per input event (`brushfire replay --identity-wire`).
#
# Every process shares this machine's cores: on 2 cores, 4 instances cannot run faster than 2. The figure that
# carries over to a cluster is the events per CPU second of one instance.
#
# Needs a release build (`swift build -c release --product brushfire`), kcat and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BRUSHFIRE:-.build/release/brushfire}
PARTITIONS=${PARTITIONS:-64}
COUNTS=("$@")
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(1 2 4)
# shellcheck source=Scripts/kafka-bench-common.sh
source Scripts/kafka-bench-common.sh brushfire-scale scale-key-not-secret-0123456789

echo "== simulating"
"$BIN" simulate --scenario extortion-ring --seed 7 --days 3 --shops 3000 --orders-per-day 30000 \
    --out "$WORK/events.jsonl"
EVENTS=$(wc -l < "$WORK/events.jsonl")
BYTES=$(wc -c < "$WORK/events.jsonl")
echo "   $EVENTS events, $((BYTES / EVENTS)) bytes each on average"

echo "== one replay of the log"
"$BIN" replay "$WORK/events.jsonl" --alerts "$WORK/replay.alerts.jsonl" --identity-wire "$PARTITIONS" \
    2> "$WORK/replay.log"
grep -E "lines in|identity wire" "$WORK/replay.log" | sed 's/^/   /'

TOPICS=()
for n in "${COUNTS[@]}"; do TOPICS+=(--topic "s$n.events" --topic "s$n.alerts" --topic "s$n.dead"); done
"$BIN" broker --partitions "$PARTITIONS" "${TOPICS[@]}" > "$WORK/broker.addr" 2> "$WORK/broker.log" &
PIDS+=($!)
for _ in $(seq 100); do [ -s "$WORK/broker.addr" ] && break; sleep 0.1; done
BROKERS=$(head -1 "$WORK/broker.addr")
echo "== embedded broker at $BROKERS ($PARTITIONS partitions per topic)"

# consumed LOG: the last consumed= figure of a daemon's stats lines (0 before the first).
consumed() { grep -o "consumed=[0-9]*" "$1" 2>/dev/null | tail -1 | cut -d= -f2 || true; }
cpu_seconds() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat"; }

for n in "${COUNTS[@]}"; do
    echo "== $n instance(s)"
    "$BIN" produce "$WORK/events.jsonl" --topic "s$n.events" --brokers "$BROKERS" > /dev/null
    RUNS=()
    for i in $(seq "$n"); do
        "$BIN" run --brokers "$BROKERS" --topic "s$n.events" --group "s$n" --alerts-topic "s$n.alerts" \
            --dead-letter-topic "s$n.dead" --idle-after-ms 600000 --stats-interval-ms 200 \
            > /dev/null 2> "$WORK/s$n.$i.log" &
        RUNS+=($!)
        PIDS+=($!)
    done
    first="" last=""
    declare -A CPU=()
    for _ in $(seq 1200); do
        total=0
        for i in $(seq "$n"); do
            c=$(consumed "$WORK/s$n.$i.log")
            total=$((total + ${c:-0}))
        done
        now=$(date +%s.%N)
        [ -z "$first" ] && [ "$total" -gt 0 ] && first=$now
        if [ "$total" -ge "$EVENTS" ]; then last=$now; break; fi
        sleep 0.2
    done
    for i in $(seq "$n"); do CPU[$i]=$(cpu_seconds "${RUNS[$((i - 1))]}"); done
    sleep 2  # let the last alerts reach the topic
    for pid in "${RUNS[@]}"; do kill -INT "$pid"; done
    for pid in "${RUNS[@]}"; do wait "$pid" || true; done
    [ -n "$last" ] || { echo "   not every event was consumed in 4 minutes" >&2; continue; }
    kcat -b "$BROKERS" -C -t "s$n.alerts" -o beginning -e -q > "$WORK/s$n.alerts.jsonl"
    shares=()
    for i in $(seq "$n"); do shares+=("$(consumed "$WORK/s$n.$i.log"):${CPU[$i]}"); done
    python3 - "$first" "$last" "$EVENTS" "$WORK/replay.alerts.jsonl" "$WORK/s$n.alerts.jsonl" "${shares[@]}" <<'PY'
import json, sys
first, last, events = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
def incidents(path):
    out = {}
    for line in open(path):
        line = line.strip()
        if line:
            alert = json.loads(line)
            out[alert["alert_id"]] = alert
    return out
replay, group = incidents(sys.argv[4]), incidents(sys.argv[5])
seconds = last - first
print(f"   {events} events in {seconds:.2f} s: {events / seconds:,.0f} events/s for the group")
for i, share in enumerate(sys.argv[6:], 1):
    consumed, cpu = share.split(":")
    consumed, cpu = int(consumed), float(cpu)
    rate = f"{consumed / cpu:,.0f} events per CPU second" if cpu > 0 else "no CPU time read"
    print(f"   instance {i}: {consumed} events ({consumed / seconds:,.0f}/s), {cpu:.1f} CPU s, {rate}")
same = [k for k in replay if k in group and
        {f: group[k].get(f) for f in ("rule", "severity", "subject")} ==
        {f: replay[k].get(f) for f in ("rule", "severity", "subject")}]
print(f"   alerts: {len(group)} incidents from the group, {len(replay)} from replay; {len(same)} alike "
      f"(alert_id, rule, final severity, subject), {len(set(group) - set(replay))} only in the group, "
      f"{len(set(replay) - set(group))} only in replay")
PY
done
