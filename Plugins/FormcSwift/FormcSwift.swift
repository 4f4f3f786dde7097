import Foundation
import PackagePlugin

/// The build-tool plugin: for a target holding formc specs, one build command per form spec (its
/// Swift types and validator), per combined procedure (the same for its combined declaration) and per
/// procedure spec (its fee calculator). Each command names its exact inputs (the spec and the files it
/// reads: the project file, option lists, catalogues, for a procedure the forms, for a combined one
/// its members and their forms), so SwiftPM reruns only the commands whose inputs changed, and a spec
/// error fails `swift build` with formc's `file:line:col: error:` lines.
@main
struct FormcSwift: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let specs = target.sourceFiles
            .map(\.url)
            .filter { ["yaml", "yml", "json"].contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
        // Each YAML file is read once: its kind, its id, the forms a procedure names, the procedures a bundle names.
        var texts: [URL: SpecText] = [:]
        var forms: [URL] = [], procedures: [URL] = [], bundles: [URL] = [], shared: [URL] = [], data: [URL] = []
        for spec in specs {
            guard spec.pathExtension != "json" else {
                data.append(spec)  // catalogues: read through the project file; inputs, not specs
                continue
            }
            let text = SpecText(spec)
            texts[spec] = text
            switch text.kind {
            case .form: forms.append(spec)
            case .procedure: procedures.append(spec)
            case .bundle: bundles.append(spec)
            case .shared: shared.append(spec)
            }
        }
        let formc = try context.tool(named: "formc").url
        // A combined declaration is a form of the build: its types are named as a form's are.
        let names = TypeNames(forms: forms + bundles, procedures: procedures, under: target.directoryURL)
        // A form needs the shared files; a procedure needs them and the forms it names, so editing a
        // form reruns only the procedures that use it.
        var formFiles: [String: [URL]] = [:], procedureFiles: [String: [URL]] = [:]
        for form in forms { formFiles[texts[form]?.id(of: "form:") ?? "", default: []].append(form) }
        for procedure in procedures { procedureFiles[texts[procedure]?.id(of: "procedure:") ?? "", default: []].append(procedure) }
        func formsUsed(by procedure: URL) -> [URL] { texts[procedure]?.references(to: "form:", among: formFiles, all: forms) ?? forms }
        // A procedure's typed fee answers name the forms' generated types, so it is told their names.
        let needs = forms.map { ($0, shared, [URL](), "Swift types") }
            + bundles.map { bundle in
                // The combined declaration is made of its members' forms, found through their procedures.
                let members = texts[bundle]?.references(to: "procedure:", among: procedureFiles, all: procedures) ?? procedures
                let used = Set(members.flatMap(formsUsed)).sorted { $0.path < $1.path }
                return (bundle, shared + members + used, [URL](), "Swift types")
            }
            + procedures.map { procedure in
                let used = formsUsed(by: procedure)
                return (procedure, shared + used, used, "fee calculator")
            }
        return needs.map { spec, reads, typed, what in
            let name = names.name(of: spec)
            let output = context.pluginWorkDirectoryURL.appending(path: "\(name).swift")
            return .buildCommand(
                displayName: "formc: \(what) \(name) from \(spec.lastPathComponent)",
                executable: formc,
                arguments: ["swift", spec.path, "--type-name", name, "--out", output.path] + reads.flatMap { ["--context", $0.path] }
                    + typed.flatMap { ["--form-type", "\($0.path)=\(names.name(of: $0))"] },
                inputFiles: [spec] + reads + data,
                outputFiles: [output]
            )
        }
    }
}

/// The lines of a spec, read for what the plugin must know before formc runs: a form's id and the
/// form ids a procedure names (`form: <id>`, in block or flow style). formc itself reads the YAML
/// properly; this only decides the inputs of each build command.
struct SpecText {
    let lines: [Substring]

    /// What the file holds, read off its top-level keys: forms, procedures and combined procedures
    /// (bundles) get a command each; the rest (project file, option lists) is what they may need.
    enum Kind { case form, procedure, bundle, shared }

    init(_ file: URL) {
        // An unreadable file counts as shared context, so formc reports what is wrong with it.
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        lines = text.split(whereSeparator: \.isNewline)
    }

    var kind: Kind {
        if lines.contains(where: { $0.hasPrefix("form:") }) { return .form }
        if lines.contains(where: { $0.hasPrefix("procedure:") }) { return .procedure }
        if lines.contains(where: { $0.hasPrefix("bundle:") }) { return .bundle }
        return .shared
    }

    /// The id a top-level key (`form:`, `procedure:`) gives the file.
    func id(of key: String) -> String? {
        lines.first { $0.hasPrefix(key) }.map { Self.id(after: $0.dropFirst(key.count)) }
    }

    /// The files a spec names with `key` (a procedure's forms, `form: <id>`; a combined procedure's
    /// members, `procedure: <code>`), in block or flow style. A name with no file among `files` gives
    /// all of `all`, and formc then reports what is wrong.
    func references(to key: String, among files: [String: [URL]], all: [URL]) -> [URL] {
        var ids: Set<String> = []
        for line in lines {
            var rest = line[...]
            while let range = rest.range(of: key) {
                let before = rest[..<range.lowerBound].last
                if before == nil || before == " " || before == "{" || before == "," {
                    ids.insert(Self.id(after: rest[range.upperBound...]))
                }
                rest = rest[range.upperBound...]
            }
        }
        var found: [URL] = []
        for id in ids.sorted() {
            guard let urls = files[id] else { return all }
            found += urls
        }
        return found.sorted { $0.path < $1.path }
    }

    /// The id at the start of `text`: letters, digits, '-', '_', '.', '@', after blanks and quotes.
    private static func id(after text: Substring) -> String {
        let trimmed = text.drop { $0 == " " || $0 == "\"" || $0 == "'" }
        let id = trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        return String(id)
    }
}

/// The namespace names of a target's forms and procedures: the file name in UpperCamelCase; where two forms would
/// get the same name (the same file name in two folders, or `a-b.yaml` beside `a_b.yaml`), each of
/// them gets its whole path below the target instead, and a number if even that clashes.
struct TypeNames {
    private var names: [URL: String] = [:]

    init(forms: [URL], procedures: [URL], under directory: URL) {
        // Procedure files are named by code (1.001193-dang-ky-khai-sinh.yaml): "Procedure" makes
        // their names start with a letter and says what they are.
        let isProcedure = Set(procedures)
        func camel(_ parts: [String], for spec: URL) -> String {
            let words = parts.flatMap { $0.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }) }
            let name = (isProcedure.contains(spec) ? "Procedure" : "") + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            return name.first.map { $0.isNumber } ?? true ? "_" + name : name
        }
        let specs = (forms + procedures).sorted { $0.path < $1.path }
        let short = Dictionary(uniqueKeysWithValues: specs.map { ($0, camel([$0.deletingPathExtension().lastPathComponent], for: $0)) })
        let counts = Dictionary(short.values.map { ($0, 1) }, uniquingKeysWith: +)
        var taken: Set<String> = ["Swift", "FormcRuntime"]  // the modules generated code names
        for form in specs {  // sorted by path, so the numbering is stable
            var name = short[form]!
            if counts[name]! > 1 {
                let path = form.deletingPathExtension().path
                let relative = path.hasPrefix(directory.path) ? String(path.dropFirst(directory.path.count)) : path
                name = camel(relative.split(separator: "/").map(String.init), for: form)
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
