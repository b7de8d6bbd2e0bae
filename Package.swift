// swift-tools-version: 6.1
import Foundation
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The kernels' loops vectorise twice as wide with AVX2 and FMA. Like llama.cpp's GGML_NATIVE, this
/// builds for the CPU it builds on: enabled only where /proc/cpuinfo lists both.
let vectorSettings: [SwiftSetting] = {
    let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let flags = cpu.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? []
    return flags.contains("avx2") && flags.contains("fma") ? [.unsafeFlags(["-target-cpu", "haswell"])] : []
}()

let package = Package(
    name: "rag",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rag", targets: ["rag-cli"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // `rag serve`; the swift-configuration trait is off, as rag reads no configuration files.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // System libraries from Debian's -dev packages, each behind a module map.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // One header-only inline function: a prefetch hint for the decoder's kernels.
        .systemLibrary(name: "CPrefetch"),
        // Debian ships FAISS as a C++ static library only; this shim gives Swift a small C API.
        .target(
            name: "CFaiss",
            cxxSettings: [.unsafeFlags(["-fopenmp"])],
            linkerSettings: [
                .linkedLibrary("faiss"), .linkedLibrary("openblas"), .linkedLibrary("gomp"),
                .linkedLibrary("stdc++"),
            ]
        ),
        // Poppler's C++ API, behind a small C API so that no poppler type or exception reaches Swift.
        .target(
            name: "CPoppler",
            linkerSettings: [.linkedLibrary("poppler-cpp"), .linkedLibrary("stdc++")]
        ),

        .target(name: "LLM", dependencies: ["COpenBLAS", "CPrefetch"], swiftSettings: strictSettings + vectorSettings),
        .target(
            name: "VectorIndex",
            dependencies: ["CFaiss", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Ingest",
            dependencies: ["LLM", "VectorIndex", "CLibXML2", "CPoppler", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .target(name: "Retriever", dependencies: ["LLM", "VectorIndex"], swiftSettings: strictSettings),
        .executableTarget(
            name: "rag-cli",
            dependencies: [
                "LLM", "Ingest", "VectorIndex", "Retriever",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),

        .testTarget(name: "LLMTests", dependencies: ["LLM"], swiftSettings: strictSettings),
        .testTarget(name: "IngestTests", dependencies: ["Ingest"], exclude: ["Fixtures"], swiftSettings: strictSettings),
        .testTarget(name: "RetrieverTests", dependencies: ["Retriever"], swiftSettings: strictSettings),
        .testTarget(
            name: "VectorIndexTests",
            dependencies: ["VectorIndex", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "CLITests", dependencies: ["rag-cli", "LLM"], swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)
