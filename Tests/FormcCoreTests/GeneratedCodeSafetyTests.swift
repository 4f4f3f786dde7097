import Foundation
import Testing

@testable import FormcCore

/// Text from specs reaches generated JavaScript only as data: quotes, backslashes, `</script>`,
/// U+2028/U+2029, backticks and `${`, and ids that are reserved words or prototype names cannot break
/// or inject into the module.
@Suite("Generated code safety")
struct GeneratedCodeSafetyTests {
    static let hostile = "\"'\\ `${globalThis.pwned = 1}` </script><script>globalThis.pwned = 2</script> \u{2028}\u{2029} \u{0}"

    static let spec = """
        formc: 1
        form: nguy-hiem
        version: 1.0.0
        title: { vi: "\(yamlEscaped(hostile))", en: "*/ declare const x: never; /*" }
        sections:
          class:
            title: { vi: "\(yamlEscaped(hostile))" }
            fields:
              constructor: { type: text, label: { vi: "\(yamlEscaped(hostile))" }, required: true, pattern: '[^"`$]+' }
              function: { type: choice, label: { vi: Lựa chọn }, options: { return: { vi: "\(yamlEscaped(hostile))" } } }
              to_string: { type: integer, label: { vi: Số }, required_when: "class.function == 'return'" }
        rules:
          - id: this
            check: "class.constructor != 'x'"
            message: { vi: "\(yamlEscaped(hostile))", en: "\(yamlEscaped(hostile))" }
            paths: [/class/constructor]
        examples:
          - name: hợp lệ
            data: { class: { constructor: "abc" } }
        """

    static func yamlEscaped(_ s: String) -> String {
        s.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case "\u{2028}": return "\\L"
            case "\u{2029}": return "\\P"
            case "\u{0}": return "\\0"
            default: return String(scalar)
            }
        }.joined()
    }

    @Test("a hostile spec compiles to modules that load, run and return its text unchanged")
    func hostileStrings() throws {
        let node = try #require(which("node") ?? which("nodejs"), "node is needed; scripts/test.sh installs it")
        let directory = try TemporaryDirectory()
        try directory.write("specs/nguy-hiem.yaml", Self.spec)
        let build = try run(formcExecutable, ["build", directory.path("specs"), "--out", directory.path("out")])
        try #require(build.status == 0, "\(build.stderr)")
        let module = directory.path("out/forms/nguy-hiem/1.0.0/validate.mjs")
        let source = try String(contentsOfFile: module, encoding: .utf8)
        #expect(!source.contains("</script>"), "'<' is escaped in string literals")
        #expect(!source.contains("\u{2028}") && !source.contains("\u{2029}"))
        let script = """
            import { validate } from \(JavaScript.string(URL(fileURLWithPath: module).absoluteString));
            const bad = validate({ class: { constructor: 'x', function: 'return' }, ['__proto__']: 1 });
            const proto = validate(JSON.parse('{"class": {"constructor": "a"}, "__proto__": {"polluted": 1}}'));
            const missing = validate({ class: {} });
            console.log(JSON.stringify({ bad, proto, missing, pwned: globalThis.pwned ?? null, polluted: ({}).polluted ?? null }));
            """
        let result = try run(node, ["--input-type=module", "-e", script])
        try #require(result.status == 0, "\(result.stderr)")
        let output = try JSONCodec.decode(Array(result.stdout.utf8))
        #expect(output["pwned"] == .null)
        #expect(output["polluted"] == .null)
        let bad = try #require(output["bad"]?["errors"]?.arrayValue)
        let rule = try #require(bad.first { $0["rule"]?.stringValue == "this" })
        #expect(rule["message"]?["vi"]?.stringValue == Self.hostile)
        #expect(rule["message"]?["en"]?.stringValue == Self.hostile)
        #expect(bad.contains { $0["path"]?.stringValue == "/class/to_string" && $0["rule"]?.stringValue == "required" })
        let proto = try #require(output["proto"]?["errors"]?.arrayValue)
        #expect(proto.contains { $0["path"]?.stringValue == "/__proto__" && $0["rule"]?.stringValue == "unknown_field" })
        let missing = try #require(output["missing"]?["errors"]?.arrayValue)
        #expect(missing.contains { $0["path"]?.stringValue == "/class/constructor" && $0["rule"]?.stringValue == "required" },
            "a field named 'constructor' is not found on Object.prototype")
        // The TypeScript declarations survive the same text.
        if let tsc = which("tsc") {
            let check = try run(tsc, ["--noEmit", "--strict", directory.path("out/forms/nguy-hiem/1.0.0/validate.d.ts")])
            #expect(check.status == 0, "\(check.stdout)")
        } else {
            Issue.record("tsc is needed; scripts/test.sh installs Debian's node-typescript")
        }
    }
}
