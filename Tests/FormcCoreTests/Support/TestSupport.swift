import Foundation
import Testing

@testable import FormcCore

/// The package's root folder, found from this file's path.
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fixed "today" so that tests never depend on the day they run.
let testToday = CalendarDate("2026-11-25")!

/// Spec text with inline position markers (1️⃣, 2️⃣, …) in the style of swift-syntax's tests: the
/// markers are removed and each one's line and column (code points, 1-based) is remembered.
struct MarkedSource {
    static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    var text: String
    var positions: [String: (line: Int, column: Int)] = [:]

    init(_ marked: String) {
        var text = ""
        var line = 1, column = 1
        var rest = Substring(marked)
        outer: while !rest.isEmpty {
            for marker in Self.markers where rest.hasPrefix(marker) {
                positions[marker] = (line, column)
                rest = rest.dropFirst(marker.count)
                continue outer
            }
            let character = rest.removeFirst()
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        self.text = text
    }
}

/// Compiles in-memory files (path → text) the way the CLI compiles files on disk.
func compile(_ files: [String: String], today: CalendarDate = testToday, extraFiles: [String: [UInt8]] = [:]) -> CompileResult {
    let sources = files.map { SourceFile(path: $0.key, bytes: Array($0.value.utf8)) }
    return Compiler.compile(sources: sources, options: CompileOptions(today: today)) { path in
        if let bytes = extraFiles[path] { return bytes }
        return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }
}

/// Reads the YAML of one file and returns the diagnostics, for Source-stage tests.
func readYAML(_ text: String, limits: SourceLimits = SourceLimits()) -> (YAMLNode?, [Diagnostic]) {
    readYAML(Array(text.utf8), limits: limits)
}

func readYAML(_ bytes: [UInt8], limits: SourceLimits = SourceLimits()) -> (YAMLNode?, [Diagnostic]) {
    let engine = DiagnosticEngine()
    let node = YAMLReader(file: "test.yaml", limits: limits, diagnostics: engine).read(bytes)
    return (node, engine.sorted)
}

/// A small, valid form spec to build test cases from.
let minimalForm = """
    formc: 1
    form: thu-nghiem
    version: 1.0.0
    title: { vi: Thử nghiệm, en: Test }
    sections:
      chung:
        title: { vi: Chung }
        fields:
          ho_ten: { type: person_name, label: { vi: Họ tên }, required: true }
    """

/// A scratch folder removed when the test ends.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("formc-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ component: String) -> String { url.appendingPathComponent(component).path }

    func write(_ relative: String, _ text: String) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }
}

/// Runs a program and returns its exit status and output.
@discardableResult
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, in directory: URL? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes before waiting so a chatty child cannot block on a full pipe.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// The path of a program found on PATH, if any.
func which(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
        let candidate = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// The formc executable built beside the test bundle.
var formcExecutable: String {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("formc").path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    return packageRoot.appendingPathComponent(".build/debug/formc").path
}
