import ArgumentParser
import FormcCore
import Foundation

/// `formc lsp`: a Language Server Protocol server over standard input and output, for editors:
/// diagnostics as the designer types — the same ids, messages and places as `formc check`, with the
/// whole project in view (the open documents' text over what is on disk) — a quick fix for every
/// fix-it, and completion, hover, go to definition and formatting from `SpecAssist` (docs/editors.md).
struct LanguageServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp", abstract: "Serve the Language Server Protocol on standard input and output (diagnostics, quick fixes, completion, hover, definitions, formatting).")

    func run() throws {
        var server = Server()
        while let message = Server.read() {
            guard let reply = server.handle(message) else { continue }
            for out in reply { Server.write(out) }
            if server.exiting { break }
        }
    }
}

/// The server's state: the open documents, and the files it last published diagnostics for.
struct Server {
    var documents: [String: String] = [:]  // path → text
    var published: Set<String> = []
    var lastResult: CompileResult?
    /// Re-checks redo only what an edit touches (CheckSession).
    let session = CheckSession()
    var exiting = false

    // MARK: Messages

    /// Bytes read from standard input and not used yet (headers and bodies share one buffer).
    nonisolated(unsafe) static var pending: [UInt8] = []

    /// More input, or false at its end.
    static func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let count = Glibc.read(0, &chunk, chunk.count)
        guard count > 0 else { return false }
        pending += chunk[0..<count]
        return true
    }

    /// One JSON-RPC message, framed with Content-Length, or nil at the end of the input.
    static func read() -> JSONValue? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int? = nil
        while headerEnd == nil {
            if pending.count >= 4 {
                headerEnd = (0...(pending.count - 4)).first { pending[$0..<($0 + 4)].elementsEqual(separator) }
            }
            if headerEnd == nil {
                guard pending.count < 64 << 10, fill() else { return nil }
            }
        }
        let header = String(decoding: pending[0..<headerEnd!], as: UTF8.self)
        pending.removeFirst(headerEnd! + 4)
        var length = 0
        for line in header.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        guard length > 0, length <= 16 << 20 else { return nil }
        while pending.count < length {
            guard fill() else { return nil }
        }
        let body = Array(pending[0..<length])
        pending.removeFirst(length)
        return (try? JSONCodec.decode(body)) ?? .object([])
    }

    static func write(_ message: JSONValue) {
        let body = Array(JSONCodec.encodeString(message, indent: 0).utf8)
        FileHandle.standardOutput.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + Data(body))
    }

    static func response(_ id: JSONValue, _ result: JSONValue) -> JSONValue {
        .object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)])
    }

    static func notification(_ method: String, _ params: JSONValue) -> JSONValue {
        .object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)])
    }

    mutating func handle(_ message: JSONValue) -> [JSONValue]? {
        let method = message["method"]?.stringValue ?? ""
        let id = message["id"]
        let params = message["params"] ?? .null
        switch method {
        case "initialize":
            return [Self.response(id ?? .null, .object([
                ("capabilities", .object([
                    ("textDocumentSync", .integer(1)),  // full text on every change
                    ("codeActionProvider", .bool(true)),
                    ("completionProvider", .object([("triggerCharacters", .array([":", " ", ".", "[", ","].map(JSONValue.string)))])),
                    ("hoverProvider", .bool(true)),
                    ("definitionProvider", .bool(true)),
                    ("documentFormattingProvider", .bool(true)),
                ])),
                ("serverInfo", .object([("name", .string("formc")), ("version", .string(FormcVersion.current))])),
            ]))]
        case "textDocument/didOpen", "textDocument/didChange":
            guard let uri = params["textDocument"]?["uri"]?.stringValue, let path = Self.path(uri) else { return nil }
            let text = params["textDocument"]?["text"]?.stringValue ?? params["contentChanges"]?.arrayValue?.last?["text"]?.stringValue
            if let text { documents[path] = text }
            // A keystroke changes only this document: the project's files on disk are as they were.
            return diagnose(around: path, rescan: method == "textDocument/didOpen")
        case "textDocument/didSave":
            guard let uri = params["textDocument"]?["uri"]?.stringValue, let path = Self.path(uri) else { return nil }
            return diagnose(around: path)
        case "textDocument/didClose":
            if let uri = params["textDocument"]?["uri"]?.stringValue, let path = Self.path(uri) { documents[path] = nil }
            return nil
        case "textDocument/codeAction":
            return [Self.response(id ?? .null, codeActions(params))]
        case "textDocument/completion", "textDocument/hover", "textDocument/definition":
            return [Self.response(id ?? .null, assist(method, params))]
        case "textDocument/formatting":
            return [Self.response(id ?? .null, formatting(params))]
        case "shutdown":
            return [Self.response(id ?? .null, .null)]
        case "exit":
            exiting = true
            return []
        default:
            // A request the server does not serve gets an empty answer; notifications are ignored.
            if let id, method != "" { return [Self.response(id, .null)] }
            return nil
        }
    }

    // MARK: Diagnostics

    /// The project's spec files as last read from disk, by folder: the list and the bytes. Read again
    /// when a document is opened or saved; a keystroke only changes the open document's text.
    var disk: (root: String, files: [String: SourceFile])?

    /// Checks the project the file is in (the nearest formc.yaml upwards, else the file's folder)
    /// with the open documents' text, and publishes every file's diagnostics.
    mutating func diagnose(around path: String, rescan: Bool = true) -> [JSONValue] {
        let root = Self.projectRoot(of: path)
        if rescan || disk?.root != root {
            var files: [String: SourceFile] = [:]
            for file in (try? Compiler.discoverSpecFiles([root])) ?? [] {
                // The same bytes as before keep their storage, so the session compares them at no cost.
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                let bytes = [UInt8](data)
                files[file] = disk?.files[file].flatMap { $0.bytes == bytes ? $0 : nil } ?? SourceFile(path: file, bytes: bytes)
            }
            disk = (root, files)
        }
        var byPath = disk?.files ?? [:]
        for (open, text) in documents where open.hasPrefix(root + "/") {
            byPath[open] = SourceFile(path: open, bytes: Array(text.utf8))
        }
        let sources = byPath.keys.sorted().map { byPath[$0]! }
        let result = session.check(sources: sources, options: CompileOptions(today: CompileOptions.currentDate())) { file in
            FileManager.default.contents(atPath: file).map { [UInt8]($0) }
        }
        lastResult = result
        var byFile: [String: [JSONValue]] = [:]
        for diagnostic in result.diagnostics.sorted {
            guard let location = diagnostic.location else { continue }
            byFile[location.file, default: []].append(lspDiagnostic(diagnostic, result: result))
        }
        var out: [JSONValue] = []
        // The edited document always (an empty list says it is clean), and files that had
        // diagnostics and have none now, cleared.
        for file in Set(byFile.keys).union(published).union([path]).sorted() {
            out.append(Self.notification("textDocument/publishDiagnostics", .object([
                ("uri", .string(URL(fileURLWithPath: file).absoluteString)), ("diagnostics", .array(byFile[file] ?? [])),
            ])))
        }
        published = Set(byFile.keys)
        return out
    }

    func lspDiagnostic(_ d: Diagnostic, result: CompileResult) -> JSONValue {
        let start = position(d.location!, result: result)
        // The span a fix-it replaces, when there is one here; else the character at the place.
        let end = d.fixIts.first { $0.range.start == d.location }.map { position($0.range.end, result: result) }
            ?? JSONValue.object([("line", start["line"]!), ("character", .integer((start["character"]?.integerValue ?? 0) + 1))])
        var members: [(key: String, value: JSONValue)] = [
            ("range", .object([("start", start), ("end", end)])),
            ("severity", .integer(d.severity == .error ? 1 : d.severity == .warning ? 2 : 3)),
            ("code", .string(d.id.code)), ("source", .string("formc")), ("message", .string(d.message)),
        ]
        let related = d.notes.compactMap { note -> JSONValue? in
            guard let l = note.location else { return nil }
            let p = position(l, result: result)
            return .object([
                ("location", .object([("uri", .string(URL(fileURLWithPath: l.file).absoluteString)), ("range", .object([("start", p), ("end", p)]))])),
                ("message", .string(note.message)),
            ])
        }
        if !related.isEmpty { members.append(("relatedInformation", .array(related))) }
        return .object(members)
    }

    /// An LSP position: zero-based line, and the character in UTF-16 code units (formc counts code points).
    func position(_ location: SourceLocation, result: CompileResult) -> JSONValue {
        var character = max(location.column - 1, 0)
        if let line = result.sources[location.file]?.line(location.line) { character = Self.utf16Offset(scalars: character, in: line) }
        return .object([("line", .integer(Int64(max(location.line - 1, 0)))), ("character", .integer(Int64(character)))])
    }

    // MARK: Quick fixes

    /// A quick fix for every fix-it of a diagnostic in the requested file (and range's lines).
    func codeActions(_ params: JSONValue) -> JSONValue {
        guard let uri = params["textDocument"]?["uri"]?.stringValue, let path = Self.path(uri), let result = lastResult else { return .array([]) }
        let first = Int(params["range"]?["start"]?["line"]?.integerValue ?? 0) + 1
        let last = Int(params["range"]?["end"]?["line"]?.integerValue ?? Int64(Int.max - 1)) + 1
        var actions: [JSONValue] = []
        for diagnostic in result.diagnostics.sorted where diagnostic.location?.file == path {
            guard let line = diagnostic.location?.line, line >= first, line <= last else { continue }
            for fix in diagnostic.fixIts where fix.range.start.file == path {
                let edit = JSONValue.object([
                    ("range", .object([("start", position(fix.range.start, result: result)), ("end", position(fix.range.end, result: result))])),
                    ("newText", .string(fix.replacement)),
                ])
                actions.append(.object([
                    ("title", .string(fix.message)), ("kind", .string("quickfix")),
                    ("diagnostics", .array([lspDiagnostic(diagnostic, result: result)])),
                    ("isPreferred", .bool(diagnostic.fixIts.count == 1)),
                    ("edit", .object([("changes", .object([(uri, .array([edit]))]))])),
                ]))
            }
        }
        return .array(actions)
    }

    // MARK: Completion, hover, definition, formatting

    /// The open document's text, else the file's.
    func text(of path: String) -> String? {
        documents[path] ?? FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    mutating func assist(_ method: String, _ params: JSONValue) -> JSONValue {
        guard let uri = params["textDocument"]?["uri"]?.stringValue, let path = Self.path(uri), let text = text(of: path),
            let line = params["position"]?["line"]?.integerValue, let character = params["position"]?["character"]?.integerValue
        else { return .null }
        // The project as last checked, checked now if it never was (a request before any edit).
        if lastResult?.sources[path] == nil { _ = diagnose(around: path) }
        let lineText = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(Int(line)).first.map(String.init) ?? ""
        let column = Self.scalarOffset(utf16: Int(character), in: lineText)
        let cursor = SpecCursor(text: text, line: Int(line), column: column)
        let assist = SpecAssist(checked: lastResult?.checked)
        switch method {
        case "textDocument/completion":
            let start = JSONValue.object([("line", .integer(line)), ("character", .integer(Int64(Self.utf16Offset(scalars: cursor.wordStart, in: lineText))))])
            let end = JSONValue.object([("line", .integer(line)), ("character", .integer(character))])
            let items = assist.completions(file: path, text: text, cursor: cursor).map { item -> JSONValue in
                // LSP completion kinds: Property, EnumMember, Field, Reference.
                let kind: Int64 = switch item.kind { case .key: 10; case .value: 20; case .field: 5; case .reference: 18 }
                var members: [(key: String, value: JSONValue)] = [("label", .string(item.label)), ("kind", .integer(kind))]
                if let detail = item.detail { members.append(("detail", .string(detail))) }
                let newText = item.kind == .key ? item.label + ": " : item.label
                members.append(("textEdit", .object([("range", .object([("start", start), ("end", end)])), ("newText", .string(newText))])))
                return .object(members)
            }
            return .object([("isIncomplete", .bool(false)), ("items", .array(items))])
        case "textDocument/hover":
            guard let markdown = assist.hover(file: path, text: text, cursor: cursor) else { return .null }
            return .object([("contents", .object([("kind", .string("markdown")), ("value", .string(markdown))]))])
        default:
            guard let location = assist.definition(file: path, text: text, cursor: cursor), let result = lastResult else { return .null }
            let position = position(location, result: result)
            return .object([
                ("uri", .string(URL(fileURLWithPath: location.file).absoluteString)),
                ("range", .object([("start", position), ("end", position)])),
            ])
        }
    }

    /// One edit replacing the whole document when formatting changes it, else none.
    func formatting(_ params: JSONValue) -> JSONValue {
        guard let uri = params["textDocument"]?["uri"]?.stringValue, let path = Self.path(uri), let text = text(of: path) else { return .array([]) }
        let formatted = SpecAssist.format(text)
        guard formatted != text else { return .array([]) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        return .array([.object([
            ("range", .object([
                ("start", .object([("line", .integer(0)), ("character", .integer(0))])),
                ("end", .object([("line", .integer(Int64(lines))), ("character", .integer(0))])),
            ])),
            ("newText", .string(formatted)),
        ])])
    }

    /// LSP counts characters in UTF-16 code units; formc in Unicode scalars.
    static func scalarOffset(utf16 offset: Int, in line: String) -> Int {
        var units = 0, scalars = 0
        for scalar in line.unicodeScalars {
            guard units < offset else { break }
            units += scalar.utf16.count
            scalars += 1
        }
        return scalars
    }

    static func utf16Offset(scalars offset: Int, in line: String) -> Int {
        line.unicodeScalars.prefix(offset).reduce(0) { $0 + $1.utf16.count }
    }

    // MARK: Paths

    static func path(_ uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return url.standardizedFileURL.path
    }

    static func projectRoot(of file: String) -> String {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        return CompileRequest.projectFolder(from: folder) ?? folder.standardizedFileURL.path
    }
}

extension JSONValue {
    /// An integer member (LSP positions), also when a client sends it as a whole double.
    var integerValue: Int64? {
        switch self {
        case .integer(let n): n
        case .number(let d) where d.rounded() == d && abs(d) < 9e15: Int64(d)
        default: nil
        }
    }
}
