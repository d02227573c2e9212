#!/usr/bin/env bash
# Builds one libFuzzer harness (Fuzz/TARGET) with the fuzzer and address sanitizers and runs it for SECONDS.
#   Scripts/fuzz.sh FuzzEvents|FuzzRules|FuzzCheckpoint|FuzzDaemonConfiguration|FuzzWebhookConfiguration SECONDS
#                   [extra libFuzzer flags]
# The build lives in .build-fuzz, apart from the normal one. Seeds are made fresh each run in
# .build-fuzz/seeds/TARGET from the test fixtures and the engine itself; what libFuzzer finds new goes to
# .build-fuzz/corpus/TARGET (kept between runs), crashes to .build-fuzz/crashes/TARGET.
# The Swift toolchain ships libFuzzer and the sanitizer runtimes (usr/lib/clang/*/lib/linux), so nothing
# beyond the ordinary set-up is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: Scripts/fuzz.sh TARGET SECONDS}
seconds=${2:?usage: Scripts/fuzz.sh TARGET SECONDS}
shift 2
case "$target" in
FuzzEvents | FuzzRules | FuzzCheckpoint | FuzzDaemonConfiguration | FuzzWebhookConfiguration) ;;
*)
    echo "fuzz: unknown target $target (FuzzEvents, FuzzRules, FuzzCheckpoint, FuzzDaemonConfiguration," \
        "FuzzWebhookConfiguration)" >&2
    exit 2
    ;;
esac
scratch=.build-fuzz
flags=(-c debug --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address -Xswiftc -DBRUSHFIRE_FUZZING)
swift build "${flags[@]}" --product "$target"
binary="$(swift build "${flags[@]}" --show-bin-path)/$target"

seeds=$scratch/seeds/$target
corpus=$scratch/corpus/$target
crashes=$scratch/crashes/$target
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" "$crashes"
case "$target" in
FuzzEvents)
    # One seed per fixture line, and a few stretches of consecutive lines so the engine sees event sequences.
    for file in Tests/Fixtures/events/*.jsonl; do
        name=$(basename "$file" .jsonl)
        split -l 1 -d -a 4 "$file" "$seeds/$name-line-"
        split -l 25 -d -a 3 "$file" "$seeds/$name-run-"
    done
    ;;
FuzzRules)
    cp Scripts/*.yaml "$seeds/"
    ;;
FuzzCheckpoint) ;;
FuzzDaemonConfiguration)
    # Every YAML example of the README, one file each.
    awk -v dir="$seeds" '/^```yaml/ { n++; out = sprintf("%s/readme-%02d.yaml", dir, n); next }
        /^```/ { out = ""; next } out { print > out }' README.md
    ;;
FuzzWebhookConfiguration)
    # The body of each `webhooks:` section in the README's YAML examples, taken out of its section.
    awk -v dir="$seeds" '/^```yaml/ { inside = 1; next } /^```/ { inside = 0; out = ""; next }
        inside && /^webhooks:/ { n++; out = sprintf("%s/readme-webhooks-%02d.yaml", dir, n); next }
        inside && out && /^  / { print substr($0, 3) > out; next } { out = "" }' README.md
    ;;
esac
# Seeds the harness makes itself: the default rules, checkpoints written by a real engine.
"$binary" --write-seeds "$seeds"
echo "fuzz: $target for ${seconds}s with $(ls "$seeds" | wc -l) seeds and $(ls "$corpus" | wc -l) corpus entries" >&2
# A harness may have a libFuzzer dictionary, Fuzz/Dictionaries/TARGET.dict: keys and edge values that mutations
# rarely reach by themselves.
dictionary=()
if [[ -f Fuzz/Dictionaries/$target.dict ]]; then dictionary=(-dict="Fuzz/Dictionaries/$target.dict"); fi
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} "$binary" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$crashes/" -timeout=10 -rss_limit_mb=3072 "${dictionary[@]}" "$@" "$corpus" "$seeds"
