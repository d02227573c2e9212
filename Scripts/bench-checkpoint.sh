#!/usr/bin/env bash
# Checkpoint size and time per million tracked keys, release build.
# Builds BrushfireCore, the checkpoint file layer (Sources/BrushfireRuntime/State/{CheckpointFile,StateDirectory})
# and Scripts/bench_checkpoint.swift in a scratch package (outside the shared .build), then runs it.
# Usage: Scripts/bench-checkpoint.sh [--core-only | --rings-only] [scratch-dir] [checkouts-dir]
#   --core-only: only the engine without the ring detectors (1M orders); --rings-only: only 1M orders with them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
flags=()
positional=()
for argument in "$@"; do
    case "$argument" in
    --*) flags+=("$argument") ;;
    *) positional+=("$argument") ;;
    esac
done
scratch="${positional[0]:-${TMPDIR:-/tmp}/brushfire-checkpoint-bench}"
checkouts="${positional[1]:-}"
if [ -z "$checkouts" ]; then
    for candidate in "$root/.build/checkouts" "$root"/.build-*/checkouts; do
        if [ -d "$candidate/swift-crypto" ] && [ -d "$candidate/Yams" ]; then checkouts="$candidate"; break; fi
    done
fi
if [ -z "$checkouts" ]; then
    echo "no swift-crypto and Yams checkouts found: run 'swift build' in $root first" >&2
    exit 1
fi
mkdir -p "$scratch/Sources/BrushfireCore" "$scratch/Sources/BrushfireState" "$scratch/Sources/bench-checkpoint"
rm -f "$scratch"/Sources/BrushfireCore/*.swift
find "$root/Sources/BrushfireCore" -name '*.swift' -exec ln -sf {} "$scratch/Sources/BrushfireCore/" \;
for file in CheckpointFile.swift StateDirectory.swift; do
    ln -sf "$root/Sources/BrushfireRuntime/State/$file" "$scratch/Sources/BrushfireState/"
done
ln -sfn "$root/Sources/CZlib" "$scratch/Sources/CZlib"
ln -sf "$root/Scripts/bench_checkpoint.swift" "$scratch/Sources/bench-checkpoint/main.swift"
cat > "$scratch/Package.swift" <<PACKAGE
// swift-tools-version: 6.2
import PackageDescription
let package = Package(
    name: "checkpoint-bench",
    dependencies: [.package(path: "$checkouts/swift-crypto"), .package(path: "$checkouts/Yams")],
    targets: [
        .target(
            name: "BrushfireCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto"), .product(name: "Yams", package: "Yams")]),
        .systemLibrary(name: "CZlib"),
        .target(name: "BrushfireState", dependencies: ["BrushfireCore", "CZlib"]),
        .executableTarget(name: "bench-checkpoint", dependencies: ["BrushfireCore", "BrushfireState"]),
    ],
    swiftLanguageModes: [.v6]
)
PACKAGE
cd "$scratch"
swift build -c release --product bench-checkpoint 2>&1 | { grep -E "error|complete" || true; } | tail -3
"$scratch/.build/release/bench-checkpoint" "${flags[@]}"
