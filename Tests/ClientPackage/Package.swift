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
        // The bundled corpus's forms and procedures (symbolic links into forms/) and test forms with
        // awkward names; generated: Codable types per form, a fee calculator per procedure.
        .target(
            name: "HoTich",
            dependencies: [.product(name: "FormcRuntime", package: formc)],
            plugins: [.plugin(name: "FormcSwift", package: formc)]
        ),
        .testTarget(name: "HoTichTests", dependencies: ["HoTich", "ChungThuc", "NoiBo"]),
        // A form for a service without Foundation: ChungThuc's generated code and the Intake
        // command import nothing but FormcRuntime (and Glibc), so linking Intake shows FormcRuntime
        // links what it needs by itself.
        .target(
            name: "ChungThuc",
            dependencies: [.product(name: "FormcRuntime", package: formc)],
            plugins: [.plugin(name: "FormcSwift", package: formc)]
        ),
        .executableTarget(name: "Intake", dependencies: ["ChungThuc", .product(name: "FormcRuntime", package: formc)]),
        // Generated Swift kept internal (its project file says `swift: { access: internal }`).
        .target(
            name: "NoiBo",
            dependencies: [.product(name: "FormcRuntime", package: formc)],
            plugins: [.plugin(name: "FormcSwift", package: formc)]
        ),
        // scripts/bench-swift-validators.mjs times it against validate.mjs.
        .executableTarget(name: "ValidatorBench", dependencies: ["HoTich", .product(name: "FormcRuntime", package: formc)]),
    ]
)
