import Foundation
import Testing

@testable import FormcCore
import FormcRuntime

@Suite("Portable patterns")
struct PatternTests {
    @Test("portable patterns are accepted", arguments: [
        "[0-9]{12}", "0(3[2-9]|5[25689])[0-9]{7}", "[A-Z]{2}-[0-9]{3,4}", "(?:ab|cd)+", "a.c", "[^@ \\t]+@x",
        "\\.\\-\\(\\)", "[a\\-z]", "x{0,}", "Việt[ a-z]*", "\\u00e0", "[+-]",
    ])
    func accepted(_ pattern: String) throws {
        _ = try PortablePattern(pattern)
    }

    @Test("constructs outside the subset are refused, at the right offset", arguments: [
        ("AB\\d{3}", 2, true), ("\\w+", 0, true), ("(?=a)b", 0, true), ("(?<n>a)", 0, true), ("a+?", 2, true),
        ("(a)\\1", 3, true), ("a{2", 1, false), ("[a-", 0, false), ("(ab", 0, false), ("ab)", 2, false),
        ("*a", 0, false), ("a{3,2}", 1, false), ("[z-a]", 1, false), ("a]", 1, true), ("x{", 1, true), ("\\b", 0, true),
        ("😀", 0, true), ("[]", 0, false), ("a**", 2, false), ("a|\\uDe00", 2, true), ("[\\ud800-\\udfff]", 1, true),
        // A range bound NFC replaces: Swift's Regex refuses it where JavaScript and ICU take it (found by fuzzing).
        ("[a-\u{1FF9}]", 1, true), ("x[\\u2126-\\u2127]", 2, true),
    ] as [(String, Int, Bool)])
    func refused(_ pattern: String, _ offset: Int, _ nonPortable: Bool) {
        do {
            _ = try PortablePattern(pattern)
            Issue.record("\(pattern) was accepted")
        } catch {
            #expect(error.offset == offset, "\(pattern): \(error.message)")
            #expect(error.nonPortable == nonPortable, "\(pattern): \(error.message)")
        }
    }

    @Test("patterns a backtracking engine can take exponential time on are refused, at their quantifier", arguments: [
        ("(a+)+b", 4), ("(a|a)*", 5), ("(a*)*", 4), ("(a|ab)*c", 6), ("([a-z]+ ?)+", 10), ("(|a)+", 4),
        ("((a+))+", 6), ("([a-z]*x)+", 9), ("x(a{1,3}){2,}", 9), ("([a-z]|x)+", 9), ("(.|a)*", 5), ("(a|[^b])+", 8),
    ] as [(String, Int)])
    func refusedBacktracking(_ pattern: String, _ offset: Int) {
        do {
            _ = try PortablePattern(pattern)
            Issue.record("\(pattern) was accepted")
        } catch {
            #expect(error.offset == offset, "\(pattern): \(error.message)")
            #expect(error.nonPortable, "\(pattern): \(error.message)")
            #expect(error.message.contains("exponential time"))
        }
    }

    @Test("which patterns can match a line feed (the schema refuses line feeds for the others)")
    func newlines() throws {
        for (pattern, admits) in [("[a-z]+", false), ("[^a]", true), ("[^\\n]+", false), ("a\\nb", true), (".+", false),
                                  ("[\\n]", true), ("x|\\n", true), ("[\\t-\\r]", true), ("[^@ \\t\\r\\n]+", false), ("\\u000a", true)] {
            #expect(try PortablePattern(pattern).admitsNewline == admits, "\(pattern)")
        }
    }

    @Test("repetitions that cannot backtrack badly stay portable", arguments: [
        "(ab|cd)+", "(a|b)*", "([0-9]{3}-)+", "(\\.[0-9]{1,9})?", "([a-c]|[d-f])+", "(a+)?", "(a+){1}", "a+b+c*",
        "(x[0-9]+)?y", "(a?b)+", "[A-Z][a-z]*( [A-Z][a-z]*)*", "([0-9]{1,3}\\.)+", "((ab)+c)+",
    ])
    func acceptedRepetitions(_ pattern: String) throws {
        _ = try PortablePattern(pattern)
    }

    @Test("matching follows ECMAScript: '$' does not match before a final newline, '.' does not match newlines")
    func ecmaSemantics() {
        let field = { (pattern: String) -> FieldSpec in
            var f = FieldSpec(name: "x", location: .file("t"), kind: .text)
            f.pattern = Located(pattern, at: .file("t"))
            return f
        }
        let validator = SubmissionValidator(catalogue: nil, today: testToday)
        #expect(validator.validate(.string("123"), as: field("[0-9]{3}")).isEmpty)
        #expect(!validator.validate(.string("123\n"), as: field("[0-9]{3}$")).isEmpty)
        #expect(!validator.validate(.string("1234"), as: field("[0-9]{3}")).isEmpty, "patterns match the whole value")
        #expect(!validator.validate(.string("a\nb"), as: field("a.b")).isEmpty)
        #expect(validator.validate(.string("a\u{85}b"), as: field("a.b")).isEmpty, "U+0085 is not a line terminator in ECMAScript")
        #expect(!validator.validate(.string("١٢٣"), as: field("[0-9]{3}")).isEmpty, "Arabic-Indic digits are not [0-9]")
    }

    @Test("the scanners for built-in patterns agree with the regular expressions")
    func scannersAgreeWithRegexes() {
        let patterns = ["[0-9]{12}", "[0-9]{10}", "[0-9]{9}", "[0-9]{5}", "[0-9]{9}|[0-9]{12}", TypeLibrary.taxCodePattern,
            TypeLibrary.personNamePattern, "[0-9]{4}-[0-9]{2}-[0-9]{2}"]
        let samples = ["", "031195001234", "03119500123", "0311950012345", "031195001234\n", "٠٣١١٩٥٠٠١٢٣٤", "123456789", "12345",
            "0100109106", "0100109106-001", "0100109106-000", "0100109106-999", "0100109106-010", "0100109106-01", "0100109106x001", "2025-02-30", "2025-2-3", "20250203",
            "Nguyễn Văn A", "SÙNG A TỦA", "O'Neil-Trần", "An2", "A\tB", "A_B", " ", "😀", "Đ", "a\u{0301}"]
        for pattern in patterns {
            for sample in samples {
                #expect(SubmissionValidator.fastMatch(pattern, sample) == SubmissionValidator.regexMatch(pattern, sample), "\(pattern) on \(sample.debugDescription)")
            }
        }
    }

    @Test("a text field's plain default is the text written: 1.10 stays 1.10")
    func textDefaultsKeepTheirText() throws {
        let spec = minimalForm + """

                  ma: { type: text, label: { vi: Mã }, default: 1.10 }
                  so: { type: integer, label: { vi: Số }, default: 10 }
                  chon: { type: choice, label: { vi: Chọn }, options: { "1.10": { vi: A }, "2": { vi: B } }, default: 1.10 }
            """
        let result = compile(["a.yaml": spec])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted.map(\.message))")
        let fields = try #require(result.checked?.forms.first?.sections.first?.fields)
        #expect(fields.first { $0.name == "ma" }?.defaultValue?.value == .string("1.10"))
        #expect(fields.first { $0.name == "chon" }?.defaultValue?.value == .string("1.10"))
        #expect(fields.first { $0.name == "so" }?.defaultValue?.value == .integer(10))
    }

    @Test("every built-in pattern is itself in the portable subset")
    func builtInsArePortable() throws {
        for kind in FieldKind.allCases {
            if let pattern = TypeLibrary.stringType(kind)?.pattern { _ = try PortablePattern(pattern) }
        }
        _ = try PortablePattern(TypeLibrary.communePattern)
    }
}

@Suite("Submission validation")
struct ValidatorTests {
    let validator = SubmissionValidator(catalogue: nil, today: testToday)

    func field(_ kind: FieldKind) -> FieldSpec { FieldSpec(name: "x", location: .file("t"), kind: kind) }

    func rules(_ value: JSONValue, _ field: FieldSpec) -> [String] { validator.validate(value, as: field).map(\.rule.rawValue) }

    @Test("tax code check digits (mod 11, weights 31 29 23 19 17 13 7 5 3)")
    func taxCodes() {
        #expect(IdentifierChecks.taxCodeCheckDigitIsValid("0100109106"))  // Viettel
        #expect(IdentifierChecks.taxCodeCheckDigitIsValid("0300588569"))  // Vinamilk
        #expect(!IdentifierChecks.taxCodeCheckDigitIsValid("0100109107"))
        #expect(rules(.string("0100109106-001"), field(.tax_code)) == [])
        #expect(rules(.string("0100109106-999"), field(.tax_code)) == [])
        // A dependent unit is numbered from 001: -000 names none.
        #expect(rules(.string("0100109106-000"), field(.tax_code)) == ["pattern"])
        #expect(rules(.string("0100109107"), field(.tax_code)) == ["check_digit"])
        #expect(rules(.string("010010910"), field(.tax_code)) == ["pattern"])
    }

    @Test("CCCD numbers: 12 ASCII digits starting with a province code")
    func cccd() {
        #expect(rules(.string("031195001234"), field(.cccd)) == [])
        #expect(rules(.string("003195001234"), field(.cccd)) == ["cccd_province"])
        #expect(rules(.string("101195001234"), field(.cccd)) == [], "codes above 096 (births abroad) are not rejected")
        #expect(rules(.string("03119500123"), field(.cccd)) == ["pattern"])
        #expect(rules(.string("٠٣١١٩٥٠٠١٢٣٤"), field(.cccd)) == ["pattern"])
        #expect(rules(.integer(31195001234), field(.cccd)) == ["type"])
    }

    @Test("dates are real calendar dates; bounds may be relative to today")
    func dates() {
        var f = field(.date)
        f.maximum = Located(.today, at: .file("t"))
        f.minimum = Located(.date(CalendarDate("2000-01-01")!), at: .file("t"))
        #expect(rules(.string("2024-02-29"), f) == [])
        #expect(rules(.string("2023-02-29"), f) == ["format"])
        #expect(rules(.string("20240229"), f) == ["format"])
        #expect(rules(.string("2026-11-26"), f) == ["date_range"])
        #expect(rules(.string("1999-12-31"), f) == ["date_range"])
    }

    @Test("lengths count code points, not UTF-16 units or bytes")
    func lengths() {
        var f = field(.text)
        f.maxLength = Located(3, at: .file("t"))
        #expect(rules(.string("Việ"), f) == [])
        #expect(rules(.string("Việt"), f) == ["max_length"])
    }

    @Test("person names: NFC, no stray spaces, no digits")
    func names() {
        #expect(rules(.string("SÙNG A TỦA"), field(.person_name)) == [])
        #expect(rules(.string("Nguyen Van A2"), field(.person_name)) == ["pattern"])
        #expect(rules(.string(" Lan"), field(.person_name)) == ["person_name"])
        let decomposed = "Nguye\u{0302}\u{0303}n"  // ễ written as e + combining marks
        #expect(rules(.string(decomposed), field(.person_name)) == ["person_name"])
    }

    @Test("integers accept 1.0 as JSON Schema does and never leave the safe range; money is never negative")
    func integers() {
        #expect(rules(.number(5), field(.integer)) == [])
        #expect(rules(.number(5.5), field(.integer)) == ["type"])
        #expect(rules(.integer(9_007_199_254_740_992), field(.integer)) == ["maximum"])
        #expect(rules(.integer(-1), field(.money_vnd)) == ["minimum"])
    }

    @Test("multi-choice values are unique options")
    func multiChoice() {
        var f = field(.multi_choice)
        f.choices = [OptionChoice(value: "a", label: LocalizedText(vi: "A"), location: .file("t")), OptionChoice(value: "b", label: LocalizedText(vi: "B"), location: .file("t"))]
        #expect(rules(.array([.string("a"), .string("b")]), f) == [])
        #expect(rules(.array([.string("a"), .string("a")]), f) == ["unique_items"])
        #expect(rules(.array([.string("c")]), f) == ["option"])
    }
}

@Suite("JSON and hashing")
struct JSONTests {
    @Test("jansson keeps insertion order, exact integers and UTF-8 text")
    func roundTrip() throws {
        let value = JSONValue.object([("z", .integer(9_007_199_254_740_991)), ("a", .string("Hải Phòng \"</script>\"")), ("m", .array([.bool(true), .null]))])
        let text = JSONCodec.encodeString(value)
        #expect(text.hasPrefix("{\n  \"z\": 9007199254740991,\n  \"a\": \"Hải Phòng"))
        #expect(try JSONCodec.decode(Array(text.utf8)) == value)
    }

    @Test("JSON input errors carry jansson's line and column; duplicate keys are refused")
    func parseErrors() {
        do {
            _ = try JSONCodec.decode(Array("{\n  \"a\": 1,\n  \"a\": 2\n}".utf8))
            Issue.record("duplicate key accepted")
        } catch {
            #expect(error.line == 3)
        }
    }

    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // The processor's SHA instructions (when it has them) and the portable loop agree on every
        // length around the block and padding boundaries, and on longer inputs.
        #if arch(x86_64)
        if let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8), cpu.contains(" sha_ni") {
            #expect(SHA256.isAccelerated, "the processor has the SHA extensions; they should be used")
        }
        #endif
        var generator = SystemRandomNumberGenerator()
        for count in Array(0...300) + [1_000, 4_095, 4_096, 65_537, 1 << 20] {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(SHA256.digest(bytes) == SHA256.portableDigest(bytes), "\(count) bytes")
        }
    }
}
