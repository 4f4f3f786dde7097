import Foundation
import Testing

@testable import FormcCore

@Suite("Source: YAML to located nodes")
struct SourceTests {
    @Test("scalars keep their text and style; no YAML 1.1 implicit typing")
    func scalarsKeepText() throws {
        let (node, diagnostics) = readYAML("code: 1.001193\nflag: no\noctal: 010\ndate: 2025-07-01\nquoted: \"1.0\"\nnull_ish: ~\n")
        #expect(diagnostics.isEmpty)
        guard case .mapping(let pairs)? = node?.content else { Issue.record("not a mapping"); return }
        let values = Dictionary(uniqueKeysWithValues: pairs.map { ($0.key, $0.value) })
        #expect(values["code"]?.scalarText == "1.001193")
        #expect(values["flag"]?.scalarText == "no")
        #expect(values["octal"]?.scalarText == "010")
        #expect(values["date"]?.scalarText == "2025-07-01")
        #expect(values["null_ish"]?.scalarText == "~")
        if case .scalar(_, let style)? = values["quoted"]?.content { #expect(style == .doubleQuoted) } else { Issue.record("quoted is not a scalar") }
        if case .scalar(_, let style)? = values["code"]?.content { #expect(style == .plain) } else { Issue.record("code is not a scalar") }
    }

    @Test("every key and value has its line and column, counted in code points")
    func locations() throws {
        let (node, _) = readYAML("tiêu_đề: Đăng ký\n  # comment\nmã:   \"x\"\n")
        guard case .mapping(let pairs)? = node?.content else { Issue.record("not a mapping"); return }
        #expect(pairs[0].keyLocation == SourceLocation(file: "test.yaml", line: 1, column: 1))
        #expect(pairs[0].value.location == SourceLocation(file: "test.yaml", line: 1, column: 10))
        #expect(pairs[1].keyLocation == SourceLocation(file: "test.yaml", line: 3, column: 1))
        #expect(pairs[1].value.location == SourceLocation(file: "test.yaml", line: 3, column: 7))
    }

    @Test("a byte-order mark is accepted and does not shift columns")
    func byteOrderMark() {
        let (node, diagnostics) = readYAML([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8))
        #expect(diagnostics.isEmpty)
        guard case .mapping(let pairs)? = node?.content else { Issue.record("not a mapping"); return }
        #expect(pairs[0].value.location.column == 4)
    }

    @Test("invalid UTF-8 is reported at its line and column, and nothing is parsed")
    func invalidUTF8() {
        let bytes = Array("a: 1\nbé: ".utf8) + [0xFF] + Array("\n".utf8)
        let (node, diagnostics) = readYAML(bytes)
        #expect(node == nil)
        #expect(diagnostics.map(\.id) == [.invalidUTF8])
        #expect(diagnostics.first?.location == SourceLocation(file: "test.yaml", line: 2, column: 5))
    }

    @Test("overlong encodings and surrogates are invalid UTF-8", arguments: [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] as [[UInt8]])
    func invalidSequences(_ sequence: [UInt8]) {
        let (_, diagnostics) = readYAML(Array("a: ".utf8) + sequence)
        #expect(diagnostics.map(\.id) == [.invalidUTF8])
    }

    @Test("duplicate keys: every one is reported, with a note at the first")
    func duplicateKeys() {
        let (_, diagnostics) = readYAML("a: 1\nb: 2\na: 3\nb: 4\n")
        #expect(diagnostics.map(\.id) == [.duplicateKey, .duplicateKey])
        #expect(diagnostics[0].location?.line == 3)
        #expect(diagnostics[0].notes.first?.location == SourceLocation(file: "test.yaml", line: 1, column: 1))
    }

    @Test("an unterminated quote is a located syntax error with the quote's start as a note")
    func unterminatedQuote() {
        let (node, diagnostics) = readYAML("a: 1\nb: 'không đóng\n")
        #expect(node == nil)
        #expect(diagnostics.map(\.id) == [.yamlSyntax])
        #expect(diagnostics[0].notes.first?.location == SourceLocation(file: "test.yaml", line: 2, column: 4))
    }

    @Test("tabs in indentation: every such line is reported")
    func tabs() {
        let (_, diagnostics) = readYAML("a:\n\tb: 1\n\tc: 2\n")
        #expect(diagnostics.map(\.id) == [.tabIndentation, .tabIndentation])
        #expect(diagnostics.map { $0.location?.line } == [2, 3])
    }

    @Test("a billion-laughs file is refused at once, without expanding anything")
    func billionLaughs() {
        var text = "a0: &a0 [\"lol\"]\n"
        for level in 1...30 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let clock = ContinuousClock()
        var diagnostics: [Diagnostic] = []
        let elapsed = clock.measure { diagnostics = readYAML(text).1 }
        #expect(diagnostics.contains { $0.id == .aliasNotAllowed })
        #expect(diagnostics.allSatisfy { $0.id == .aliasNotAllowed })
        // Generous bound: expansion would take hours; the reader takes microseconds per alias.
        #expect(elapsed < .seconds(2))
    }

    @Test("deep nesting stops at the limit instead of recursing further")
    func deepNesting() {
        let depth = 100_000
        let text = "a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let (node, diagnostics) = readYAML(text)
        #expect(node == nil)
        #expect(diagnostics.map(\.id) == [.nestingTooDeep])
    }

    @Test("several documents, an empty file, non-string keys and tags are diagnostics")
    func otherRefusals() {
        #expect(readYAML("a: 1\n---\nb: 2\n").1.map(\.id) == [.multipleDocuments])
        #expect(readYAML("").1.map(\.id) == [.emptyFile])
        #expect(readYAML("---\n").1.map(\.id) == [.emptyFile])
        #expect(readYAML("{a: 1}: 2\n").1.map(\.id) == [.nonScalarKey])
        #expect(readYAML("a: !!int 1\n").1.map(\.id) == [.tagNotAllowed])
    }

    @Test("files above the size limit are refused before parsing")
    func sizeLimit() {
        var limits = SourceLimits()
        limits.maxFileSize = 10
        let (node, diagnostics) = readYAML("a: 12345678901\n", limits: limits)
        #expect(node == nil)
        #expect(diagnostics.map(\.id) == [.fileTooLarge])
    }

    /// SplitMix64: a seeded generator, so the fuzz inputs are the same on every run.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("locations order by file path, then line and column, whichever file was numbered first")
    func locationOrder() {
        let later = SourceLocation(file: "zz-numbered-first-\(#line).yaml", line: 1, column: 1)
        let earlier = SourceLocation(file: "aa-numbered-second-\(#line).yaml", line: 9, column: 9)
        #expect(earlier < later && !(later < earlier))
        #expect(SourceLocation(file: later.file, line: 2, column: 1) > later)
        #expect(SourceLocation(file: later.file, line: 1, column: 1) == later && later.file.hasPrefix("zz-"))
        var moved = later
        moved.file = "elsewhere.yaml"
        #expect(moved.file == "elsewhere.yaml" && moved.line == 1 && moved != later)
    }

    @Test("the fast lower case is the standard library's, for every scalar of the planes text uses")
    func fastLowerCase() {
        var differ: [String] = []
        for value in UInt32(0)...0x2FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "A" + String(Character(scalar)) + "Ệ"
            if text.lowercasedFast != text.lowercased() { differ.append(String(value, radix: 16)) }
        }
        #expect(differ.isEmpty, "differ at U+\(differ.prefix(10))")
        #expect("Họ VÀ TÊN Người Đề Nghị".lowercasedFast == "họ và tên người đề nghị")
    }

    @Test("replacing over UTF-8 bytes gives Foundation's literal replacement")
    func byteReplacement() {
        let texts = ["", "@Q@", "a@Q@b@Q@", "@Q@@Q@@Q", "Họ tên @Q@ người đề nghị", "e\u{301}@Q@e\u{301}", "~/a~/", "__i__i_i", "😀@Q@😀"]
        let pairs = [("@Q@", "q"), ("@Q@", "(p + \"/ho_tên\")"), ("~", "~0"), ("/", "~1"), ("__i", "__n"), ("", "x"), ("😀", "")]
        for text in texts {
            for (target, replacement) in pairs {
                let bytes = text.replacingBytes(target, with: replacement), foundation = text.replacingOccurrences(of: target, with: replacement)
                #expect(bytes.utf8.elementsEqual(foundation.utf8), "\(text) \(target)")
                if !target.isEmpty {
                    #expect(text.occurrences(ofBytes: target) == text.components(separatedBy: target).count - 1, "\(text) \(target)")
                }
            }
        }
        // Nesting generated code: every line, empty ones too, as splitting and joining did.
        for text in ["", "a", "a\n\nb", "x\n", "Họ\ntên"] {
            let joined = text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
            #expect(text.indentingLines(by: "  ").utf8.elementsEqual(joined.utf8), "\(text)")
        }
        // Byte for byte: a decomposed spelling is not the precomposed one.
        #expect("e\u{301}x".replacingBytes("\u{E9}", with: "?").utf8.elementsEqual("e\u{301}x".utf8))
    }

    @Test("HTML escaping replaces every & < > \" ' byte, even one a combining mark follows, and leaves other text as it is")
    func htmlEscaping() {
        for (text, escaped) in [
            ("", ""), ("Họ và tên", "Họ và tên"), ("a<b>&\"c\"'d'", "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;"),
            // A character of one grapheme with its combining mark: iterating characters missed it.
            ("<\u{338}script>", "&lt;\u{338}script&gt;"), ("</script><script>ệ😀", "&lt;/script&gt;&lt;script&gt;ệ😀"), ("&&", "&amp;&amp;"),
        ] {
            #expect(HTML.escape(text).utf8.elementsEqual(escaped.utf8), "\(text)")
        }
    }

    @Test("random bytes never crash the reader")
    func fuzzSmoke() {
        var generator = SeededGenerator(state: 20261125)
        let alphabet = Array("ab: -[]{}&*!|>'\"#\n\t?,%@`ệ".utf8)
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<80, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let engine = DiagnosticEngine()
            let node = YAMLReader(file: "fuzz.yaml", diagnostics: engine).read(bytes)
            // Either a tree or at least one diagnostic explaining why not.
            #expect(node != nil || !engine.diagnostics.isEmpty)
        }
    }
}
