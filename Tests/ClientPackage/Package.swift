// swift-tools-version: 6.1
// A package that adopts formc as a team would: it depends on formc by path and applies the FormcSwift
// build-tool plugin to a target holding specs. scripts/test-client-package.sh builds and tests a copy.
import Foundation
import PackageDescription

/// A path dependency's identity is its folder's name, which is whatever the clone was called.
let formcFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
let formc = formcFolder.lastPathComponent.lowercased()

let package = Package(
    name: "FormcClient",
    dependencies: [
        .package(path: formcFolder.path),
    ],
    targets: [
        // Civil-status forms (symbolic links to the bundled corpus) and a test form with awkward names.
        .target(
            name: "HoTich",
            plugins: [.plugin(name: "FormcSwift", package: formc)]
        ),
        .testTarget(name: "HoTichTests", dependencies: ["HoTich"]),
    ]
)
