// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "brushfire",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "brushfire", targets: ["brushfire"]),
        .library(name: "BrushfireCore", targets: ["BrushfireCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: []),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", exact: "0.2.0"),
    ],
    targets: [
        // The pure detection core: decoded events in, alerts out. No I/O, no clocks.
        .target(
            name: "BrushfireCore",
            dependencies: [
                "CPrefetch",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Deterministic marketplace traffic and attack scenarios; converters of public order exports.
        .target(name: "BrushfireSimulator", dependencies: ["BrushfireCore", "CZlib"]),
        // Thin C shims.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // A cache prefetch hint for the core's batched table lookups: a header of one inline function.
        .systemLibrary(name: "CPrefetch"),
        // Kafka in Swift on top of librdkafka: consumer, producer, embedded mock cluster.
        .target(
            name: "BrushfireKafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Where alerts leave: file, stdout, Kafka topic, webhooks with a durable outbox.
        .target(
            name: "BrushfireSinks",
            dependencies: [
                "BrushfireCore",
                "BrushfireKafka",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Drivers around the core: replay, the daemon's services, configuration, admin HTTP, metrics.
        .target(
            name: "BrushfireRuntime",
            dependencies: [
                "BrushfireCore",
                "BrushfireKafka",
                "BrushfireSinks",
                "CZlib",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "brushfire",
            dependencies: [
                "BrushfireCore",
                "BrushfireRuntime",
                "BrushfireSimulator",
                "BrushfireKafka",
                "BrushfireSinks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Shared test helpers: scenario runs, broker harness, webhook receiver.
        .target(
            name: "BrushfireTestKit",
            dependencies: ["BrushfireCore", "BrushfireSimulator", "BrushfireKafka"],
            path: "Tests/BrushfireTestKit"
        ),
        .testTarget(
            name: "BrushfireCoreTests",
            dependencies: [
                "BrushfireCore", "BrushfireSimulator", "BrushfireTestKit",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "BrushfireKafkaTests",
            dependencies: ["BrushfireKafka", "BrushfireTestKit"]
        ),
        .testTarget(
            name: "BrushfireSinksTests",
            dependencies: [
                "BrushfireSinks", "BrushfireCore", "BrushfireTestKit", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "BrushfireRuntimeTests",
            dependencies: [
                "BrushfireRuntime", "BrushfireCore", "BrushfireSimulator", "BrushfireKafka", "BrushfireSinks",
                "BrushfireTestKit", .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer harnesses, one executable per input format, and their shared main. Scripts/fuzz.sh builds them with the
// fuzzer sanitizer; an ordinary build makes plain executables that run the files they are given through the harness.
package.targets += [
    .target(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
    .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"], path: "Fuzz/FuzzSupport"),
]
let harnesses: [(name: String, dependencies: [Target.Dependency])] = [
    ("FuzzEvents", ["BrushfireCore"]),
    ("FuzzRules", ["BrushfireCore"]),
    ("FuzzCheckpoint", ["BrushfireCore"]),
    ("FuzzDaemonConfiguration", ["BrushfireRuntime"]),
    ("FuzzWebhookConfiguration", ["BrushfireRuntime", "BrushfireSinks"]),
]
for harness in harnesses {
    package.targets.append(
        .executableTarget(
            name: harness.name, dependencies: harness.dependencies + ["FuzzSupport"], path: "Fuzz/\(harness.name)"))
}
