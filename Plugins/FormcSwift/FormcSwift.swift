import Foundation
import PackagePlugin

/// The build-tool plugin: for a target holding formc specs, one build command per form spec that
/// regenerates that form's Swift types. Each command names its exact inputs (the form's file and the
/// target's shared spec files: the project file, option lists, catalogues), so SwiftPM reruns only
/// the commands whose inputs changed, and a spec error fails `swift build` with formc's
/// `file:line:col: error:` lines.
@main
struct FormcSwift: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let specs = target.sourceFiles
            .map(\.url)
            .filter { ["yaml", "yml", "json"].contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
        var forms: [URL] = [], shared: [URL] = [], data: [URL] = []
        for spec in specs {
            switch SpecKind(of: spec) {
            case .form: forms.append(spec)
            case .procedure: break  // fee calculators in Swift are not generated yet (docs/swiftpm.md)
            case .shared: shared.append(spec)
            case .data: data.append(spec)  // read through the project file; an input, not a spec
            }
        }
        let formc = try context.tool(named: "formc").url
        let names = TypeNames(forms: forms, under: target.directoryURL)
        return forms.map { form in
            let name = names.name(of: form)
            let output = context.pluginWorkDirectoryURL.appending(path: "\(name).swift")
            return .buildCommand(
                displayName: "formc: Swift types \(name) from \(form.lastPathComponent)",
                executable: formc,
                arguments: ["swift", form.path, "--type-name", name, "--out", output.path] + shared.flatMap { ["--context", $0.path] },
                inputFiles: [form] + shared + data,
                outputFiles: [output]
            )
        }
    }
}

/// What a spec file holds, read off its top-level keys: the plugin only needs to tell forms (one
/// command each) and procedures (not used for types) from what every form may need.
enum SpecKind {
    case form, procedure, shared, data

    init(of file: URL) {
        guard file.pathExtension != "json" else {
            self = .data
            return
        }
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            self = .shared  // formc will say what is wrong with it
            return
        }
        let lines = text.split(whereSeparator: \.isNewline)
        if lines.contains(where: { $0.hasPrefix("form:") }) {
            self = .form
        } else if lines.contains(where: { $0.hasPrefix("procedure:") }) {
            self = .procedure
        } else {
            self = .shared
        }
    }
}

/// The namespace names of a target's forms: the file name in UpperCamelCase; where two forms would
/// get the same name (the same file name in two folders, or `a-b.yaml` beside `a_b.yaml`), each of
/// them gets its whole path below the target instead, and a number if even that clashes.
struct TypeNames {
    private var names: [URL: String] = [:]

    init(forms: [URL], under directory: URL) {
        func camel(_ parts: [String]) -> String {
            let words = parts.flatMap { $0.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }) }
            let name = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            return name.first.map { $0.isNumber } ?? true ? "_" + name : name
        }
        let short = Dictionary(uniqueKeysWithValues: forms.map { ($0, camel([$0.deletingPathExtension().lastPathComponent])) })
        let counts = Dictionary(short.values.map { ($0, 1) }, uniquingKeysWith: +)
        var taken: Set<String> = []
        for form in forms {  // sorted by path, so the numbering is stable
            var name = short[form]!
            if counts[name]! > 1 {
                let path = form.deletingPathExtension().path
                let relative = path.hasPrefix(directory.path) ? String(path.dropFirst(directory.path.count)) : path
                name = camel(relative.split(separator: "/").map(String.init))
            }
            var candidate = name, n = 2
            while taken.contains(candidate) {
                candidate = "\(name)\(n)"
                n += 1
            }
            taken.insert(candidate)
            names[form] = candidate
        }
    }

    func name(of form: URL) -> String { names[form]! }
}
