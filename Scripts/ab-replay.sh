#!/usr/bin/env bash
# Compares the replay speed of two or more brushfire binaries on the same log, side by side: RUNS alternating
# runs of each (default 3), and for each binary the least CPU time (user + system), the least wall time and its
# peak RSS. Alternating runs on the same machine at the same time survive other load far better than figures taken
# apart. Wall time matters for `--threads 2`, which spends more CPU to finish sooner; it suffers from other load
# far more than CPU time does.
#
#   Scripts/ab-replay.sh LOG OLD_BRUSHFIRE NEW_BRUSHFIRE [MORE…]
#   e.g. Scripts/ab-replay.sh /tmp/brushfire-bench/reverse-brushing-266666-2000-40000.jsonl /tmp/old .build/release/brushfire
#
# A BRUSHFIRE may carry replay arguments after a colon: `.build/release/brushfire:--threads 2`.
set -euo pipefail
log=${1:?usage: ab-replay.sh LOG BRUSHFIRE BRUSHFIRE [BRUSHFIRE…]}
shift
(($# >= 2)) || { echo "usage: ab-replay.sh LOG BRUSHFIRE BRUSHFIRE [BRUSHFIRE…]" >&2; exit 2; }
runs=${RUNS:-3}
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
declare -A best wall rss
for ((run = 1; run <= runs; run++)); do
    for spec in "$@"; do
        bin=${spec%%:*}
        args=()
        [[ $spec == *:* ]] && read -r -a args <<<"${spec#*:}"
        /usr/bin/time -o "$timing" -f "%U %S %M %e" "$bin" replay "$log" --alerts /dev/null "${args[@]}" \
            >/dev/null 2>&1
        read -r user system kb elapsed <"$timing"
        bin=$spec
        cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')
        if [[ -z ${best[$bin]:-} ]] || awk -v a="$cpu" -v b="${best[$bin]}" 'BEGIN { exit !(a < b) }'; then
            best[$bin]=$cpu
        fi
        if [[ -z ${wall[$bin]:-} ]] || awk -v a="$elapsed" -v b="${wall[$bin]}" 'BEGIN { exit !(a < b) }'; then
            wall[$bin]=$elapsed
        fi
        ((kb > ${rss[$bin]:-0})) && rss[$bin]=$kb
    done
done
first=$1
for bin in "$@"; do
    ratio=$(awk -v a="${best[$first]}" -v b="${best[$bin]}" 'BEGIN { printf "%.2f", a / b }')
    echo "$bin: ${best[$bin]} CPU s, ${wall[$bin]} wall s (least of $runs each), peak RSS $((rss[$bin] / 1024)) MiB," \
        "${ratio}× the first in CPU"
done
