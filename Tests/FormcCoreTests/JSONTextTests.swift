import Foundation
import Testing

@testable import FormcCore

/// formc writes JSON with its own `JSONWriter`, which must give jansson's bytes exactly: artifacts
/// written before it came are what every front end and golden file holds.
@Suite("JSON text")
struct JSONTextTests {
    @Test("every JSON artifact of the corpus reads back and is written again as jansson writes it, byte for byte")
    func corpusArtifacts() throws {
        let result = try CorpusTests.compileCorpus()
        let artifacts = try #require(result.artifacts).filter { $0.path.hasSuffix(".json") }
        #expect(artifacts.count > 50)
        for artifact in artifacts {
            let value = try JSONCodec.decode(artifact.bytes)
            #expect(JSONCodec.encodeWithJansson(value) == artifact.bytes, "\(artifact.path)")
            #expect(JSONCodec.encode(value) == artifact.bytes, "\(artifact.path)")
            for indent in [0, 4] {
                #expect(JSONCodec.encode(value, indent: indent) == JSONCodec.encodeWithJansson(value, indent: indent), "\(artifact.path), indent \(indent)")
            }
        }
    }

    @Test("random values — every control character, quotes, non-ASCII text, reals of every size, empty and nested containers — as jansson writes them at five indents")
    func randomValues() {
        var random = SourceTests.SeededGenerator(state: 0x4A53_4F4E)
        let characters: [Character] = (0..<0x20).map { Character(Unicode.Scalar($0)!) } +
            ["\"", "\\", "/", "\u{7F}", "a", "Z", "0", " ", "ệ", "Đ", "\u{2028}", "\u{FFFD}", "😀", "e\u{301}", "<", "&"]
        func text(allowNUL: Bool) -> String {
            String((0..<Int.random(in: 0...12, using: &random)).map { _ in
                var c = characters.randomElement(using: &random)!
                // jansson takes member names as C strings, so a name cannot hold U+0000 there.
                while !allowNUL && c == "\u{0}" { c = characters.randomElement(using: &random)! }
                return c
            })
        }
        func real() -> Double {
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return [0.5, -0.0, 0, 1e21, 1e-7, 123456789012345680, 0.1, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -2.5e-300].randomElement(using: &random)!
            case 1: return Double(Int.random(in: -1_000_000...1_000_000, using: &random)) / 8
            default:
                let value = Double(bitPattern: random.next())
                return value.isFinite ? value : 1.25
            }
        }
        func value(depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth < 4 ? 8 : 6), using: &random) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &random))
            case 2: return .integer([Int64.min, Int64.max, 0, -1, Int64(bitPattern: random.next())].randomElement(using: &random)!)
            case 3: return .number(real())
            case 4, 5: return .string(text(allowNUL: true))
            case 6: return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in value(depth: depth + 1) })
            default:
                var names = Set<String>()
                var members: [(key: String, value: JSONValue)] = []
                for _ in 0..<Int.random(in: 0...3, using: &random) {
                    let name = text(allowNUL: false)
                    if names.insert(name).inserted { members.append((name, value(depth: depth + 1))) }
                }
                return .object(members)
            }
        }
        for round in 0..<2_000 {
            let v = value(depth: 0)
            for indent in [0, 1, 2, 3, 8] {
                let ours = JSONCodec.encode(v, indent: indent), theirs = JSONCodec.encodeWithJansson(v, indent: indent)
                #expect(ours == theirs, "round \(round), indent \(indent): \(String(decoding: ours, as: UTF8.self)) against \(String(decoding: theirs, as: UTF8.self))")
                if ours != theirs { return }
            }
        }
    }

    @Test("a real number is written as jansson writes it: 17 significant digits, .0 on whole ones, exponents without + or leading zeros")
    func reals() {
        let cases: [(Double, String)] = [
            (1.5, "1.5"), (2, "2.0"), (-0.0, "-0.0"), (0.1, "0.10000000000000001"), (1e21, "1e21"), (1e-7, "9.9999999999999995e-8"),
            (123456789e-300, "1.23456789e-292"), (-Double.leastNonzeroMagnitude, "-4.9406564584124654e-324"),
        ]
        for (number, text) in cases {
            #expect(JSONCodec.encode(.number(number), indent: 0) == Array((text + "\n").utf8), "\(number)")
            #expect(JSONCodec.encodeWithJansson(.number(number), indent: 0) == Array((text + "\n").utf8), "\(number)")
        }
        // jansson cannot hold NaN or an infinity; formc writes null rather than drop the member.
        #expect(JSONCodec.encode(.array([.number(.infinity), .number(.nan)]), indent: 0) == Array("[null, null]\n".utf8))
    }
}
