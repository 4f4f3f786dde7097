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

    @Test("the corpus' residence registration: channel rates, a dated online reduction, exemptions")
    func residence() throws {
        let procedure = try corpusProcedure("1.004222")
        func total(_ channel: ChannelKind, _ on: String, _ categories: [String] = []) -> Int64? {
            FeeCalculator(procedure: procedure).breakdown(
                FeeContext(caseID: nil, channel: channel, on: CalendarDate(on)!, categories: categories, answers: .object([]))).total
        }
        #expect(total(.truc_tiep, "2026-03-02") == 20000)
        #expect(total(.truc_tuyen, "2025-06-30") == 10000)
        #expect(total(.truc_tuyen, "2025-07-01") == 5000)
        #expect(total(.truc_tuyen, "2026-12-31") == 5000)
        #expect(total(.truc_tuyen, "2027-01-01") == 10000)
        #expect(total(.truc_tuyen, "2025-09-01", ["ho_ngheo"]) == 0)
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
        let json = try run(formcExecutable, ["fee", "1.004222", "--channel", "truc_tuyen", "--on", "2025-09-01", "--format", "json"], in: packageRoot)
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
}
