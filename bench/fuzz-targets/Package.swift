// swift-tools-version: 6.1
import Foundation
import PackageDescription

// libFuzzer targets for rag's parsers of untrusted files, kept out of rag's own build: bench/fuzz
// builds them with -sanitize=fuzzer,address. rag is a dependency by path, and SwiftPM names a path
// dependency after its folder, which is whatever the checkout is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

let package = Package(
    name: "rag-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: root.path)],
    targets: [
        .target(name: "CLibFuzzer"),
        .executableTarget(
            name: "rag-fuzz",
            dependencies: ["CLibFuzzer", .product(name: "RagParsers", package: root.lastPathComponent.lowercased())],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
