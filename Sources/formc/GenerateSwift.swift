import ArgumentParser
import FormcCore
import Foundation

/// `formc swift`: Swift for one spec file — `Codable` types and a validator for a form, a fee calculator for a
/// procedure. The build-tool plugin runs it once per form or procedure, with the target's other
/// files it needs as context, so editing one spec regenerates only the code that depends on it.
struct GenerateSwift: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swift",
        abstract: "Generate Swift for one spec: Codable types and a validator for a form, a fee calculator for a procedure; write only on change.")

    @Argument(help: "The form or procedure spec file.")
    var form: String

    @Option(name: .customLong("context"), help: "A spec file or folder the spec needs: the project file, option lists, a procedure's forms (repeatable).")
    var context: [String] = []

    @Option(name: .shortAndLong, help: "The Swift file to write.")
    var out: String

    @Option(help: "The name of the generated namespace enum. Default: the form id in UpperCamelCase, or Procedure and the code's digits.")
    var typeName: String?

    @Option(name: .customLong("form-type"), help: ArgumentHelp(
        "For a procedure: the namespace name of a form's generated Swift, as FILE=NAME (repeatable); a form without one has the default name.",
        valueName: "file=name"))
    var formTypes: [String] = []

    @Option(help: "The access level of the generated declarations: public or internal. Default: the project file's swift: { access: }, else public.")
    var access: String?

    @Option(help: "How to print diagnostics: text (to stderr), json or sarif (to stdout).")
    var format: DiagnosticRenderer.Format = .text

    func run() throws {
        // A bad name is refused before the compile it would waste.
        if let typeName, !Self.isIdentifier(typeName) { throw Self.badName(typeName) }
        var request = CompileRequest(paths: [form] + context.filter { $0 != form }, format: format)
        request.isWholeProject = false
        let result = try request.compile()
        let specPath = URL(fileURLWithPath: form).standardizedFileURL.path
        func isSpec(_ file: String) -> Bool { URL(fileURLWithPath: file).standardizedFileURL.path == specPath }
        let defaultName: String, emit: (String) -> [UInt8]
        if let spec = result.checked?.forms.first(where: { isSpec($0.file) }) {
            defaultName = SwiftTypesEmitter.defaultTypeName(forFormID: spec.id.value)
            let catalogue = result.checked?.catalogue
            emit = { SwiftTypesEmitter(typeName: $0).emit(spec) + Array(SwiftValidatorEmitter(catalogue: catalogue, typeName: $0).emit(spec).utf8) }
        } else if let spec = result.checked?.procedures.first(where: { isSpec($0.file) }) {
            let forms = result.checked?.forms ?? []
            let catalogue = result.checked?.catalogue
            defaultName = SwiftFeesEmitter.defaultTypeName(forCode: spec.code.value)
            let names = try Self.formTypeNames(formTypes, forms: forms)
            emit = { SwiftFeesEmitter(typeName: $0).emit(spec, forms: forms, catalogue: catalogue, formTypes: names) }
        } else {
            throw CompileRequest.usageError("\(form) defines no form and no procedure")
        }
        let name = typeName ?? defaultName
        guard Self.isIdentifier(name) else { throw Self.badName(name) }
        let level: SwiftAccess
        if let access {
            guard let chosen = SwiftAccess(rawValue: access) else { throw CompileRequest.usageError("--access must be public or internal, found '\(access)'") }
            level = chosen
        } else {
            level = result.checked?.project?.swiftAccess ?? .public
        }
        let source = Data(SwiftText.withAccess(emit(name), level))
        // Unchanged output keeps its timestamp, so nothing that depends on it rebuilds.
        if FileManager.default.contents(atPath: out) == source { return }
        let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CompileRequest.usageError("cannot write \(out): the folder \(folder) does not exist")
        }
        do {
            try source.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CompileRequest.usageError("cannot write \(out): \(error.localizedDescription)")
        }
    }

    /// `--form-type FILE=NAME` read into names by form version (`id@1.2.0`); a file that holds no form is a usage error.
    static func formTypeNames(_ options: [String], forms: [FormSpec]) throws -> [String: String] {
        var names: [String: String] = [:]
        for option in options {
            guard let equals = option.lastIndex(of: "=") else {
                throw CompileRequest.usageError("--form-type takes FILE=NAME, found '\(option)'")
            }
            let file = URL(fileURLWithPath: String(option[..<equals])).standardizedFileURL.path
            let name = String(option[option.index(after: equals)...])
            guard isIdentifier(name) else { throw badName(name) }
            // Keyed by form version: a procedure may pin two majors of one form, each in its own file.
            guard let form = forms.first(where: { URL(fileURLWithPath: $0.file).standardizedFileURL.path == file }) else {
                throw CompileRequest.usageError("--form-type \(option): no form of the specs is in \(file)")
            }
            names["\(form.id.value)@\(form.version.value)"] = name
        }
        return names
    }

    static func badName(_ name: String) -> ExitCode {
        CompileRequest.usageError("--type-name '\(name)' is not a Swift identifier (nor may it be Swift or FormcRuntime)")
    }

    /// ASCII identifiers only: what the plugin and the default produce, and what every editor types.
    /// `Swift` and `FormcRuntime` are refused: the generated code names those modules.
    static func isIdentifier(_ name: String) -> Bool {
        guard name != "Swift", name != "FormcRuntime" else { return false }
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
