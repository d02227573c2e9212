#!/usr/bin/env bash
# Brushfire against a batch dataframe peer on the same log, in the same run: Polars (from PyPI) does the
# order_burst core — per-shop 30-minute windows sliding by one minute, counting orders, refunds and distinct
# addresses, then a burst rule (Scripts/peer_polars.py) — while `brushfire replay` runs every rule. Prints
# both times and the ratio (Polars time / Brushfire time; above 1 means Brushfire is faster).
#
#   Scripts/peer-polars.sh [LOG]     # default: the 1M-event log `brushfire bench` generates
#
# Needs a release build (swift build -c release). Installs polars with pip when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/brushfire
[[ -x $bin ]] || { echo "peer-polars: build first: swift build -c release" >&2; exit 2; }
python=${BRUSHFIRE_PYTHON:-python3}
"$python" -c 'import polars' 2>/dev/null || "$python" -m pip install -q --disable-pip-version-check polars
log=${1:-}
if [[ -z $log ]]; then
    dir=${TMPDIR:-/tmp}/brushfire-bench
    log=$dir/reverse-brushing-266666-2000-40000.jsonl
    [[ -s $log ]] || "$bin" bench --events 1000000 --runs 1 --dir "$dir" >/dev/null
fi
export BRUSHFIRE_FINGERPRINT_KEY=${BRUSHFIRE_FINGERPRINT_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}
events=$(wc -l <"$log")
cat "$log" >/dev/null # both read it from the page cache
start=$(date +%s%N)
"$bin" replay "$log" --alerts /dev/null --quiet
brushfire=$(( ($(date +%s%N) - start) / 1000000 ))
polars_json=$("$python" Scripts/peer_polars.py "$log")
polars=$("$python" -c 'import json,sys; print(json.loads(sys.argv[1])["seconds"])' "$polars_json")
"$python" - "$events" "$brushfire" "$polars" "$polars_json" <<'PY'
import json, sys
events, brushfire, polars = int(sys.argv[1]), float(sys.argv[2]) / 1000, float(sys.argv[3])
peer = json.loads(sys.argv[4])
print(f"events:     {events}")
print(f"brushfire:  {brushfire:.2f} s  {events / brushfire:,.0f} events/s  (replay, every rule, one core)")
print(f"polars:     {polars:.2f} s  {events / polars:,.0f} events/s  ({peer['threads']} threads, "
      f"{peer['flagged_windows']} burst windows at {peer['flagged_shops']} shops)")
print(f"ratio:      {polars / brushfire:.2f}x  (Polars time / Brushfire time)")
PY
