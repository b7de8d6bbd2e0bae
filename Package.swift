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
        // The parsers and readers, for the fuzz targets in bench/fuzz (built only there).
        .library(name: "RagParsers", targets: ["Ingest", "LLM", "VectorIndex", "Retriever"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // `rag serve`; the swift-configuration trait is off, as rag reads no configuration files.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // `rag mcp`: the official Model Context Protocol SDK.
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // `.docx .pptx .odt .odp .epub` are zip files of XML.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // System libraries from Debian's -dev packages, each behind a module map.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
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
        // bfloat16 matrix products (AVX-512 BF16) for the sentence encoder, chosen at run time.
        .target(name: "CBFloat16"),

        .target(name: "LLM", dependencies: ["COpenBLAS", "CPrefetch", "CBFloat16"], swiftSettings: strictSettings + vectorSettings),
        .target(
            name: "VectorIndex",
            dependencies: ["CFaiss", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Ingest",
            dependencies: [
                "LLM", "VectorIndex", "CLibXML2", "CPoppler", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "Retriever", dependencies: ["LLM", "VectorIndex"], swiftSettings: strictSettings),
        // Gold question sets, BEIR, and the measures every figure in docs/ comes from.
        .target(name: "Evaluation", dependencies: ["LLM", "Ingest", "VectorIndex", "Retriever"], swiftSettings: strictSettings),
        // `rag serve`: routes, the generation queue, access rules and the page.
        .target(
            name: "Server",
            dependencies: [
                "LLM", "Ingest", "VectorIndex", "Retriever", "NotesMCP", .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // `rag mcp`: the store's tools and notes for an assistant, over the official MCP SDK.
        .target(
            name: "NotesMCP",
            dependencies: [
                "LLM", "Ingest", "VectorIndex", "Retriever", .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // What rag shows in a terminal: answers, results, progress, a chat session; made safe.
        .target(name: "Console", dependencies: ["LLM", "Ingest", "VectorIndex", "Retriever", "CEditLine"], swiftSettings: strictSettings),
        // Argument parsing and printing only.
        .executableTarget(
            name: "rag-cli",
            dependencies: [
                "LLM", "Ingest", "VectorIndex", "Retriever", "Evaluation", "Server", "NotesMCP", "Console",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Retriever", "VectorIndex"], swiftSettings: strictSettings),
        .testTarget(name: "ServerTests", dependencies: ["Server"], swiftSettings: strictSettings),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "Retriever", "VectorIndex"], swiftSettings: strictSettings),
        .testTarget(name: "CLITests", dependencies: ["rag-cli", "LLM"], swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)
