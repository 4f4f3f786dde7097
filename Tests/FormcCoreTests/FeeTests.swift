import Foundation
import Testing

@testable import FormcCore

@Suite("Fees")
struct FeeTests {
    static let rates = [
        FeeTiers.Rate(from: 1, amount: 2000, location: .file("t")), FeeTiers.Rate(from: 3, amount: 1000, location: .file("t")),
    ]

    @Test("tiered per-page price with a cap: the vectors of TT 226/2016/TT-BTC", arguments: [
        (1, 2000), (2, 4000), (3, 5000), (10, 12000), (198, 200_000), (250, 200_000), (0, 0),
    ] as [(Int64, Int64)])
    func tiers(_ pages: Int64, _ expected: Int64) {
        #expect(min(FeeCalculator.price(units: pages, rates: Self.rates)!, 200_000) == expected)
    }

    @Test("reductions round half up to the whole đồng")
    func rounding() {
        #expect(FeeCalculator.reduce(10000, percent: 50) == 5000)
        #expect(FeeCalculator.reduce(7001, percent: 50) == 3501)  // 3500.5 → 3501
        #expect(FeeCalculator.reduce(7003, percent: 50) == 3502)  // 3501.5 → 3502
        #expect(FeeCalculator.reduce(999, percent: 30) == 699)  // 699.3 → 699
        #expect(FeeCalculator.reduce(1000, percent: 100) == 0)
    }

    func corpusProcedure(_ code: String) throws -> ProcedureSpec {
        let checked = try #require(try CorpusTests.compileCorpus().checked)
        return try #require(checked.procedures.first { $0.code.value == code })
    }

    @Test("the corpus' certified copies: per document, capped per copy, times copies")
    func certifiedCopies() throws {
        let procedure = try corpusProcedure("2.000815")
        let answers = try JSONCodec.decode(Array(#"{"de_nghi": {"giay_to": [{"so_trang_ban_chinh": 5, "so_ban_sao": 3}, {"so_trang_ban_chinh": 250, "so_ban_sao": 2}]}}"#.utf8))
        let breakdown = FeeCalculator(procedure: procedure).breakdown(
            FeeContext(caseID: nil, channel: .truc_tiep, on: testToday, categories: [], answers: answers))
        #expect(breakdown.total == Int64(421_000))  // 21,000 + 2 × 200,000
        #expect(breakdown.lines.map(\.legalBasis) == [["226/2016/TT-BTC"]])
    }

    @Test("the corpus' residence registration: channel rates, a dated online reduction, exemptions given or read from the birth date")
    func residence() throws {
        let procedure = try corpusProcedure("1.004222")
        let checked = try #require(try CorpusTests.compileCorpus().checked)
        func breakdown(_ channel: ChannelKind, _ on: String, _ categories: [String] = [], born: String? = "1990-05-01") throws -> FeeBreakdown {
            let answers = try JSONCodec.decode(Array((born.map { #"{"to_khai": {"nguoi_de_nghi": {"ngay_sinh": "\#($0)"}}}"# } ?? "{}").utf8))
            return FeeCalculator(procedure: procedure, specs: checked).breakdown(
                FeeContext(caseID: nil, channel: channel, on: CalendarDate(on)!, categories: categories, answers: answers))
        }
        func total(_ channel: ChannelKind, _ on: String, _ categories: [String] = [], born: String? = "1990-05-01") throws -> Int64? {
            try breakdown(channel, on, categories, born: born).total
        }
        #expect(try total(.truc_tiep, "2026-03-02") == 20000)
        #expect(try total(.truc_tuyen, "2025-06-30") == 10000)
        #expect(try total(.truc_tuyen, "2025-07-01") == 5000)
        #expect(try total(.truc_tuyen, "2026-12-31") == 5000)
        #expect(try total(.truc_tuyen, "2027-01-01") == 10000)
        // A category the caller gives needs no answers; one the answers establish needs the birth date.
        #expect(try total(.truc_tuyen, "2025-09-01", ["ho_ngheo"], born: nil) == 0)
        #expect(try breakdown(.truc_tuyen, "2025-09-01", born: nil).missing == ["/to_khai/nguoi_de_nghi/ngay_sinh"])
        let elderly = try breakdown(.truc_tiep, "2026-03-02", born: "1966-03-02")
        #expect(elderly.total == 0 && elderly.lines.first?.exemptedBy == "nguoi_cao_tuoi")
        #expect(elderly.lines.first?.legalBasis == ["75/2022/TT-BTC", "71/2025/TT-BTC", "39/2009/QH12"])
        // 29 February: 60 on 1 March in a common year.
        #expect(try total(.truc_tiep, "2024-02-28", born: "1964-02-29") == 20000)
        #expect(try total(.truc_tiep, "2024-02-29", born: "1964-02-29") == 0)
        #expect(try total(.truc_tiep, "2025-02-28", born: "1965-02-28") == 0)
    }

    @Test("a missing answer leaves the amount unknown rather than zero")
    func missingAnswer() throws {
        let procedure = try corpusProcedure("2.000635")
        let breakdown = FeeCalculator(procedure: procedure).breakdown(
            FeeContext(caseID: nil, channel: .truc_tiep, on: testToday, categories: [], answers: .object([])))
        #expect(breakdown.total == nil)
        #expect(breakdown.lines.first?.amount == nil)
    }

    @Test("formc fee prints the itemised amount with legal basis, and JSON for machines")
    func command() throws {
        let directory = try TemporaryDirectory()
        try directory.write("answers.json", #"{"de_nghi": {"giay_to": [{"so_trang_ban_chinh": 5, "so_ban_sao": 3}]}}"#)
        let text = try run(formcExecutable, ["fee", "2.000815", "--input", directory.path("answers.json"), "--on", "2026-03-02"], in: packageRoot)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("21.000 đ  [226/2016/TT-BTC]"))
        try directory.write("ct01.json", #"{"to_khai": {"nguoi_de_nghi": {"ngay_sinh": "1990-05-01"}}}"#)
        let json = try run(formcExecutable, ["fee", "1.004222", "--channel", "truc_tuyen", "--on", "2025-09-01", "--input", directory.path("ct01.json"), "--format", "json"], in: packageRoot)
        let value = try JSONCodec.decode(Array(json.stdout.utf8))
        #expect(value["total"] == .integer(5000))
        #expect(value["items"]?.arrayValue?.first?["reduction_percent"] == .integer(50))
        #expect(try run(formcExecutable, ["fee", "9.999999"], in: packageRoot).status == 2)
        #expect(try run(formcExecutable, ["fee", "1.004222", "--channel", "buu_chinh"], in: packageRoot).status == 2)
        try directory.write("bad.json", "{\n  \"de_nghi\": [1,\n}")
        let bad = try run(formcExecutable, ["fee", "2.000815", "--input", directory.path("bad.json")], in: packageRoot)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.json:3:"))
    }

    @Test("fees.mjs refuses every misuse formc fee refuses, with a typed error; fees.d.mts types the call")
    func feeModuleRefusesBadCalls() throws {
        let node = try #require(which("node") ?? which("nodejs"), "node is needed; scripts/test.sh installs it")
        let directory = try TemporaryDirectory()
        let out = try CorpusTests.buildCorpus(into: directory)
        let module = URL(fileURLWithPath: "\(out)/procedures/1.004222/fees.mjs").absoluteString
        let script = """
            import { computeFees, FeeInputError } from \(JavaScript.string(module));
            const good = { channel: 'truc_tuyen', on: '2025-09-01', categories: [], answers: { to_khai: { nguoi_de_nghi: { ngay_sinh: '1990-05-01' } } } };
            const calls = [
              ['misspelt option', { ...good, case: 'mac_dinh' }],
              ['another misspelt option', { ...good, date: '2025-09-01' }],
              ['unknown case', { ...good, caseId: 'khong_co' }],
              ['no channel', { on: '2025-09-01' }],
              ['unknown channel', { ...good, channel: 'buu_chinh' }],
              ['no date', { channel: 'truc_tuyen' }],
              ['impossible date', { ...good, on: '2025-02-30' }],
              ['date as a Date', { ...good, on: new Date() }],
              ['unknown category', { ...good, categories: ['sinh_vien'] }],
              ['categories as text', { ...good, categories: 'ho_ngheo' }],
              ['answers as a list', { ...good, answers: [] }],
              ['no object', 'truc_tuyen'],
            ];
            const out = {};
            for (const [name, call] of calls) {
              try { out[name] = { total: computeFees(call).total }; }
              catch (e) { out[name] = { error: e instanceof FeeInputError ? e.code : String(e), message: e.message }; }
            }
            out.good = computeFees(good).total;
            out.caseNull = computeFees({ ...good, caseId: null }).total;
            console.log(JSON.stringify(out));
            """
        let result = try run(node, ["--input-type=module", "-e", script])
        try #require(result.status == 0, "\(result.stderr)")
        let output = try JSONCodec.decode(Array(result.stdout.utf8))
        let expected = [
            "misspelt option": "unknown_option", "another misspelt option": "unknown_option", "unknown case": "unknown_case",
            "no channel": "missing_channel", "unknown channel": "unknown_channel", "no date": "missing_date",
            "impossible date": "invalid_date", "date as a Date": "invalid_date", "unknown category": "unknown_category",
            "categories as text": "invalid_categories", "answers as a list": "invalid_answers", "no object": "invalid_call",
        ]
        for (name, code) in expected {
            #expect(output[name]?["error"]?.stringValue == code, "\(name): \(output[name].map { JSONCodec.encodeString($0, indent: 0) } ?? "nothing")")
        }
        #expect(output["misspelt option"]?["message"]?.stringValue?.contains("did you mean 'caseId'?") == true)
        #expect(output["another misspelt option"]?["message"]?.stringValue?.contains("options:") == true)
        // A right call still prices: the dated online reduction of 2025.
        #expect(output["good"] == .integer(5000))
        #expect(output["caseNull"] == .integer(5000))

        // fees.d.mts: a right call type-checks; a wrong channel or a misspelt option does not.
        let tsc = try #require(which("tsc"), "tsc is needed; scripts/test.sh installs Debian's node-typescript")
        let check = "\(out)/procedures/1.004222/check.mts"
        try Data("""
            import { computeFees, FeeInputError, type FeeInput, type FeeBreakdown } from './fees.mjs';
            const input: FeeInput = { channel: 'truc_tuyen', on: '2026-03-02', categories: ['ho_ngheo'], answers: { to_khai: {} } };
            const result: FeeBreakdown = computeFees(input);
            const total: number | null = result.total;
            // @ts-expect-error a channel the procedure does not offer
            computeFees({ channel: 'buu_chinh', on: '2026-03-02' });
            // @ts-expect-error a misspelt option
            computeFees({ case: 'mac_dinh', channel: 'truc_tiep', on: '2026-03-02' });
            // @ts-expect-error an unknown category
            computeFees({ channel: 'truc_tiep', on: '2026-03-02', categories: ['sinh_vien'] });
            try { computeFees(input); } catch (e) { if (e instanceof FeeInputError && e.code === 'unknown_channel') console.log(total); }

            """.utf8).write(to: URL(fileURLWithPath: check))
        let typed = try run(tsc, ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2020", check])
        #expect(typed.status == 0, "\(typed.stdout)\(typed.stderr)")
    }

    @Test("formc fee names the case it needs when a procedure has several, as fees.mjs does")
    func commandNeedsTheCase() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: packageRoot.appendingPathComponent("forms").path, toPath: directory.path("forms"))
        let file = directory.path("forms/procedures/2.000815-chung-thuc-ban-sao.yaml")
        var text = try String(contentsOfFile: file, encoding: .utf8)
        // A second case, with the same documents.
        text = text.replacingOccurrences(of: "cases:\n  mac_dinh:\n", with: "cases:\n  nhieu_ban:\n    title: { vi: Nhiều bản, en: Several copies }\n    documents:\n      - { id: de_nghi, form: de-nghi-chung-thuc-ban-sao, originals: 1 }\n  mac_dinh:\n")
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        let answers = directory.path("answers.json")
        try directory.write("answers.json", #"{"de_nghi": {"giay_to": [{"so_trang_ban_chinh": 5, "so_ban_sao": 3}]}}"#)
        let specs = ["--specs", directory.path("forms"), "--input", answers, "--on", "2026-03-02"]
        let missing = try run(formcExecutable, ["fee", "2.000815"] + specs, in: packageRoot)
        #expect(missing.status == 2, "\(missing.stdout)\(missing.stderr)")
        #expect(missing.stderr.contains("has several cases; name one with --case (nhieu_ban, mac_dinh)"), "\(missing.stderr)")
        let named = try run(formcExecutable, ["fee", "2.000815", "--case", "mac_dinh"] + specs, in: packageRoot)
        #expect(named.status == 0, "\(named.stderr)")
    }

    @Test("a per-item fee over a list that was not sent, or an item without an answer it reads, is unknown with the answers' paths; answers the form rejects are invalid; in formc and fees.mjs")
    func missingAndInvalidAnswers() throws {
        let procedure = try corpusProcedure("2.000815")
        let checked = try #require(try CorpusTests.compileCorpus().checked)
        let calculator = FeeCalculator(procedure: procedure, specs: checked)
        let calls: [(answers: String, expected: String)] = [
            (#"{}"#, #"unknown null ["/de_nghi/giay_to"] []"#),
            (#"{"de_nghi": {}}"#, #"unknown null ["/de_nghi/giay_to"] []"#),
            // null is no answer, and the form rejects it.
            (#"{"de_nghi": {"giay_to": null}}"#, #"invalid null ["/de_nghi/giay_to"] ["/de_nghi/giay_to"]"#),
            (#"{"de_nghi": {"giay_to": "x"}}"#, #"invalid null [] ["/de_nghi/giay_to"]"#),
            // Sent and empty: the form requires at least one document.
            (#"{"de_nghi": {"giay_to": []}}"#, #"invalid null [] ["/de_nghi/giay_to"]"#),
            (#"{"de_nghi": {"giay_to": [{"so_trang_ban_chinh": 3}]}}"#, #"unknown null ["/de_nghi/giay_to/0/so_ban_sao"] []"#),
            (#"{"de_nghi": {"giay_to": [{"so_trang_ban_chinh": 3, "so_ban_sao": null}]}}"#, #"invalid null ["/de_nghi/giay_to/0/so_ban_sao"] ["/de_nghi/giay_to/0/so_ban_sao"]"#),
            (#"{"de_nghi": {"giay_to": [{"so_trang_ban_chinh": 3, "so_ban_sao": 0}]}}"#, #"invalid null [] ["/de_nghi/giay_to/0/so_ban_sao"]"#),
            (#"{"de_nghi": {"giay_to": [{"so_trang_ban_chinh": 3, "so_ban_sao": "2"}]}}"#, #"invalid null [] ["/de_nghi/giay_to/0/so_ban_sao"]"#),
            (#"{"de_nghi": {"giay_to": [{"so_trang_ban_chinh": 1001, "so_ban_sao": 1}]}}"#, #"invalid null [] ["/de_nghi/giay_to/0/so_trang_ban_chinh"]"#),
            // What the fee does not read does not matter: no title, no applicant.
            (#"{"de_nghi": {"giay_to": [{"so_trang_ban_chinh": 3, "so_ban_sao": 2}]}}"#, #"known 10000 [] []"#),
        ]
        func describe(_ status: String, _ total: String, _ missing: [String], _ rejected: [String]) -> String {
            "\(status) \(total) [\(missing.map { "\"\($0)\"" }.joined(separator: ","))] [\(rejected.map { "\"\($0)\"" }.joined(separator: ","))]"
        }
        for call in calls {
            let breakdown = calculator.breakdown(FeeContext(
                caseID: nil, channel: .truc_tiep, on: testToday, categories: [], answers: try JSONCodec.decode(Array(call.answers.utf8))))
            let got = describe(breakdown.status.rawValue, breakdown.total.map(String.init) ?? "null", breakdown.missing, breakdown.errors.map(\.path))
            #expect(got == call.expected, "formc on \(call.answers)")
        }

        let node = try #require(which("node") ?? which("nodejs"), "node is needed; scripts/test.sh installs it")
        let directory = try TemporaryDirectory()
        let out = try CorpusTests.buildCorpus(into: directory)
        let module = URL(fileURLWithPath: "\(out)/procedures/2.000815/fees.mjs").absoluteString
        let script = """
            import { computeFees } from \(JavaScript.string(module));
            const calls = \("[" + calls.map(\.answers).joined(separator: ",") + "]");
            for (const answers of calls) {
              const r = computeFees({ channel: 'truc_tiep', on: '\(testToday)', answers });
              console.log(`${r.status} ${JSON.stringify(r.total)} ${JSON.stringify(r.missing)} ${JSON.stringify(r.errors.map((e) => e.path))}`);
            }
            """
        let result = try run(node, ["--input-type=module", "-e", script])
        try #require(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines == calls.map(\.expected), "fees.mjs")
    }
}

@Suite("Fees that read optional answers (W0305)")
struct OptionalAnswerWarningTests {
    static let form = minimalForm + "\n      so_ban: { type: integer, label: { vi: Số bản }, min: 1 }\n      xin: { type: boolean, label: { vi: Xin bản sao } }\n"

    /// The W0305 warnings of a fee with these keys, by the path text each names.
    func warnings(_ keys: String) -> [String] {
        let fees = "  - id: phi\n    kind: phi\n    name: { vi: Phí }\n    legal_basis: [60/2014/QH13]\n" + keys
        let result = compile(["a.yaml": Self.form, "p.yaml": procedureSpec(fees: fees)])
        return result.diagnostics.diagnostics.filter { $0.id == .feeReadsOptionalAnswer }.compactMap { d in
            d.message.split(separator: " ").dropFirst(3).first.map(String.init)
        }
    }

    @Test("an optional answer read without a guard is reported, once per path")
    func unguarded() {
        #expect(warnings("    amount: to_khai.chung.so_ban * 1000 + to_khai.chung.so_ban * 500\n") == ["to_khai.chung.so_ban,"])
        #expect(warnings("    applies_when: to_khai.chung.xin\n    amount: 1000\n") == ["to_khai.chung.xin,"])
    }

    @Test("is_set, an earlier conjunct, an if's condition and applies_when guard what they establish")
    func guarded() {
        #expect(warnings("    applies_when: is_set(to_khai.chung.so_ban)\n    amount: to_khai.chung.so_ban * 1000\n").isEmpty)
        #expect(warnings("    applies_when: is_set(to_khai.chung.xin) and to_khai.chung.xin\n    amount: 1000\n").isEmpty)
        #expect(warnings("    amount: if is_set(to_khai.chung.so_ban) then to_khai.chung.so_ban * 1000 else 0\n").isEmpty)
        // A comparison reads its answer (reported), and shows it present to the amount (not reported again).
        #expect(warnings("    applies_when: to_khai.chung.so_ban > 2\n    amount: to_khai.chung.so_ban * 1000\n") == ["to_khai.chung.so_ban,"])
        #expect(warnings("    applies_when: is_set(to_khai.chung.so_ban) and to_khai.chung.so_ban > 2\n    amount: to_khai.chung.so_ban * 1000\n").isEmpty)
        // The else side is not guarded by the condition.
        #expect(warnings("    amount: if is_set(to_khai.chung.so_ban) then 0 else to_khai.chung.so_ban * 1000\n") == ["to_khai.chung.so_ban,"])
        // A required answer is never reported.
        #expect(warnings("    applies_when: is_set(to_khai.chung.ho_ten)\n    amount: 1000\n").isEmpty)
    }
}
