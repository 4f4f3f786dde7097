import Foundation
import Synchronization
import Testing

@testable import FormcCore
@testable import FormcRuntime

/// FormcRuntime's JSON reader and the checks generated Swift validators call: read as JavaScript reads,
/// answer as `validate.mjs`'s helpers answer.
@Suite("FormcRuntime")
struct RuntimeTests {
    /// Runs an ES module under node and returns the JSON it printed.
    static func runNode(_ script: String) throws -> Any {
        let node = try #require(which("node") ?? which("nodejs"), "node is needed; scripts/test.sh installs it")
        let directory = try TemporaryDirectory()
        let file = directory.path("check.mjs")
        try Data(script.utf8).write(to: URL(fileURLWithPath: file))
        let result = try run(node, [file])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test("JSON(parsing:) reads what JSON.parse reads, members in order, keys by code points")
    func parsing() throws {
        let value = try JSON(parsing: #"{"b": 1, "a": [true, false, null, -0, 1.5e3, "x\n\u00e9\ud83d\ude00"], "b": 2, "é": 3, "e\u0301": 4}"#)
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        // A repeated key keeps its first place and its last value; é precomposed and decomposed are two keys.
        #expect(object.keys == ["b", "a", "é", "e\u{301}"])
        #expect(object["b"] == .number(2))
        #expect(object["e\u{301}"] == .number(4) && object["\u{e9}"] == .number(3))
        #expect(object["a"] == .array([.bool(true), .bool(false), .null, .number(-0.0), .number(1500), .string("x\né😀")]))
        // A lone surrogate escape cannot live in a Swift String: U+FFFD, and the next escape stands alone.
        #expect(try JSON(parsing: #""\ud800\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSON(parsing: "1e400") == .number(.infinity))
        #expect(try JSON(parsing: " \t\r\n[ ]\n") == .array([]))
        // Printed back as compact JSON, members in order (what failing tests show).
        let text = #"{"b":[1,-2.5,true,null],"a":{"x":"q\"\\\n\u2028é"},"0":{}}"#
        #expect(try JSON(parsing: text).description == text)
    }

    @Test("exact text equality is byte equality: inline and heap texts, every length to 40, a difference at every place")
    func exactEquality() {
        var texts: [String] = ["", "é", "e\u{301}", "so_trang_ban_chinh", "so_trang_ban_chinx", "ho\u{323}_te\u{302}n", "h\u{1ECD}_t\u{EA}n"]
        for length in 1...40 {
            let base = String((0..<length).map { Character(Unicode.Scalar(UInt8(97 + $0 % 26))) })
            texts.append(base)
            // The same length, one byte different, at each place.
            for place in 0..<length {
                var bytes = Array(base.utf8)
                bytes[place] = UInt8(ascii: "Z")
                texts.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        // Texts built at run time (not literals), as parsed answers are.
        let copies = texts.map { String(decoding: Array($0.utf8), as: UTF8.self) }
        for (a, copy) in zip(texts, copies) {
            #expect(ExactKey.equal(a, copy))
            for b in texts where b.utf8.count == a.utf8.count || b.count == a.count {
                #expect(ExactKey.equal(a, b) == a.utf8.elementsEqual(b.utf8), "\(a.debugDescription) \(b.debugDescription)")
            }
        }
    }

    @Test("escapes: every way JSON can write a character reads back as that character, in JSON and JSONTape")
    func escapes() throws {
        // Seeded random texts of 1- to 4-byte characters and controls, each character written as
        // itself (when JSON allows), as \uXXXX (a surrogate pair past U+FFFF, hex in either case)
        // or as its short escape; the text read must be the one written.
        var generator = SourceTests.SeededGenerator(state: 5)
        let short: [Unicode.Scalar: String] = ["\"": "\\\"", "\\": "\\\\", "/": "\\/", "\u{8}": "\\b", "\u{C}": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"]
        let ranges: [ClosedRange<UInt32>] = [0...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF]
        for _ in 0..<300 {
            var text = "", body = "\""
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                let scalar = Unicode.Scalar(UInt32.random(in: ranges.randomElement(using: &generator)!, using: &generator))!
                text.unicodeScalars.append(scalar)
                func hex(_ unit: UInt32) -> String {
                    let digits = String(unit, radix: 16)
                    let padded = String(repeating: "0", count: 4 - digits.count) + digits
                    return "\\u" + (Bool.random(using: &generator) ? padded : padded.uppercased())
                }
                switch Int.random(in: 0..<3, using: &generator) {
                case 0 where scalar.value >= 0x20 && scalar != "\"" && scalar != "\\": body.unicodeScalars.append(scalar)
                case 1 where short[scalar] != nil: body += short[scalar]!
                default:
                    if scalar.value > 0xFFFF {
                        let v = scalar.value - 0x10000
                        body += hex(0xD800 + (v >> 10)) + hex(0xDC00 + (v & 0x3FF))
                    } else {
                        body += hex(scalar.value)
                    }
                }
            }
            body += "\""
            let read = try JSON(parsing: body)
            #expect(read.string.map { Array($0.unicodeScalars) } == Array(text.unicodeScalars), "\(body)")
            #expect(Self.identical(try JSONTape(parsing: body).json, .string(text)), "\(body)")
            #expect(Self.identical(try JSONTape(parsing: "{\(body): 1}").json, .object(JSONObject([(text, JSON.number(1))]))), "\(body)")
        }
    }

    /// A submission-shaped type as the generated ones are: coding keys, optionals, nested structs,
    /// arrays, enums, runtime types.
    struct Declaration: Codable, Equatable {
        enum Sex: String, Codable { case nam, nu }
        struct Item: Codable, Equatable { var pages: Int; var note: String? }
        var name: String
        var born: CalendarDate
        var sex: Sex
        var items: [Item]
        var fee: Int?
        var ratio: Double
        var flags: [Bool?]
        enum CodingKeys: String, CodingKey { case name = "ho_ten", born = "ngay_sinh", sex = "gioi_tinh", items = "giay_to", fee, ratio, flags }
    }

    @Test("JSON(encoding:) writes what the decoder reads back: members in the type's order, nil left out")
    func encoding() throws {
        let declaration = Declaration(
            name: "Ngô Thị Yến", born: CalendarDate("2000-07-15")!, sex: .nu,
            items: [.init(pages: 3, note: nil), .init(pages: 12, note: "bản dịch")], fee: nil, ratio: 0.5, flags: [true, nil])
        let json = try JSON(encoding: declaration)
        #expect(json.description == #"{"ho_ten":"Ngô Thị Yến","ngay_sinh":"2000-07-15","gioi_tinh":"nu","giay_to":[{"pages":3},{"pages":12,"note":"bản dịch"}],"ratio":0.5,"flags":[true,null]}"#)
        #expect(try json.decode(Declaration.self) == declaration)
        // Foundation's encoder agrees on every member.
        let foundation = try JSON(parsing: Array(JSONEncoder().encode(declaration)))
        #expect(foundation == json)
        // Scalars at the top, nested JSON values as they are, and no number JSON cannot hold.
        #expect(try JSON(encoding: 42) == .number(42) && JSON(encoding: "a") == .string("a"))
        #expect(try JSON(encoding: ["k": JSON.array([1, nil])]) == ["k": [1, nil]])
        #expect(throws: EncodingError.self) { try JSON(encoding: [1.0, .nan]) }
    }

    @Test("FormcRuntime's built-in rule ids are formc's, plus json for a body that is not JSON")
    func builtInRules() {
        #expect(BuiltInRule.allCases.map(\.rawValue) == ValidationRule.allCases.map(\.rawValue) + ["json"])
    }

    @Test("a message that quotes a value reads, compares, hashes and encodes as the same message given whole")
    func quotingMessages() throws {
        let template = MessageTemplate(Messages.computed(String(MessageTemplate.placeholder)))
        let quoting = FormcRuntime.ValidationError(path: "/a", rule: "computed", template: template, filling: "6")
        let given = FormcRuntime.ValidationError(path: "/a", rule: "computed", message: Messages.computed("6"))
        #expect(quoting.message.vi == "Giá trị phải bằng 6 (được tính tự động)")
        #expect(quoting.message == given.message && quoting.description == given.description)
        #expect(quoting == given && quoting.hashValue == given.hashValue)
        #expect(quoting != FormcRuntime.ValidationError(path: "/a", rule: "computed", template: template, filling: "7"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = try encoder.encode(quoting)
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"message":{"en":"Must be 6, which is computed from other answers","vi":"Giá trị phải bằng 6 (được tính tự động)"},"path":"\/a","rule":"computed"}"#)
        #expect(encoded == (try encoder.encode(given)))
        #expect(try JSONDecoder().decode(FormcRuntime.ValidationError.self, from: encoded) == given)
        // A message set afterwards is the one read.
        var changed = quoting
        changed.message = LocalizedText(vi: "Khác")
        #expect(changed.message == LocalizedText(vi: "Khác") && changed != given)
        // The value at either end, twice, empty; a template without a placeholder stays as it is.
        let edges = MessageTemplate(LocalizedText(vi: "\u{1} và \u{1}", en: "\u{1}"))
        #expect(edges.filled(with: "x") == LocalizedText(vi: "x và x", en: "x"))
        #expect(edges.filled(with: "") == LocalizedText(vi: " và ", en: ""))
        #expect(MessageTemplate(LocalizedText(vi: "Cố định")).filled(with: "x") == LocalizedText(vi: "Cố định"))
    }

    @Test("JSON(parsing:) refuses what JSON.parse refuses, at the byte where reading stopped")
    func refusals() throws {
        let cases: [(String, Int)] = [
            ("", 0), ("[1,]", 3), ("{\"a\":1,}", 7), ("01", 1), ("1.", 2), (".5", 0), ("+1", 0), ("-", 1),
            ("1e", 2), ("'a'", 0), ("\"a\u{1}\"", 2), ("\"\\x\"", 1), ("NaN", 0), ("tru", 3), ("[1 2]", 3),
            ("{a:1}", 1), ("\"abc", 4), ("{\"a\" 1}", 5), ("[1]x", 3), ("\"\\u12g4\"", 5),
        ]
        for (text, offset) in cases {
            #expect(throws: JSON.ParseError.self, "\(text)") { try JSON(parsing: text) }
            do { _ = try JSON(parsing: text) } catch { #expect(error.offset == offset, "\(text): \(error)") }
        }
        // Deep nesting is an error, never a stack overflow.
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSON.ParseError.self) { try JSON(parsing: deep) }
        #expect((try? JSON(parsing: String(repeating: "[", count: 512) + String(repeating: "]", count: 512))) != nil)
    }

    @Test("members are visited in JavaScript's for-in order")
    func javascriptOrder() throws {
        let object = JSONObject([("b", .null), ("2", .null), ("a", .null), ("1", .null), ("01", .null), ("4294967295", .null), ("4294967294", .null)])
        #expect(object.keysInJavaScriptOrder == ["1", "2", "4294967294", "b", "a", "01", "4294967295"])
        var edited = object
        edited["2"] = nil
        edited["c"] = .bool(true)
        #expect(edited.keys == ["b", "a", "1", "01", "4294967295", "4294967294", "c"])
        #expect(edited["a"] == .null && edited["2"] == nil)
        // Equality ignores order, as JSON does.
        #expect(JSONObject([("x", 1), ("y", 2)]) == JSONObject([("y", 2), ("x", 1)]))
    }

    @Test("member reads: generated fingerprints, the position hint, exact keys and JavaScript's order")
    func memberReads() throws {
        let names = ["yeu_cau", "h\u{1ECD}_t\u{EA}n", "ho\u{323}_te\u{302}n", "", "a~b/c", "\u{65E5}\u{672C}", "so_ban"]
        var object = JSONObject()
        for (i, name) in names.enumerated() { object[name] = .number(Double(i)) }
        // Read in every order, from every hint: the name as generated code writes it (text and
        // fingerprint as literals) finds exactly its own member, precomposed and decomposed apart.
        for start in 0...names.count {
            var hint = start
            for (i, name) in names.enumerated().reversed() {
                let generated = JSONObject.MemberName(name, fingerprint: JSONObject.MemberName(name).fingerprint)
                #expect(object.member(generated, from: &hint) == .number(Double(i)))
                #expect(hint == i + 1)
                #expect(object[generated] == .number(Double(i)) && object.has(generated))
            }
            #expect(object.member(JSONObject.MemberName("h\u{1ECD}_ten"), from: &hint) == nil)
        }
        // Past 32 members the object is indexed; reads give the same answers.
        var large = JSONObject()
        for i in 0..<40 { large["f\(i)"] = .number(Double(i)) }
        var hint = 0
        for i in stride(from: 39, through: 0, by: -3) { #expect(large.member(JSONObject.MemberName("f\(i)"), from: &hint) == .number(Double(i))) }
        #expect(large.member(JSONObject.MemberName("f40"), from: &hint) == nil)
        // Members with their values, in for-in order.
        let ordered = JSONObject([("b", 1), ("2", 2), ("a", 3), ("1", 4)])
        #expect(ordered.membersInJavaScriptOrder.map(\.key) == ordered.keysInJavaScriptOrder)
        #expect(ordered.membersInJavaScriptOrder.map(\.value) == [4, 2, 1, 3])
        #expect(object.membersInJavaScriptOrder.map(\.key) == names)
    }

    /// Every way a body can be written that `JSONTape` reads differently from `JSON(parsing:)` if it
    /// is wrong: escapes, surrogates, invalid UTF-8, repeated and index-like names, deep and wide
    /// values, numbers at the edges.
    static let tapeBodies: [[UInt8]] = {
        var texts = [
            #"{"b": 1, "a": [true, false, null, -0, 1.5e3, "x\n\u00e9\ud83d\ude00"], "b": 2, "é": 3, "e\u0301": 4}"#,
            #""\ud800\u0041""#, "1e400", " \t\r\n[ ]\n", "[]", "{}", "\"\"", "-0", "9007199254740993", "1E-400",
            #"{"yeu_cau": {"so_ban": 8}, "10": 1, "2": [], "zeta": {"": ""}}"#,
            #"{"a~b/c": "\/\\\"\b\f\r\t", "日本": "Nguyễn Văn An", "ho\u0323_te\u0302n": null}"#,
            #"{"x": {"x": {"x": 1}, "x": 2}, "y": [{"k": 1, "k": 1}]}"#,
            String(repeating: "[", count: 512) + String(repeating: "]", count: 512),
            "{" + (0..<40).map { "\"f\($0 % 37)\": \($0)" }.joined(separator: ",") + "}",
            "{" + (0..<40).map { "\"f\($0)\": \($0)" }.joined(separator: ",") + "}",
        ]
        texts += ["", "[1,]", "{\"a\":1,}", "01", "\"a\u{1}\"", "\"\\x\"", "tru", "{a:1}", "\"abc", "[1]x", "\"\\u12g4\"", String(repeating: "[", count: 600)]
        var bodies = texts.map { Array($0.utf8) }
        // Invalid UTF-8 inside strings and names: a lone continuation byte, a truncated sequence, an
        // encoded surrogate, an overlong form, a byte past U+10FFFF.
        for bad: [UInt8] in [[0x80], [0xE1, 0x80], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98, 0x80]] {
            bodies.append(Array(#"{"a": ""#.utf8) + bad + Array(#"", ""#.utf8) + bad + Array(#"": 1}"#.utf8))
        }
        return bodies
    }()

    /// Exact equality: members in the same order, texts by code points (`JSON ==` compares texts
    /// by canonical equivalence and objects in any order).
    static func identical(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.key.utf8.elementsEqual($1.key.utf8) && identical($0.value, $1.value) }
        case (.array(let x), .array(let y)): x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case (.string(let x), .string(let y)): x.utf8.elementsEqual(y.utf8)
        case (.number(let x), .number(let y)): x.bitPattern == y.bitPattern
        default: a == b
        }
    }

    @Test("JSONTape reads what JSON(parsing:) reads: the same value, the same refusals, repeated names flagged")
    func tapeReadsAsJSON() throws {
        var bodies = Self.tapeBodies
        // Every body cut short and with one byte changed, at every place (seeded, so runs repeat).
        var generator = SourceTests.SeededGenerator(state: 17)
        for body in Self.tapeBodies where body.count < 400 {
            for end in 0..<body.count { bodies.append(Array(body[..<end])) }
            for _ in 0..<40 where !body.isEmpty {
                var changed = body
                changed[Int.random(in: 0..<body.count, using: &generator)] = Array(#"{}[]",:\u0 1e-.a"#.utf8 + [0x80, 0xC3]).randomElement(using: &generator)!
                bodies.append(changed)
            }
        }
        var read = 0
        for body in bodies {
            let expected = Result<JSON, JSON.ParseError> { () throws(JSON.ParseError) in try JSON(parsing: body) }
            let tape = Result<JSONTape, JSON.ParseError> { () throws(JSON.ParseError) in try JSONTape(parsing: body) }
            switch (expected, tape) {
            case (.success(let value), .success(let tape)):
                #expect(Self.identical(tape.json, value), "\(String(decoding: body, as: UTF8.self))")
                // Unless a name repeats, every object has the members `JSON` has: the validators
                // then read the tape itself.
                if !tape.hasRepeatedKeys { #expect(tape.withRoot { FuzzTargets.sameShape($0, value) }, "\(String(decoding: body, as: UTF8.self))") }
                read += 1
            case (.failure(let a), .failure(let b)):
                #expect(a == b, "\(String(decoding: body, as: UTF8.self))")
            default:
                Issue.record("\(String(decoding: body, as: UTF8.self)): JSON \(expected), tape \(tape)")
            }
        }
        #expect(read > 100 && bodies.count > 2_000)
        // Repeated names, at any depth, are flagged (validators then read `json`); others are not.
        #expect(try JSONTape(parsing: #"{"x": {"x": {"x": 1}, "x": 2}}"#).hasRepeatedKeys)
        #expect(try JSONTape(parsing: #"[{"k": 1}, {"k": 1, "k": 1}]"#).hasRepeatedKeys)
        #expect(try JSONTape(parsing: "{" + (0..<40).map { "\"f\($0 % 37)\": 1" }.joined(separator: ",") + "}").hasRepeatedKeys)
        #expect(try !JSONTape(parsing: #"{"x": {"x": {"x": 1}}, "é": 1, "e\u0301": 2}"#).hasRepeatedKeys)
        // Two names whose invalid bytes both read as U+FFFD are one name, as `JSON(parsing:)` has it.
        #expect(try JSONTape(parsing: [0x7B, 0x22, 0xC0, 0x22, 0x3A, 0x31, 0x2C, 0x22, 0xC1, 0x22, 0x3A, 0x32, 0x7D]).hasRepeatedKeys)
    }

    /// Members named awkwardly (precomposed and decomposed, empty, with `~` and `/`, CJK, index-like),
    /// each holding its position.
    static let namedMembers: JSONObject = {
        var object = JSONObject()
        for (i, name) in ["yeu_cau", "h\u{1ECD}_t\u{EA}n", "ho\u{323}_te\u{302}n", "", "a~b/c", "\u{65E5}\u{672C}", "so_ban", "10", "2"].enumerated() {
            object[name] = .number(Double(i))
        }
        return object
    }()

    /// Every member of `namedMembers` read through `members` by generated name, from every hint,
    /// backwards (so that the hint is wrong each time), by subscript and by `has`.
    static func expectMemberReads<O: JSONObjectView>(_ members: O) {
        for start in [0, 1, 5, 9, 1000] {
            var hint = start
            for (i, name) in namedMembers.keys.enumerated().reversed() {
                let generated = JSONObject.MemberName(name, fingerprint: JSONObject.MemberName(name).fingerprint)
                #expect(members.member(generated, from: &hint)?.number == Double(i))
                #expect(members[generated]?.number == Double(i) && members.has(generated) && members[name]?.number == Double(i))
            }
            #expect(members.member(JSONObject.MemberName("h\u{1ECD}_ten"), from: &hint) == nil)
        }
    }

    @Test("JSONTape member reads: the position hint, exact names and JavaScript's order, as JSONObject's")
    func tapeMemberReads() throws {
        let object = Self.namedMembers
        let tape = try JSONTape(parsing: JSON.object(object).description)
        tape.withRoot { root in
            guard let members = root.object else { Issue.record("not an object"); return }
            Self.expectMemberReads(members)
            #expect(Array(members.keysInJavaScriptOrder) == object.keysInJavaScriptOrder)
            #expect(members.membersInJavaScriptOrder.map { $0.value.json } == object.membersInJavaScriptOrder.map(\.value))
            #expect(members.count == object.count && root.array == nil && root.string == nil && root.number == nil && root.bool == nil)
        }
        // Without index-like names the names are read as written, one at a time.
        try JSONTape(parsing: #"{"b": 1, "a~": 2, "\u00e9": 3, "": 4}"#).withRoot { root in
            #expect(root.object.map { Array($0.keysInJavaScriptOrder) } == ["b", "a~", "é", ""])
            #expect(root.object.map { Array($0.keysInJavaScriptOrder.prefix(2)) } == ["b", "a~"])
        }
        try JSONTape(parsing: #"[1, "a", true, null, [2], {"k": 3}]"#).withRoot { root in
            let items = Array(root.array ?? .init(value: root))
            #expect(items.count == 6 && root.array?.count == 6)
            #expect(items[0].number == 1 && items[1].string == "a" && items[2].bool == true && items[3].json == .null)
            #expect(items[4].array.map { Array($0).map(\.json) } == [2] && items[5].object?["k"]?.number == 3)
        }
    }

    @Test("JSONReference reads a value in hand as JSON reads it: members by hint and exact name, JavaScript's order, items")
    func referenceReads() throws {
        let object = Self.namedMembers
        // Past 32 members an object is indexed by key: read through the index as well.
        var large = JSONObject()
        for i in 0..<40 { large["f\(i)"] = .string("v\(i)") }
        JSON.object(object).withReference { root in
            guard let members = root.object else { Issue.record("not an object"); return }
            Self.expectMemberReads(members)
            #expect(members.keysInJavaScriptOrder == object.keysInJavaScriptOrder)
            #expect(Array(members.membersInJavaScriptOrder).map(\.key) == object.keysInJavaScriptOrder)
            #expect(Array(members.membersInJavaScriptOrder).map { $0.value.json } == object.membersInJavaScriptOrder.map(\.value))
            #expect(members.count == object.count && root.array == nil && root.string == nil && root.number == nil && root.bool == nil)
            #expect(root.json == .object(object))
        }
        JSON.object(large).withReference { root in
            var hint = 0
            #expect(root.object?.member(JSONObject.MemberName("f39"), from: &hint)?.string == "v39")
            #expect(root.object?["f0"]?.string == "v0" && root.object?["f40"] == nil && root.object?.count == 40)
            #expect(root.object.map { Array($0.membersInJavaScriptOrder).map(\.key) } == large.keysInJavaScriptOrder)
        }
        let list: JSON = [1, "a", true, nil, [2], ["k": 3], []]
        list.withReference { root in
            let items = Array(root.array ?? .init([]))
            #expect(items.count == 7 && root.object == nil)
            #expect(items[0].number == 1 && items[1].string == "a" && items[2].bool == true && items[3].json == .null)
            #expect(items[4].array.map { Array($0).map(\.json) } == [2] && items[5].object?["k"]?.number == 3)
            #expect(items[6].array?.isEmpty == true && items[6].array?.first == nil)
        }
        // A removed key is absent and the others are still found, in small objects (scanned) and in
        // large ones (indexed by key).
        for size in [5, 20, 100] {
            var shrinking = JSONObject()
            let many = (0..<size).map { "k\($0)" }
            for name in many { shrinking[name] = .string(name) }
            for name in many where name.hasSuffix("3") { shrinking[name] = nil }
            JSON.object(shrinking).withReference { root in
                for name in many + ["k\(size)", "x"] {
                    let kept = many.contains(name) && !name.hasSuffix("3")
                    #expect((root.object?[name]?.string == name) == kept, "\(name)")
                    #expect(shrinking.has(JSONObject.MemberName(name)) == kept)
                }
            }
        }
        JSON.object([:]).withReference { root in
            var hint = 0
            #expect(root.object?.count == 0 && root.object?.member(JSONObject.MemberName("x"), from: &hint) == nil)
            #expect(root.object.map { Array($0.membersInJavaScriptOrder).isEmpty } == true)
        }
    }

    @Test("number, text and date checks at their edges: whole numbers, U+FFFD at every place, large option sets, dates against today")
    func checksAtTheirEdges() {
        typealias H = ValidationSupport
        let whole: [Double] = [0, -0.0, 1, -1, 4_503_599_627_370_495, 4_503_599_627_370_496, 9_007_199_254_740_991, 9_007_199_254_740_992, 1e300, 9.2e18, -9.2e18]
        let fractional: [Double] = [0.5, -0.5, 4_503_599_627_370_495.5, 1e-300, .nan, .infinity, -.infinity]
        for n in whole { #expect(JSON.isWhole(n), "\(n)") }
        for n in fractional { #expect(!JSON.isWhole(n), "\(n)") }
        #expect(JSON.safeInteger(9_007_199_254_740_991) == 9_007_199_254_740_991 && JSON.safeInteger(-9_007_199_254_740_991) == -9_007_199_254_740_991)
        #expect(JSON.safeInteger(9_007_199_254_740_992) == nil && JSON.safeInteger(0.5) == nil && JSON.safeInteger(.nan) == nil && JSON.safeInteger(-0.0) == 0)
        #expect(H.wholeNumber(9.2e18) == 9.2e18 && H.wholeNumber(9.3e18) == nil && H.wholeNumber(1.5) == nil && H.wholeNumber(.infinity) == nil)
        // U+FFFD (EF BF BD) anywhere, in texts of every length to 40, against another character led
        // by 0xEF (U+FF01, EF BC 81) and one that ends with EF BF (U+FFFF's neighbour U+FFEE).
        for length in 1...40 {
            for place in 0..<length {
                func text(_ odd: String) -> String { String(repeating: "a", count: place) + odd + String(repeating: "ạ", count: length - place - 1) }
                #expect(!H.isWellFormed(text("\u{FFFD}")) && H.isWellFormed(text("\u{FF01}")) && H.isWellFormed(text("\u{FFEE}")))
            }
        }
        #expect(H.isWellFormed("") && H.isWellFormed("ab") && !H.isWellFormed("\u{FFFD}"))
        // More than 16 options are indexed; a decomposed spelling is another text.
        let options = (0..<300).map { "m\($0)" } + ["h\u{1ECD}", "\u{65E5}", ""]
        let set = TextSet(options)
        for option in options { #expect(set.contains(option)) }
        #expect(!set.contains("ho\u{323}") && !set.contains("m300") && !set.contains("m") && !TextSet([]).contains(""))
        let units = AdministrativeUnits(compact: "01:00004,00008;31:10507;79:" + (0..<50).map { String(26_000 + $0) }.joined(separator: ","))
        #expect(units.hasProvince("01") && units.hasProvince("79") && !units.hasProvince("02") && !units.hasProvince(""))
        #expect(units.has(commune: "00008", inProvince: "01") && units.has(commune: "26049", inProvince: "79") && !units.has(commune: "00008", inProvince: "31"))
        // A date the format check accepted, against today, as the texts compare.
        let today = CalendarDate("2026-12-05")!
        for text in ["2026-12-04", "2026-12-05", "2026-12-06", "2025-12-31", "2027-01-01", "0001-01-01", "9999-12-31"] {
            #expect(H.isBefore(text, today) == H.isBefore(text, today.description), "\(text)")
            #expect(H.isBefore(today, text) == H.isBefore(today.description, text), "\(text)")
        }
        // Items seen: a few compared in one array, past 16 indexed (and the index grown past 4,
        // 8, … 1024): every repeat found whichever phase it falls in, decomposed spellings apart.
        for count in [3, 16, 17, 40, 1500] {
            var seen = SeenValues()
            let items: [JSON] = (0..<count).map { $0 % 3 == 0 ? .number(Double($0)) : .string("h\u{1ECD} \($0)") }
            let first = items.map { seen.insert($0) }, again = items.map { seen.insert($0) }
            #expect(first.allSatisfy { $0 } && again.allSatisfy { !$0 }, "\(count)")
            let others = [seen.insert(.string("ho\u{323} 1")), seen.insert(.string("\(count)")), seen.insert(.string("\(count)"))]
            #expect(others == [true, true, false], "\(count)")
        }
        #expect(CalendarDate("2024-02-29") != nil && CalendarDate("2023-02-29") == nil && CalendarDate("2024-2-29") == nil && CalendarDate("2024-02-29 ") == nil)
        #expect(H.isTaxCodeShape("0101234567") && H.isTaxCodeShape("0101234567-001") && !H.isTaxCodeShape("0101234567-000") && !H.isTaxCodeShape("010123456"))
    }

    @Test("Vietnamese marks composed as NFC composes them: every base and sequence of up to three marks, and decomposed names")
    func vietnameseComposition() {
        // Every letter NFC can reach from ASCII with the eight marks, and a few it cannot.
        var bases = Set((UInt32(0x41)...0x5A).map { $0 } + (UInt32(0x61)...0x7A).map { $0 })
        for scalar in (UInt32(0xC0)...0x24F).compactMap(Unicode.Scalar.init) + (UInt32(0x1E00)...0x1EFF).compactMap(Unicode.Scalar.init) {
            bases.insert(scalar.value)
        }
        bases.formUnion([0x30, 0x20, 0x2D, 0xD7])
        let marks = VietnameseComposition.marks
        var sequences: [[UInt32]] = marks.map { [$0] }
        for a in marks { for b in marks { sequences.append([a, b]) } }
        for a in marks { for b in marks { for c in [0x301, 0x302, 0x323] as [UInt32] { sequences.append([a, b, c]) } } }
        var composed = 0, left = 0
        for base in bases.sorted() {
            for sequence in sequences {
                var text = String.UnicodeScalarView()
                text.append(Unicode.Scalar(base)!)
                for mark in sequence { text.append(Unicode.Scalar(mark)!) }
                let string = "x" + String(text) + " y"
                let expected = string.precomposedStringWithCanonicalMapping
                if let fast = VietnameseComposition.compose(string) {
                    composed += 1
                    #expect(fast.unicodeScalars.elementsEqual(expected.unicodeScalars), "\(String(base, radix: 16)) \(sequence.map { String($0, radix: 16) })")
                } else {
                    left += 1
                }
                #expect(ValidationSupport.nfc(string).unicodeScalars.elementsEqual(expected.unicodeScalars))
                #expect(ValidationSupport.isNFC(string) == string.unicodeScalars.elementsEqual(expected.unicodeScalars))
            }
        }
        // What composes is composed here (every letter with each mark it takes, and chains of them);
        // the rest is left to the standard library.
        #expect(composed > 300 && left > 0, "\(composed) composed, \(left) left")
        for name in ["Nguyễn Văn Ấn", "Trần Thị Ệ", "Đặng Hữu Phước", "Lê Ngọc Hưởng", "Phạm Quỳnh"] {
            let decomposed = name.decomposedStringWithCanonicalMapping
            #expect(VietnameseComposition.compose(decomposed).map { Array($0.utf8) } == Array(name.utf8))
            #expect(ValidationSupport.nfc(decomposed).utf8.elementsEqual(name.utf8) && !ValidationSupport.isNFC(decomposed) && ValidationSupport.isNFC(name))
        }
        // Anything else is not composed here: a mark with nothing before it, a mark outside the
        // eight, a character outside the stable ranges.
        #expect(VietnameseComposition.compose("\u{301}a") == nil && VietnameseComposition.compose("a\u{30A}") == nil && VietnameseComposition.compose("\u{65E5}") == nil)
    }

    @Test("JSON text quoting: texts without anything to escape are copied whole, with the same result")
    func quoting() {
        var wrong: [String] = []
        for value in UInt32(0)..<0x3_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(Character(scalar)) + "\u{2027}"
            for forScripts in [false, true] where !JSON.quoted(text, forScripts: forScripts).utf8.elementsEqual(JSON.quotedByScalars(text, forScripts: forScripts).utf8) {
                wrong.append(String(value, radix: 16))
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        // Several escapes in one text, with runs of plain text between, at its ends, or none.
        var random = SystemRandomNumberGenerator()
        let pieces = ["\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1F}", "\u{7F}", "<", ">", "&", "\u{2028}", "\u{2029}", "\u{2027}", "a", "ệ", "😀", "e\u{301}", "xyz"]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            for forScripts in [false, true] {
                #expect(JSON.quoted(text, forScripts: forScripts).utf8.elementsEqual(JSON.quotedByScalars(text, forScripts: forScripts).utf8), "\(text.debugDescription)")
            }
        }
        #expect(JSON.quoted("Hà Nội") == "\"Hà Nội\"" && JSON.quoted("a\u{2028}b") == "\"a\\u2028b\"")
        #expect(JSON.quoted("</script>", forScripts: true) == "\"\\u003c/script\\u003e\"" && JSON.quoted("</script>") == "\"</script>\"")
    }

    @Test("the byte scanners answer as the definitions they replace, on every scalar of planes 0 to 2")
    func byteScanners() throws {
        let excluded = Set("0123456789!\"#$%&()*+,./:;<=>?@[\\]^_`{|}~\t\n\r".unicodeScalars.map(\.value))
        for u in UInt32(0)..<128 { #expect(ValidationSupport.nameExcluded(u) == excluded.contains(u), "\(u)") }
        var wrong: [UInt32] = []
        for value in UInt32(0)..<0x3_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(Character(scalar)) + "b"
            let stable = value <= 0xFFFF && ValidationSupport.isStable(UInt16(value))
            if text.withBytes(ValidationSupport.isStable) != stable { wrong.append(value) }
            if value < 0x400 || (0x1D00..<0x2100).contains(value) {
                let digits = ValidationSupport.isDigits(String(Character(scalar)), 1)
                if digits != (48...57).contains(value) { wrong.append(value) }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(!"".hasNonWhitespace && !" \t\n\u{3000}\u{A0}".hasNonWhitespace && " x".hasNonWhitespace && "x ".hasNonWhitespace && "\u{3000}Đ".hasNonWhitespace)
        #expect(ValidationSupport.isEmailShape("a@b.vn") && !ValidationSupport.isEmailShape("a@.vn") && !ValidationSupport.isEmailShape("@b.vn"))
        #expect(!ValidationSupport.isEmailShape("a@b.") && !ValidationSupport.isEmailShape("a@@b.vn") && !ValidationSupport.isEmailShape("a b@c.vn"))
        #expect(ValidationSupport.isEmailShape("\u{1ED9}@b\u{1ED9}.vn") && !ValidationSupport.isEmailShape("a@b\u{1ED9}"))
        #expect(ValidationSupport.isPhoneVN("0912345678") && ValidationSupport.isPhoneVN("02438123456") && !ValidationSupport.isPhoneVN("0112345678"))
        #expect(!ValidationSupport.isPhoneVN("") && !ValidationSupport.isPhoneVN("091234567a") && !ValidationSupport.isPhoneVN("03123456789"))
    }

    @Test("unique_items: one pass over keys gives validate.mjs's former pairwise comparison, in both languages")
    func uniqueKeys() throws {
        let values = [
            #""1""#, "1", "1.0", "-0", "0", "1e21", "1e400", "-1e400", #""é""#, #""e\u0301""#, "true", "false", "null", #""true""#,
            #"{"a":1,"b":2}"#, #"{"b":2,"a":1}"#, #"{"1":1,"a":2}"#, #"{"a":2,"1":1}"#, "[1,2]", "[2,1]", "[null]", "[1e400]",
            "[-0]", "[0]", #"{"a":[1,{"b":"x"}]}"#, #"{"a":[1,{"b":"x"}],"c":null}"#, "[]", "{}", #""[]""#,
        ]
        let inputs = String(decoding: try JSONSerialization.data(withJSONObject: values), as: UTF8.self)
        // The pairwise comparison validate.mjs used before (=== or equal JSON.stringify), as the reference.
        let script = ValidatorEmitter.runtime + """
            function jsonEqual(a, b) {
              if (a === b) return true;
              if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
              return JSON.stringify(a) === JSON.stringify(b);
            }
            const values = \(inputs).map((t) => JSON.parse(t));
            const out = [];
            for (const a of values) for (const b of values) {
              if (jsonEqual(a, b) !== (uniqueKey(a) === uniqueKey(b))) throw new Error('uniqueKey disagrees on ' + JSON.stringify([a, b]));
              out.push(jsonEqual(a, b));
            }
            console.log(JSON.stringify(out));
            """
        let javascript = try #require(try Self.runNode(script) as? [Bool])
        let parsed = try values.map { try JSON(parsing: $0) }
        var swift: [Bool] = []
        for a in parsed {
            for b in parsed {
                var seen = SeenValues()
                _ = seen.insert(a)
                swift.append(!seen.insert(b))
            }
        }
        #expect(swift == javascript)
        #expect(javascript.filter { $0 }.count > values.count, "some distinct spellings must compare equal")
    }

    @Test("portable patterns match the same texts in validate.mjs (RegExp, u), the Swift validators (Regex) and formc (ICU)")
    func patternsAgreeAcrossEngines() throws {
        let patterns = [
            "[0-9]{3}", "[0-9]{2,4}", "a.c", "[^@ \\t]+@[a-z]+", "(ab|cd)+", "x{0,}y?", "Việt[ a-zà-ỹ]*", "\\u00e0+",
            "[+-]?[0-9]+(\\.[0-9]{1,2})?", "[a-z\\\\\"]+\\.x", "(?:0[1-9]|1[0-2])/[0-9]{4}", "[^a-z]", "^ab$", "a|^b",
            "[A-ZĐ][a-zđ]*( [A-ZĐ][a-zđ]*)*", "[\\-.]+", ".{2}",
        ]
        let texts = [
            "", "123", "12", "12345", "abc", "a\nc", "a😀c", "a\u{2028}c", "a\u{85}c", "x@y", "x y@z", "abcd", "abab", "cdab", "ac",
            "y", "xxxy", "Việt Nam", "Viet", "ààà", "a\u{300}", "-1.5", "+10", "1.234", "a\\\".x", "ab.x", "01/2025", "13/2025",
            "A", "é", "ab", "b", "Đỗ Văn", "Đỗ văn", "-.", "😀😀", "\u{1F600}",
        ]
        let patternsJSON = String(decoding: try JSONSerialization.data(withJSONObject: patterns.map { try PortablePattern($0).javascriptWholeMatch }), as: UTF8.self)
        let textsJSON = String(decoding: try JSONSerialization.data(withJSONObject: texts), as: UTF8.self)
        let script = """
            const patterns = \(patternsJSON).map((p) => new RegExp(p, 'u'));
            const texts = \(textsJSON);
            console.log(JSON.stringify(patterns.map((p) => texts.map((t) => p.test(t)))));
            """
        let javascript = try #require(try Self.runNode(script) as? [[Bool]])
        #expect(javascript.count == patterns.count)
        var matches = 0
        for (pattern, row) in zip(patterns, javascript) {
            let swift = TextPattern(try PortablePattern(pattern).icuWholeMatch)
            for (text, js) in zip(texts, row) {
                #expect(swift.matches(text) == js, "\(pattern) on \(text.debugDescription): Swift \(!js), JavaScript \(js)")
                #expect(SubmissionValidator.regexMatch(pattern, text) == js, "\(pattern) on \(text.debugDescription): formc \(!js), JavaScript \(js)")
                if js { matches += 1 }
            }
        }
        #expect(matches > 20, "the texts should match some patterns")
    }

    @Test("the Swift validators' pattern automaton answers as Regex does, on every pattern formc can write")
    func patternAutomatonAgreesWithRegex() throws {
        let patterns = [
            "[0-9]{3}", "[0-9]{2,4}", "a.c", "[^@ \\t]+@[a-z]+", "(ab|cd)+", "x{0,}y?", "Việt[ a-zà-ỹ]*", "\\u00e0+",
            "[+-]?[0-9]+(\\.[0-9]{1,2})?", "[a-z\\\\\"]+\\.x", "(?:0[1-9]|1[0-2])/[0-9]{4}", "[^a-z]", "^ab$", "a|^b",
            "[A-ZĐ][a-zđ]*( [A-ZĐ][a-zđ]*)*", "[\\-.]+", ".{2}", "(?:ab){2,3}c?", "a{2,}", "(a|b)c|d$", "", "()",
            "[a-]b", "\\n?x\\t", "[^\\n]*", "(?:(?:a{2}){2}|b)+", "[\\u0041-\\u005a]{1,3}[.]", "$", "^", "a^b", "x|", "\\{\\}\\[\\]\\(\\)\\|\\^\\$\\/",
        ]
        // Texts of characters the patterns name, and a few they do not, seeded so runs repeat.
        let alphabet: [String] = ["a", "b", "c", "d", "x", "y", "0", "1", "9", "@", " ", "\t", "\n", ".", "-", "+", "/", "\\", "\"",
                                  "à", "a\u{300}", "Đ", "đ", "V", "A", "Z", "😀", "\u{2028}", "{", "}", "[", "]", "(", ")", "|", "^", "$"]
        var generator = SourceTests.SeededGenerator(state: 11)
        var texts = alphabet + ["", "ab", "abab", "aaaa", "cdab", "12", "123", "01/2025", "Việt Nam", "ab.x", "aabbc", "aaaab", "bbbb", "ABC.", "\n\tx\t"]
        for _ in 0..<400 {
            texts.append((0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined())
        }
        var matched = 0
        for pattern in patterns {
            let icu = try PortablePattern(pattern).icuWholeMatch
            let compiled = TextPattern(icu)
            #expect(compiled.isAutomaton, "\(pattern) should be read by the automaton")
            for text in texts {
                let expected = TextPattern.matchedByRegex(icu, text)
                #expect(compiled.matches(text) == expected, "\(pattern) on \(text.debugDescription): automaton \(!expected), Regex \(expected)")
                if expected { matched += 1 }
            }
        }
        #expect(matched > 200, "the texts should match the patterns often")
        // 2,000 optional characters in a row (a chain of 2,000 choices, each followed without reading)
        // matched on a thread with a 64 KiB stack: the automaton keeps its own stack, not the thread's.
        let chain = TextPattern(try PortablePattern(String(repeating: "[a-z]?", count: 2_000) + "x").icuWholeMatch)
        #expect(chain.isAutomaton)
        let answers = Mutex<[Bool]>([])
        let thread = Thread {
            answers.withLock { $0 = [chain.matches("abcx"), chain.matches(String(repeating: "q", count: 2_000) + "x"), chain.matches("abc")] }
        }
        thread.stackSize = 64 * 1024
        thread.start()
        while answers.withLock({ $0.isEmpty }) { Thread.sleep(forTimeInterval: 0.01) }
        #expect(answers.withLock { $0 } == [true, true, false])
        // Counted repetitions are written out; past the automaton's limit Regex takes over, with the same answers.
        let huge = TextPattern(try PortablePattern("(?:(?:[a-z]{1000}){1000})?x").icuWholeMatch)
        #expect(!huge.isAutomaton && huge.matches("x") && !huge.matches("y"))
        // A pattern the automaton does not read, or that does not compile, keeps Regex's answer.
        #expect(TextPattern("\\A\\d+\\z").matches("42") && !TextPattern("\\A\\d+\\z").isAutomaton)
        #expect(!TextPattern("(").matches("(") && !TextPattern("(").matches(""))
    }

    /// Awkward texts for the name, NFC, length and date checks.
    static let texts = [
        "", " ", "Nguyễn Văn A", "Nguye\u{302}\u{303}n Văn A", "Nguyễn  Văn", " An", "An ", "A1", "O'Neil", "Lê-Anh",
        "Ω", "Ωμέγα", "李小龍", "😀", "a😀b", "ǅ", "\u{301}", "Ä\u{308}", "·", "Ё", "Н\u{306}", "Ả", "ﬁ", "Å",
        "2024-02-29", "2023-02-29", "2024-13-01", "2024-1-01", "２０２４-01-01", "2025-07-01T08:30:00Z",
        "2025-07-01T24:00:00Z", "2025-07-01T08:30:00+07:00", "2025-07-01T08:30:00+24:00", "a/b~c", "~~", "tab\there",
        "a@b.c", "@b.c", "a@.c", "a@b.", "a@b.c.", "a@@b.c", "a b@c.d", "a@b\n.c", "ả@ệ.vn", "😀@😀.😀", "a@b.c@d.e", "a@bc",
        "0912345678", "0321234567", "0311234567", "0521234567", "0531234567", "0701234567", "0711234567", "0801234567",
        "02412345678", "03123456789", "091234567", "09123456789", "０912345678", "0912345a78",
        "2025-07-01T08:30:00.123456789Z", "2025-07-01T08:30:00.1234567890Z", "2025-07-01T08:30:00.Z",
        "2025-07-01T08:30:00-00:00", "2025-07-01T08:30:00+0700", "2025-07-01t08:30:00Z", "2025-07-01T08:30:00Zx",
        "2025-07-01T08:30:00.5+07:00", "2025-07-01 08:30:00Z", "2025-07-01T08:30Z", "２025-07-01T08:30:00Z",
        "0100109106", "0100109106-001", "0100109106-000", "0100109106-999", "0100109106-010", "0100109106-01", "0100109106—001",
        "a\u{FFFD}b", "\u{FFFD}", "0000-01-01", "0001-01-01", "2016-12-31T23:59:60Z",
        // Ordered differently by code point and by UTF-16 unit (JavaScript's order), then a prefix.
        "\u{FF21}x", "😀x", "\u{FF21}x", "2024-02-2", "2024-02-29",
    ]

    @Test("the validator checks answer as validate.mjs's helpers do under node; the scanners as the patterns do")
    func helpersAgreeWithJavaScript() throws {
        let inputs = String(decoding: try JSONSerialization.data(withJSONObject: Self.texts), as: UTF8.self)
        let script = ValidatorEmitter.runtime + JavaScriptLowering.runtime + """
            const inputs = \(inputs);
            const EMAIL = \(JavaScript.string(PortablePattern.schemaPattern(TypeLibrary.emailPattern)));
            const PHONE = \(JavaScript.string(PortablePattern.schemaPattern(TypeLibrary.phonePattern)));
            const DATETIME = \(JavaScript.string(PortablePattern.schemaPattern(TypeLibrary.dateTimePattern)));
            const TAX = \(JavaScript.string(PortablePattern.schemaPattern(TypeLibrary.taxCodePattern)));
            console.log(JSON.stringify(inputs.map((s, i) => [nameState(s), nameVerdict(s, nameState(s), nfc(s)), nameOK(s), isNameText(s), isNFC(s), hasLetter(s),
              codePoints(s), isDate(s), isDateTimeShape(s) && isDateTime(s), token(s), isDigits(s, 10), isEmailShape(s), isPhoneVN(s),
              new RegExp(EMAIL, 'u').test(s), new RegExp(PHONE, 'u').test(s), isDateTimeShape(s), new RegExp(DATETIME, 'u').test(s),
              new RegExp(TAX, 'u').test(s), wellFormed(s),
              // Order as JavaScript's < (UTF-16 units) against the next text, and substr by code points.
              s < inputs[(i + 1) % inputs.length], xsubstr(s, 1, 3), xsubstr(s, -2, undefined), xsubstr(s, 0, -1)].map(String))));
            """
        let javascript = try #require(try Self.runNode(script) as? [[String]])
        typealias H = ValidationSupport
        for (index, (text, js)) in zip(Self.texts, javascript).enumerated() {
            let swift: [String] = [
                String(H.nameState(text)), String(H.nameVerdict(text, H.nameState(text), H.nfc(text))), String(H.nameOK(text)), String(H.isNameText(text)), String(H.isNFC(text)),
                String(H.hasLetter(text)), String(H.codePoints(text)), String(H.isDate(text)), String(H.isDateTimeShape(text) && H.isDateTime(text)),
                H.token(text), String(H.isDigits(text, 10)), String(H.isEmailShape(text)), String(H.isPhoneVN(text)),
                // The scanners mean what the patterns say, as JavaScript's regular expressions read them.
                String(H.isEmailShape(text)), String(H.isPhoneVN(text)),
                String(H.isDateTimeShape(text)), String(H.isDateTimeShape(text)),
                String(H.isTaxCodeShape(text)), String(H.isWellFormed(text)),
                String(H.isBefore(text, Self.texts[(index + 1) % Self.texts.count])),
                TextFunctions.substr(text, 1, 3), TextFunctions.substr(text, -2, nil), TextFunctions.substr(text, 0, -1),
            ]
            #expect(swift == js, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(javascript.count == Self.texts.count)
    }
}
