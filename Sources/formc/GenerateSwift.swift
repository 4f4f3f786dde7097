import ArgumentParser
import FormcCore
import Foundation

/// `formc swift`: Swift `Codable` types for one form spec. The build-tool plugin runs it once per
/// form, with the form's file as the only spec of its own and the target's shared files (project,
/// option lists, catalogue) as context, so editing one form regenerates only that form's code.
struct GenerateSwift: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swift",
        abstract: "Generate Swift Codable types for one form spec; write the file only when its content changes.")

    @Argument(help: "The form spec file.")
    var form: String

    @Option(name: .customLong("context"), help: "A spec file or folder the form needs: the project file, option lists (repeatable).")
    var context: [String] = []

    @Option(name: .shortAndLong, help: "The Swift file to write.")
    var out: String

    @Option(help: "The name of the generated namespace enum. Default: the form id in UpperCamelCase.")
    var typeName: String?

    @Option(help: "How to print diagnostics: text (to stderr), json or sarif (to stdout).")
    var format: DiagnosticRenderer.Format = .text

    func run() throws {
        var request = CompileRequest(paths: [form] + context.filter { $0 != form }, format: format)
        request.isWholeProject = false
        let result = try request.compile()
        let formPath = URL(fileURLWithPath: form).standardizedFileURL.path
        let forms = result.checked?.forms.filter { URL(fileURLWithPath: $0.file).standardizedFileURL.path == formPath } ?? []
        guard let spec = forms.first else { throw CompileRequest.usageError("\(form) defines no form") }
        let name = typeName ?? SwiftTypesEmitter.defaultTypeName(forFormID: spec.id.value)
        guard Self.isIdentifier(name) else { throw CompileRequest.usageError("--type-name '\(name)' is not a Swift identifier") }
        let source = Data(SwiftTypesEmitter(typeName: name).emit(spec))
        // Unchanged output keeps its timestamp, so nothing that depends on it rebuilds.
        if FileManager.default.contents(atPath: out) == source { return }
        do {
            try source.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CompileRequest.usageError("cannot write \(out): \(error.localizedDescription)")
        }
    }

    /// ASCII identifiers only: what the plugin and the default produce, and what every editor types.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
