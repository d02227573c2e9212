#!/usr/bin/env bash
# Makes the README's screenshot of the seed scenario's evidence pack: simulates the reverse-brushing scenario,
# replays it with --evidence, and has headless Chromium (with fonts-noto-cjk for the Chinese) take a picture of
# the reverse_brushing incident's pack. Usage: Scripts/evidence-screenshot.sh [BRUSHFIRE] [OUT.png]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
brushfire=${1:-$root/.build/debug/brushfire}
out=${2:-$root/docs/images/evidence-pack.png}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$brushfire" simulate --scenario reverse-brushing --out "$work/seed.jsonl"
"$brushfire" replay "$work/seed.jsonl" --alerts "$work/alerts.jsonl" --evidence "$work/packs" --quiet
# The pack's own rule is the one top-level key indented by two spaces.
pack=$(grep -l '^  "rule" : "reverse_brushing"' "$work"/packs/*.json | head -1)
[[ -n "$pack" ]] || { echo "evidence-screenshot: no reverse_brushing pack" >&2; exit 1; }
chromium --headless --disable-gpu --no-sandbox --hide-scrollbars --user-data-dir="$work/profile" \
    --virtual-time-budget=2000 --window-size=1280,1700 --screenshot="$out" "file://${pack%.json}.html" 2>/dev/null
echo "evidence-screenshot: $out from $(basename "${pack%.json}").html"
