#!/usr/bin/env bash
# Release-mode throughput of identity normalisation + fingerprinting per order.
# Builds the Identity sources and swift-crypto in a scratch package (outside the shared .build), then runs
# Scripts/identity_bench.swift. Usage: Scripts/identity_bench.sh [scratch-dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="${1:-${TMPDIR:-/tmp}/brushfire-identity-bench}"
crypto="$root/.build/checkouts/swift-crypto"
if [ ! -d "$crypto" ]; then
    echo "swift-crypto checkout not found at $crypto: run 'swift build' in $root first" >&2
    exit 1
fi
mkdir -p "$scratch/Sources/Ident" "$scratch/Sources/identity-bench"
for file in "$root"/Sources/BrushfireCore/Identity/*.swift; do ln -sf "$file" "$scratch/Sources/Ident/"; done
ln -sf "$root/Scripts/identity_bench.swift" "$scratch/Sources/identity-bench/main.swift"
cat > "$scratch/Package.swift" <<PACKAGE
// swift-tools-version: 6.2
import PackageDescription
let package = Package(
    name: "identity-bench",
    dependencies: [.package(path: "$crypto")],
    targets: [
        .target(name: "Ident", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "identity-bench",
            dependencies: ["Ident", .product(name: "Crypto", package: "swift-crypto")]),
    ],
    swiftLanguageModes: [.v6]
)
PACKAGE
cd "$scratch"
swift build -c release --product identity-bench 2>&1 | grep -E "error|Compiling|Build complete" | tail -3
"$scratch/.build/release/identity-bench"
