// swift-tools-version: 6.1
import PackageDescription

/// Upcoming features that make dependencies and existentials explicit, for every Swift target.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "formc",
    products: [
        .executable(name: "formc", targets: ["formc"]),
        .library(name: "FormcCore", targets: ["FormcCore"]),
        .plugin(name: "FormcArtifacts", targets: ["FormcArtifacts"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries, found through pkg-config; `providers` tells SwiftPM what to suggest when missing.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CJansson",
            pkgConfig: "jansson",
            providers: [.apt(["libjansson-dev"])]
        ),
        // One system call Swift cannot reach directly: the atomic swap of the output folder.
        .target(name: "CFormcSystem"),
        // The compiler: one folder per pipeline stage (Source → Decode → Check → Emit → Write).
        .target(
            name: "FormcCore",
            dependencies: ["CLibYAML", "CJansson", "CFormcSystem"],
            swiftSettings: strictSettings
        ),
        // The command-line shell over FormcCore.
        .executableTarget(
            name: "formc",
            dependencies: [
                "FormcCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // `swift package formc-artifacts`: every artifact of the package's specs into a folder of it.
        .plugin(
            name: "FormcArtifacts",
            capability: .command(
                intent: .custom(verb: "formc-artifacts", description: "Compile the package's formc specs and write every artifact into a folder"),
                permissions: [.writeToPackageDirectory(reason: "formc writes the compiled artifacts into a folder of the package")]
            ),
            dependencies: ["formc"]
        ),
        .testTarget(
            name: "FormcCoreTests",
            dependencies: ["FormcCore"],
            exclude: ["Golden", "Fixtures"],
            swiftSettings: strictSettings
        ),
    ]
)
