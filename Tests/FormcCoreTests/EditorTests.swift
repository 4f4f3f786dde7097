import Foundation
import Testing

@testable import FormcCore

/// The designer's editor: where the cursor is in half-typed YAML, what `SpecAssist` offers there
/// (completion, hover, definition, formatting), `formc lsp` over the protocol, and the same server
/// driven by a real editor (headless Neovim).
@Suite("Editor support")
struct EditorTests {
    let formc = formcExecutable

    // MARK: The cursor

    /// The cursor at `|` in the text.
    static func cursor(_ marked: String) -> (text: String, cursor: SpecCursor) {
        let lines = marked.split(separator: "\n", omittingEmptySubsequences: false)
        let line = lines.firstIndex { $0.contains("|") }!
        let column = lines[line].unicodeScalars.firstIndex(of: "|").map { lines[line].unicodeScalars.distance(from: lines[line].unicodeScalars.startIndex, to: $0) }!
        let text = marked.replacingOccurrences(of: "|", with: "")
        return (text, SpecCursor(text: text, line: line, column: column))
    }

    @Test("the cursor's place is read off block indentation, list dashes and flow braces, while the YAML is half typed")
    func cursorPlaces() {
        let form = """
            form: a
            sections:
              nguoi:
                title: { vi: Người }
                fields:
                  ngay_sinh: { type: da|
            """
        var (_, c) = Self.cursor(form)
        #expect(c.path == ["sections", "nguoi", "fields", "ngay_sinh"] && c.valueOf == "type" && c.prefix == "da")

        (_, c) = Self.cursor("form: a\nsections:\n  nguoi:\n    fields:\n      ten:\n        type: text\n        lab|\n")
        #expect(c.path == ["sections", "nguoi", "fields", "ten"] && c.valueOf == nil && c.prefix == "lab")

        // A list item, its sibling keys, and a list at its key's own indentation.
        (_, c) = Self.cursor("procedure: x\ncases:\n  a:\n    documents:\n      - id: to_khai\n        form: to-|\n")
        #expect(c.path == ["cases", "a", "documents", "[]"] && c.valueOf == "form" && c.prefix == "to-")
        (_, c) = Self.cursor("procedure: x\nfees:\n- id: phi\n  channels: [truc_tiep, tr|\n")
        #expect(c.path == ["fees", "[]", "channels", "[]"] && c.valueOf == "[]" && c.prefix == "tr")

        // An expression: the dotted word; a quoted string with a colon and a brace does not confuse it.
        (_, c) = Self.cursor("form: a\nrules:\n  - id: r\n    message: { vi: \"a: {b\" }\n    check: nguoi.ngay|_sinh < today\n")
        #expect(c.path == ["rules", "[]"] && c.valueOf == "check" && c.word == "nguoi.ngay_sinh" && c.prefix == "nguoi.ngay")

        // In a comment, nothing; on an empty line, the keys of the mapping at that indentation.
        (_, c) = Self.cursor("form: a\nsections:\n  nguoi:  # người |đề nghị\n")
        #expect(c.isInComment)
        (_, c) = Self.cursor("form: a\nsections:\n  nguoi:\n    title: { vi: Người }\n    |\n")
        #expect(c.path == ["sections", "nguoi"] && c.valueOf == nil && c.prefix == "")
    }

    // MARK: What SpecAssist offers

    /// The bundled corpus, checked, and one of its files' text.
    nonisolated(unsafe) static let corpus: CompileResult = {
        let files = try! Compiler.discoverSpecFiles([packageRoot.appendingPathComponent("forms").path])
        return Compiler.check(files: files, options: CompileOptions(today: testToday))
    }()

    static func file(_ suffix: String) -> (path: String, text: String) {
        let path = corpus.sources.keys.first { $0.hasSuffix(suffix) }!
        return (path, String(decoding: corpus.sources[path]!.bytes, as: UTF8.self))
    }

    /// The cursor placed in a copy of a corpus file: `after` the first occurrence of `anchor` on a
    /// line containing it (the end of the line for an empty `after`), the line optionally replaced first.
    static func place(_ text: String, on anchor: String, after: String, replacing: (String, String)? = nil) -> (String, SpecCursor) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let line = lines.firstIndex { $0.contains(anchor) }!
        if let (old, new) = replacing { lines[line] = lines[line].replacingOccurrences(of: old, with: new) }
        // An empty `after`: the end of the line.
        let end = after.isEmpty ? lines[line].endIndex : lines[line].range(of: after)!.upperBound
        let column = lines[line].unicodeScalars.distance(from: lines[line].unicodeScalars.startIndex, to: end.samePosition(in: lines[line].unicodeScalars)!)
        let edited = lines.joined(separator: "\n")
        return (edited, SpecCursor(text: edited, line: line, column: column))
    }

    @Test("completion: field types, keys not yet written, option lists, forms, a procedure's channels and cases, and field paths in expressions")
    func completions() throws {
        let assist = SpecAssist(checked: Self.corpus.checked)
        let ct01 = Self.file("forms/ct01-to-khai-thay-doi-thong-tin-cu-tru.yaml")
        var (text, cursor) = Self.place(ct01.text, on: "ngay_sinh: { type: date", after: "type: da", replacing: ("type: date", "type: da"))
        #expect(assist.completions(file: ct01.path, text: text, cursor: cursor).map(\.label) == ["date", "datetime"])

        // Keys of a field that are not written yet, from the spec format's schema.
        (text, cursor) = Self.place(ct01.text, on: "        required: true", after: "re", replacing: ("required: true", "re"))
        let keys = assist.completions(file: ct01.path, text: text, cursor: cursor).map(\.label)
        #expect(keys.contains("required_when") && keys.contains("repeat") && !keys.contains("type"), "\(keys)")
        (text, cursor) = Self.place(ct01.text, on: "        required: true", after: "", replacing: ("required: true", ""))
        let unwritten = assist.completions(file: ct01.path, text: text, cursor: cursor).map(\.label)
        #expect(unwritten.contains("max_length") == false && unwritten.contains("required") && !unwritten.contains("label"), "\(unwritten)")

        (text, cursor) = Self.place(ct01.text, on: "options: gioi_tinh", after: "options: gi")
        #expect(assist.completions(file: ct01.path, text: text, cursor: cursor).map(\.label) == ["gioi_tinh"])

        // Field paths where an expression is written.
        (text, cursor) = Self.place(ct01.text, on: "birth_date: nguoi_de_nghi.ngay_sinh", after: "birth_date: nguoi_de_nghi.ng")
        let paths = assist.completions(file: ct01.path, text: text, cursor: cursor)
        #expect(paths.map(\.label) == ["nguoi_de_nghi.ngay_sinh"] && paths.first?.kind == .field)

        // Inside the quotes an expression compares a choice field with: that field's options.
        (text, cursor) = Self.place(ct01.text, on: "birth_date: nguoi_de_nghi.ngay_sinh", after: "gioi_tinh == 'n",
                                    replacing: ("birth_date: nguoi_de_nghi.ngay_sinh", "birth_date: \"nguoi_de_nghi.gioi_tinh == 'n"))
        #expect(assist.completions(file: ct01.path, text: text, cursor: cursor).map(\.label) == ["nam", "nu"])
        #expect(SpecAssist.comparedField(before: "a.b in ['nam', 'n") == "a.b" && SpecAssist.comparedField(before: "a.b != '") == "a.b")
        #expect(SpecAssist.comparedField(before: "a.b == 'nam' and c") == nil)

        // A procedure: its documents' forms, and its own channels in a fee.
        let tamTru = Self.file("procedures/1.004194-dang-ky-tam-tru.yaml")
        (text, cursor) = Self.place(tamTru.text, on: "form: ct01", after: "form: ct")
        #expect(assist.completions(file: tamTru.path, text: text, cursor: cursor).map(\.label) == ["ct01-to-khai-thay-doi-thong-tin-cu-tru"])
        let thuongTru = Self.file("procedures/1.004222-dang-ky-thuong-tru.yaml")
        (text, cursor) = Self.place(thuongTru.text, on: "channels: [truc_tiep]", after: "channels: [")
        let channels = assist.completions(file: thuongTru.path, text: text, cursor: cursor).map(\.label)
        #expect(channels.contains("truc_tiep") && channels.contains("truc_tuyen"), "\(channels)")
    }

    @Test("hover: a field, a field type, an option list, a fee and its legal basis; definition: option lists, forms, fields named in expressions")
    func hoverAndDefinition() throws {
        let assist = SpecAssist(checked: Self.corpus.checked)
        let ct01 = Self.file("forms/ct01-to-khai-thay-doi-thong-tin-cu-tru.yaml")
        var (text, cursor) = Self.place(ct01.text, on: "ngay_sinh: { type: date", after: "ngay_si")
        let field = try #require(assist.hover(file: ct01.path, text: text, cursor: cursor))
        #expect(field.contains("Ngày, tháng, năm sinh") && field.contains("date, required") && field.contains("YYYY-MM-DD"))
        (text, cursor) = Self.place(ct01.text, on: "type: cccd", after: "type: cc")
        #expect(assist.hover(file: ct01.path, text: text, cursor: cursor)?.contains("12 digits") == true)
        (text, cursor) = Self.place(ct01.text, on: "options: gioi_tinh", after: "options: gioi")
        #expect(assist.hover(file: ct01.path, text: text, cursor: cursor)?.contains("`nu` — Nữ") == true)
        let list = try #require(assist.definition(file: ct01.path, text: text, cursor: cursor))
        #expect(list.file.hasSuffix("options/gioi_tinh.yaml") && list.line == 2)
        (text, cursor) = Self.place(ct01.text, on: "birth_date: nguoi_de_nghi.ngay_sinh", after: "birth_date: nguoi_de")
        let target = try #require(assist.definition(file: ct01.path, text: text, cursor: cursor))
        #expect(target.file == ct01.path && ct01.text.split(separator: "\n", omittingEmptySubsequences: false)[target.line - 1].trimmingCharacters(in: .whitespaces) == "ngay_sinh:")

        let tamTru = Self.file("procedures/1.004194-dang-ky-tam-tru.yaml")
        (text, cursor) = Self.place(tamTru.text, on: "form: ct01", after: "form: ct0")
        #expect(try #require(assist.definition(file: tamTru.path, text: text, cursor: cursor)).file.hasSuffix("forms/ct01-to-khai-thay-doi-thong-tin-cu-tru.yaml"))
        let feeLine = try #require(tamTru.text.split(separator: "\n").first { $0.contains("- id: le_phi") }).trimmingCharacters(in: .whitespaces)
        (text, cursor) = Self.place(tamTru.text, on: feeLine, after: "id: le_ph")
        let fee = try #require(assist.hover(file: tamTru.path, text: text, cursor: cursor))
        #expect(fee.contains("Legal basis:") && fee.contains("TT-BTC"), "\(fee)")
    }

    @Test("a pinned form reference (id@major) completes, hovers and jumps to the version it names")
    func pinnedReferences() throws {
        let fixtures = packageRoot.appendingPathComponent("Tests/FormcCoreTests/Fixtures/evolution")
        let v1 = try String(contentsOf: fixtures.appendingPathComponent("old/thu-doi-ten.yaml"), encoding: .utf8)
        let v2 = try String(contentsOf: fixtures.appendingPathComponent("new/thu-doi-ten.yaml"), encoding: .utf8)
        let procedure = try String(contentsOf: fixtures.appendingPathComponent("old/9.000002-thu-phi.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "form: thu-noi", with: "form: thu-doi-ten@1")
            .replacingOccurrences(of: "amount: to_khai.chung.so_ban * 3000", with: "amount: 3000")
        let result = compile(["v1.yaml": v1, "v2.yaml": v2, "p.yaml": procedure])
        let assist = SpecAssist(checked: result.checked)
        var (text, cursor) = Self.place(procedure, on: "form: thu-doi-ten@1", after: "form: thu-doi")
        let offered = assist.completions(file: "p.yaml", text: text, cursor: cursor).map(\.label)
        #expect(offered == ["thu-doi-ten", "thu-doi-ten@1", "thu-doi-ten@2"], "\(offered)")
        (text, cursor) = Self.place(procedure, on: "form: thu-doi-ten@1", after: "form: thu-do")
        #expect(cursor.word == "thu-doi-ten@1")
        #expect(assist.definition(file: "p.yaml", text: text, cursor: cursor)?.file == "v1.yaml")
        #expect(assist.hover(file: "p.yaml", text: text, cursor: cursor)?.contains("1.0.0") == true)
    }

    @Test("formatting: NFC, no blanks at line ends, one final newline; comments, order and layout untouched")
    func formatting() {
        let text = "# Ghi chú  \r\nform: a \nsections:\n  nguoi:\n    title: { vi: \"Ngu\u{31B}o\u{31B}\u{300}i\" }   # tên\n\n\n"
        let formatted = SpecAssist.format(text)
        #expect(formatted == "# Ghi chú\nform: a\nsections:\n  nguoi:\n    title: { vi: \"Người\" }   # tên\n")
        #expect(SpecAssist.format(formatted) == formatted)
    }

    // MARK: The server

    @Test("formc lsp over the protocol: diagnostics as the designer types, a quick fix, cleared when fixed; completion, definition, hover and formatting; a clean shutdown")
    func languageServer() throws {
        let directory = try TemporaryDirectory()
        let project = directory.path("p")
        #expect(try run(formc, ["init", project]).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: formc)
        process.arguments = ["lsp"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        func send(_ message: JSONValue) {
            let body = Array(JSONCodec.encodeString(message, indent: 0).utf8)
            input.fileHandleForWriting.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + Data(body))
        }
        var buffer = Data()
        func receive() throws -> JSONValue {
            while true {
                if let end = buffer.range(of: Data("\r\n\r\n".utf8)) {
                    let header = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
                    let length = try #require(Int(header.replacingOccurrences(of: "Content-Length: ", with: "")))
                    if buffer.count - (end.upperBound - buffer.startIndex) >= length {
                        let body = buffer[end.upperBound..<(end.upperBound + length)]
                        buffer = Data(buffer[(end.upperBound + length)...])
                        return try JSONCodec.decode([UInt8](body))
                    }
                }
                let chunk = output.fileHandleForReading.availableData
                try #require(!chunk.isEmpty, "the server closed its output")
                buffer += chunk
            }
        }
        send(.object([("jsonrpc", .string("2.0")), ("id", .integer(1)), ("method", .string("initialize")), ("params", .object([]))]))
        #expect(try receive()["result"]?["capabilities"]?["codeActionProvider"] == .bool(true))
        let file = project + "/forms/to-khai-mau.yaml"
        let uri = URL(fileURLWithPath: file).absoluteString
        let good = try String(contentsOfFile: file, encoding: .utf8)
        let typo = good.replacingOccurrences(of: "type: person_name", with: "type: integr")
        send(.object([("jsonrpc", .string("2.0")), ("method", .string("textDocument/didOpen")), ("params", .object([
            ("textDocument", .object([("uri", .string(uri)), ("languageId", .string("yaml")), ("version", .integer(1)), ("text", .string(typo))])),
        ]))]))
        let published = try receive()
        #expect(published["method"]?.stringValue == "textDocument/publishDiagnostics")
        let diagnostic = try #require(published["params"]?["diagnostics"]?.arrayValue?.first)
        #expect(diagnostic["code"]?.stringValue == "E0209" && diagnostic["range"]?["start"]?["line"] == .integer(18))
        send(.object([("jsonrpc", .string("2.0")), ("id", .integer(2)), ("method", .string("textDocument/codeAction")), ("params", .object([
            ("textDocument", .object([("uri", .string(uri))])),
            ("range", .object([("start", .object([("line", .integer(18)), ("character", .integer(0))])), ("end", .object([("line", .integer(18)), ("character", .integer(80))]))])),
            ("context", .object([("diagnostics", .array([]))])),
        ]))]))
        let action = try #require(try receive()["result"]?.arrayValue?.first)
        #expect(action["kind"]?.stringValue == "quickfix" && action["edit"]?["changes"]?[uri]?.arrayValue?.first?["newText"]?.stringValue == "integer")
        send(.object([("jsonrpc", .string("2.0")), ("method", .string("textDocument/didChange")), ("params", .object([
            ("textDocument", .object([("uri", .string(uri)), ("version", .integer(2))])),
            ("contentChanges", .array([.object([("text", .string(good))])])),
        ]))]))
        let cleared = try receive()
        #expect(cleared["params"]?["uri"]?.stringValue == uri && cleared["params"]?["diagnostics"]?.arrayValue?.isEmpty == true)
        // Completion, hover, definition and formatting on the clean text (line 32: `required_when:
        // ban_sao.de_nghi_cap`; line 21: `gioi_tinh: { type: choice, …, options: gioi_tinh, … }`).
        func request(_ id: Int64, _ method: String, line: Int, character: Int) throws -> JSONValue {
            send(.object([("jsonrpc", .string("2.0")), ("id", .integer(id)), ("method", .string(method)), ("params", .object([
                ("textDocument", .object([("uri", .string(uri))])),
                ("position", .object([("line", .integer(Int64(line))), ("character", .integer(Int64(character)))])),
            ]))]))
            let reply = try receive()
            #expect(reply["id"] == .integer(id))
            return reply["result"] ?? .null
        }
        let lines = good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expression = lines[32].count - "_cap".count
        let completion = try request(10, "textDocument/completion", line: 32, character: expression)
        let item = try #require(completion["items"]?.arrayValue?.first)
        #expect(item["label"]?.stringValue == "ban_sao.de_nghi_cap" && item["textEdit"]?["newText"]?.stringValue == "ban_sao.de_nghi_cap")
        #expect(item["textEdit"]?["range"]?["start"]?["character"] == .integer(Int64(lines[32].count - "ban_sao.de_nghi_cap".count)))
        let definition = try request(11, "textDocument/definition", line: 32, character: expression)
        #expect(definition["uri"]?.stringValue == uri && definition["range"]?["start"]?["line"] == .integer(26))
        let options = try #require(lines[21].range(of: "options: gioi")).upperBound.utf16Offset(in: lines[21])
        let hover = try request(12, "textDocument/hover", line: 21, character: options)
        #expect(hover["contents"]?["value"]?.stringValue?.contains("`nam` — Nam") == true)
        let listDefinition = try request(13, "textDocument/definition", line: 21, character: options)
        #expect(listDefinition["uri"]?.stringValue?.hasSuffix("/options/gioi_tinh.yaml") == true)
        // Formatting: trailing blanks go, one edit for the document; clean text needs none.
        send(.object([("jsonrpc", .string("2.0")), ("method", .string("textDocument/didChange")), ("params", .object([
            ("textDocument", .object([("uri", .string(uri)), ("version", .integer(3))])),
            ("contentChanges", .array([.object([("text", .string(good.replacingOccurrences(of: "sections:\n", with: "sections:   \n")))])])),
        ]))]))
        _ = try receive()
        send(.object([("jsonrpc", .string("2.0")), ("id", .integer(14)), ("method", .string("textDocument/formatting")), ("params", .object([
            ("textDocument", .object([("uri", .string(uri))])), ("options", .object([("tabSize", .integer(2)), ("insertSpaces", .bool(true))])),
        ]))]))
        let edits = try #require(try receive()["result"]?.arrayValue)
        #expect(edits.count == 1 && edits.first?["newText"]?.stringValue == good)
        send(.object([("jsonrpc", .string("2.0")), ("id", .integer(3)), ("method", .string("shutdown"))]))
        #expect(try receive()["id"] == .integer(3))
        send(.object([("jsonrpc", .string("2.0")), ("method", .string("exit"))]))
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }


    @Test("formc lsp in a real editor: headless Neovim shows the typo's diagnostic, completes the type, applies the quick fix, hovers and jumps to an option list")
    func neovim() throws {
        let nvim = try #require(which("nvim"), "Neovim is needed; scripts/test.sh installs it (Debian neovim)")
        let directory = try TemporaryDirectory()
        // A copy of the bundled corpus: the editor works on it, never on forms/.
        let project = directory.path("forms")
        try FileManager.default.copyItem(atPath: packageRoot.appendingPathComponent("forms").path, toPath: project)
        let spec = project + "/forms/ct01-to-khai-thay-doi-thong-tin-cu-tru.yaml"
        let out = directory.path("neovim.json")
        let judge = packageRoot.appendingPathComponent("Tests/Judges/judge_neovim.lua").path
        let result = try run("/usr/bin/timeout", ["120", nvim, "--headless", "--clean", "-n", "-i", "NONE", spec, "-c", "luafile \(judge)"],
                             environment: ["FORMC": formc, "SPEC": spec, "OUT": out, "HOME": directory.path(""), "PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let report = try JSONCodec.decode([UInt8](try #require(FileManager.default.contents(atPath: out), "Neovim wrote no report")))
        #expect(report["failure"] == nil, "\(report)")
        #expect(report["clean_diagnostics"] == .integer(0))
        // The diagnostic at the typo, as formc check gives it.
        #expect(report["diagnostic"]?["code"]?.stringValue == "E0209")
        #expect(report["diagnostic"]?["line"] == report["diagnostic"]?["typo_line"] && report["diagnostic"]?["col"] == report["diagnostic"]?["typo_col"])
        #expect(report["completions"] == .array([.string("date"), .string("datetime")]))
        #expect(report["actions"] == .array([.string("replace with 'date'")]))
        #expect(report["restored"] == .bool(true) && report["cleared"] == .bool(true), "\(report)")
        #expect(report["hover"]?.stringValue?.contains("Ngày, tháng, năm sinh") == true)
        #expect(report["definition"]?.stringValue == project + "/options/gioi_tinh.yaml")
    }
}
