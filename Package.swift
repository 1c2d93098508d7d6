// swift-tools-version:6.0
import PackageDescription

/// One target per pipeline stage; the folder layout follows the data flow in DESIGN.md.
let package = Package(
    name: "SymbolForge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "symbolforge", targets: ["symbolforge"]),
        .executable(name: "symbolforge-bench", targets: ["symbolforge-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .target(name: "Support", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "SymbolicExpression"),
        .systemLibrary(name: "CGMP", path: "Sources/CGMP", providers: [.apt(["libgmp-dev"]), .brew(["gmp"])]),
        // Like SymbolNet below, these two are optimised in the debug build too: the optimized plan's precision
        // search evaluates the golden model over tens of thousands of vectors per candidate, and the tests and
        // `Scripts/symbolforge` run the debug build.
        .target(name: "FixedPoint", dependencies: ["CGMP"], swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(
            name: "Datapath", dependencies: ["SymbolicExpression", "FixedPoint", "Support"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .executableTarget(name: "EmbedText"),
        .plugin(name: "EmbedResources", capability: .buildTool(), dependencies: ["EmbedText"]),
        .target(name: "VerilogBackend", dependencies: ["Datapath", "FixedPoint"], plugins: ["EmbedResources"]),
        .target(name: "HLSBackend", dependencies: ["Datapath", "FixedPoint", "Support"]),
        .target(name: "Verilator", dependencies: ["Support"]),
        .target(name: "Results", dependencies: ["Support"]),
        .target(name: "Testbench", dependencies: ["Verilator", "Datapath", "VerilogBackend", "FixedPoint", "Support", "Results"]),
        // The debug build (tests, `Scripts/symbolforge`) optimises this one target so that training
        // runs at release speed there (docs/symbolnet.md, "Speed").
        .target(
            name: "SymbolNet", dependencies: ["SymbolicExpression", "Support"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(name: "Synthesis", dependencies: ["VerilogBackend", "Datapath", "Support", "Results"]),
        .target(name: "Reporting", dependencies: ["Results", "Support"]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Dataset", dependencies: ["CZlib", "Support"]),
        .target(
            name: "Flows",
            dependencies: [
                "SymbolicExpression", "FixedPoint", "Datapath", "VerilogBackend", "Verilator",
                "Testbench", "SymbolNet", "Dataset", "HLSBackend", "Synthesis", "Reporting", "Support", "Results",
            ],
            plugins: ["EmbedResources"]
        ),
        .executableTarget(
            name: "symbolforge",
            dependencies: [
                "Flows", "SymbolicExpression", "FixedPoint", "Datapath", "VerilogBackend", "Verilator",
                "Testbench", "SymbolNet", "Dataset", "HLSBackend", "Synthesis", "Reporting", "Support", "Results",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "symbolforge-bench",
            dependencies: ["Flows", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "SymbolicExpressionTests", dependencies: ["SymbolicExpression", "Support"]),
        .testTarget(name: "FixedPointTests", dependencies: ["FixedPoint"]),
        .testTarget(name: "DatapathTests", dependencies: ["Datapath", "SymbolicExpression", "FixedPoint", "Support"]),
        .testTarget(name: "VerilogBackendTests", dependencies: ["VerilogBackend", "Datapath", "SymbolicExpression"]),
        .testTarget(
            name: "HLSBackendTests", dependencies: ["HLSBackend", "Datapath", "SymbolicExpression", "FixedPoint", "Testbench", "Support"],
            exclude: ["Golden"]
        ),
        .testTarget(name: "VerilatorTests", dependencies: ["Verilator", "Support"]),
        .testTarget(name: "SymbolNetTests", dependencies: ["SymbolNet", "SymbolicExpression"], exclude: ["Fixtures"]),
        .testTarget(name: "DatasetTests", dependencies: ["Dataset", "Support"]),
        .testTarget(name: "SynthesisTests", dependencies: ["Synthesis", "VerilogBackend", "Datapath", "SymbolicExpression", "FixedPoint"]),
        // Results files built the way a run writes them, shared by the tests of the schema and of its readers.
        .target(name: "ResultsFixtures", dependencies: ["Results"], path: "Tests/ResultsFixtures", exclude: ["V1"]),
        .testTarget(name: "ResultsTests", dependencies: ["Results", "ResultsFixtures"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Results", "ResultsFixtures"]),
        .testTarget(name: "CLITests", dependencies: ["symbolforge"]),
        .testTarget(name: "NegativeTests", dependencies: ["symbolforge"], exclude: ["Expected", "Fixtures"]),
        .testTarget(
            name: "FlowsTests",
            dependencies: ["Flows", "Reporting", "Testbench", "Verilator", "Datapath", "SymbolicExpression", "FixedPoint", "Synthesis", "SymbolNet", "Support",
                           "Results", "ResultsFixtures", "VerilogBackend"]
        ),
        .testTarget(
            name: "Testbenches",
            dependencies: ["Testbench", "Verilator", "VerilogBackend", "Datapath", "FixedPoint", "SymbolicExpression"],
            path: "Testbenches"
        ),
    ]
)
