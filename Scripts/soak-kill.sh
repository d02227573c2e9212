#!/usr/bin/env bash
# SIGKILL soak: the daemon, with a state directory, is killed with SIGKILL at KILLS random moments of a long
# stream on the embedded broker and restarted on its state directory each time; its alerts must equal those of
# an uninterrupted run of the same stream: the same set of alert_ids, and for each the same last alert (the
# incident's final content).
#
#   Scripts/soak-kill.sh                      20 kills (KILLS), seed 1 (SEED)
#   KILLS=5 ORDERS_PER_DAY=5000 Scripts/soak-kill.sh     a shorter run
#   RESTART_DELAY=5 Scripts/soak-kill.sh      restart each time only once the group has dropped the killed member
#
# Too long for CI (several minutes). Needs a built `brushfire` (BRUSHFIRE, default .build/debug/brushfire),
# python3. Exit status 0 when the two runs agree, 1 otherwise; the work directory is kept on failure
# (or with KEEP=1).
#
# Both runs read the whole stream from a topic loaded before they start (as StateKillTests does), keyed by shop
# so that a shop lives on one partition. The kill points are KILLS random positions of the stream (between 2 %
# and 98 %, seeded by SEED); the daemon is killed as soon as it has read past the next one (or, when the previous
# run already passed it, as soon as its state has moved on at all), by the position
# its state directory reflects (the partition checkpoints' next offsets, summed, polled every 0.1 s; a checkpoint
# is written every 200 ms). Each run ends, after its state reflects the whole stream, with SIGTERM. The killed
# member stays in the group until its session times out, so each restart waits a few seconds for the rebalance.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BRUSHFIRE:-.build/debug/brushfire}
KILLS=${KILLS:-20}
SEED=${SEED:-1}
PARTITIONS=${PARTITIONS:-32}
WORK=$(mktemp -d /tmp/brushfire-soak.XXXXXX)
PIDS=()
status=1
cleanup() {
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ "$status" = 0 ] && [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT
[ -x "$BIN" ] || { echo "no $BIN: run 'swift build --product brushfire' first" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 1; }
started=$(date +%s)


echo "== simulating"
"$BIN" simulate --scenario reverse-brushing --seed "$SEED" --days 3 --shops "${SHOPS:-300}" \
    --orders-per-day "${ORDERS_PER_DAY:-12000}" --out "$WORK/events.jsonl"
TOTAL=$(wc -l < "$WORK/events.jsonl")
echo "   $TOTAL events"

# 100 ms per fetch and small fetches: reading takes long enough for the kills to land all along the stream.
"$BIN" broker --partitions "$PARTITIONS" --fetch-delay-ms "${FETCH_DELAY_MS:-100}" --topic soak.killed --topic soak.reference > "$WORK/broker.addr" \
    2> "$WORK/broker.log" &
PIDS+=($!)
for _ in $(seq 100); do [ -s "$WORK/broker.addr" ] && break; sleep 0.1; done
BROKERS=$(head -1 "$WORK/broker.addr")
echo "== embedded broker at $BROKERS ($PARTITIONS partitions per topic)"
# Produced in record batches of a few messages: a fetch returns at least one whole batch, so small batches keep
# each fetch small and the stream long.
for topic in soak.killed soak.reference; do
    "$BIN" produce "$WORK/events.jsonl" --topic "$topic" --brokers "$BROKERS" --quiet \
        -X batch.num.messages="${BATCH_MESSAGES:-5}"
done

# start NAME LOG: starts the daemon on topic soak.NAME with state directory $WORK/NAME.state; sets $daemon.
start() {
    "$BIN" run --brokers "$BROKERS" --topic "soak.$1" --group "soak-$1" --alerts-topic "" --dead-letter-topic "" \
        --alerts "$WORK/$1.alerts.jsonl" --state "$WORK/$1.state" --checkpoint-interval-ms 200 \
        --idle-after-ms 500 --stats-interval-ms 0 \
        -X session.timeout.ms=4000 -X heartbeat.interval.ms=300 -X topic.metadata.refresh.interval.ms=500 \
        -X max.partition.fetch.bytes=${FETCH_BYTES:-1024} > /dev/null 2> "$2" &
    daemon=$!
    PIDS+=($daemon)
}

# checkpointed NAME: events of the stream the state directory of run NAME reflects: the next offsets its partition
# files were written at, summed (the header is fixed-size; the body starts with the topic, the partition and
# the optional next offset, little-endian).
checkpointed() {
    python3 - "$WORK/$1.state/partitions" <<'PY'
import os, sys
total = 0
for name in os.listdir(sys.argv[1]) if os.path.isdir(sys.argv[1]) else []:
    if not name.endswith(".ckpt"):
        continue
    data = open(os.path.join(sys.argv[1], name), "rb").read()
    if data[:8] != b"BRFSTATE" or len(data) < 25:
        continue
    at = 25 + 4 + int.from_bytes(data[25:29], "little") + 4
    if data[at] == 1:
        total += int.from_bytes(data[at + 1:at + 9], "little", signed=True)
print(total)
PY
}

# until_checkpointed NAME COUNT LOG: waits (at most 10 minutes) until run NAME's state reflects COUNT events.
until_checkpointed() {
    for _ in $(seq 6000); do
        [ "$(checkpointed "$1")" -ge "$2" ] && return 0
        kill -0 "$daemon" 2>/dev/null || { echo "the daemon died:" >&2; tail -20 "$3" >&2; exit 1; }
        sleep 0.1
    done
    echo "the daemon did not get to $2 events" >&2
    exit 1
}

echo "== reference: one uninterrupted run"
start reference "$WORK/reference.log"
until_checkpointed reference "$TOTAL" "$WORK/reference.log"
sleep 1
kill -TERM "$daemon"
wait "$daemon"

echo "== $KILLS kills"
points=$(python3 -c "
import random
random.seed($SEED)
print(' '.join(str(p) for p in sorted(random.sample(range($TOTAL * 2 // 100, $TOTAL * 98 // 100), $KILLS))))")
: > "$WORK/kills.txt"
n=0
for point in $points; do
    n=$((n + 1))
    # A point the previous run already passed: this run is killed as soon as its state has moved on at all.
    target=$(($(checkpointed killed) + 1))
    [ "$point" -gt "$target" ] && target=$point
    start killed "$WORK/killed-$n.log"
    until_checkpointed killed "$target" "$WORK/killed-$n.log"
    kill -KILL "$daemon"
    wait "$daemon" 2>/dev/null || true
    read_so_far=$(checkpointed killed)
    # RESTART_DELAY=5 restarts only after the group has dropped the killed member (session.timeout.ms=4000).
    sleep "${RESTART_DELAY:-0}"
    echo "   kill $n: point $point, killed with $read_so_far of $TOTAL events checkpointed" | tee -a "$WORK/kills.txt"
done

echo "== the last restart runs to the end"
start killed "$WORK/killed-final.log"
until_checkpointed killed "$TOTAL" "$WORK/killed-final.log"
sleep 1
kill -TERM "$daemon"
wait "$daemon"

elapsed=$(($(date +%s) - started))
python3 - "$WORK/reference.alerts.jsonl" "$WORK/killed.alerts.jsonl" "$TOTAL" "$KILLS" "$elapsed" <<'PY'
import json, sys
def alerts(line):
    # A line cut short by a kill has the next run's first line appended to it: keep the complete one.
    try:
        return [json.loads(line)]
    except ValueError:
        for start in range(line.find("{", 1), len(line)):
            if line.startswith('{"', start):
                try:
                    return [json.loads(line[start:])]
                except ValueError:
                    pass
        return []
def final(path):
    last, lines = {}, 0
    for line in open(path):
        for alert in alerts(line.strip()) if line.strip() else []:
            lines += 1
            last[alert["alert_id"]] = json.dumps(alert, sort_keys=True)
    return last, lines
reference, ref_lines = final(sys.argv[1])
killed, killed_lines = final(sys.argv[2])
same_ids = set(reference) == set(killed)
differing = [i for i in reference if i in killed and reference[i] != killed[i]]
print(f"stream {sys.argv[3]} events, {sys.argv[4]} kills, {sys.argv[5]} s")
print(f"reference: {len(reference)} alert_ids ({ref_lines} alert lines); "
      f"killed and restarted: {len(killed)} alert_ids ({killed_lines} alert lines, re-emissions included)")
if same_ids and not differing:
    print("OK: the same alert_ids and the same final alert for each")
    sys.exit(0)
print(f"MISMATCH: only in the reference {sorted(set(reference) - set(killed))[:5]}, "
      f"only after kills {sorted(set(killed) - set(reference))[:5]}, different final alert {differing[:5]}")
sys.exit(1)
PY
status=$?
exit $status
