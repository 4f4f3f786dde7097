import ArgumentParser
import FormcCore
import Foundation

/// `formc fee`: the itemised fees of a procedure for given answers, each line with its legal basis.
struct Fee: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute a procedure's fees for given answers, channel, date and applicant categories.")

    @Argument(help: "The procedure code (mã TTHC), e.g. 2.000815.")
    var procedure: String

    @Option(help: "Answers as JSON, by document id: {\"de_nghi\": {…}}. Default: no answers.")
    var input: String?

    @Option(help: "The submission date (YYYY-MM-DD). Default: today in UTC.")
    var on: String?

    @Option(help: "The channel: truc_tiep, truc_tuyen or buu_chinh. Default: the procedure's first channel.")
    var channel: String?

    @Option(name: .customLong("case"), help: "The case (trường hợp). Default: the procedure's only case; required when it has several.")
    var caseID: String?

    @Option(name: .customLong("category"), help: "An applicant category the applicant belongs to (repeatable).")
    var categories: [String] = []

    @Option(help: "Spec files or folders. Default: forms")
    var specs: [String] = []

    @Option(help: "Output: text or json.")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        let options = CompileRequest(paths: specs)
        let result = try options.compile()
        guard let spec = result.checked?.procedures.first(where: { $0.code.value == procedure }) else {
            let known = result.checked?.procedures.map(\.code.value).sorted().joined(separator: ", ") ?? ""
            throw CompileRequest.usageError("no procedure '\(procedure)' in the specs (procedures: \(known))")
        }
        var answers = JSONValue.object([])
        if let input {
            guard let data = FileManager.default.contents(atPath: input) else { throw CompileRequest.usageError("cannot read \(input)") }
            do {
                answers = try JSONCodec.decode([UInt8](data))
            } catch {
                throw CompileRequest.usageError("\(input):\(error.line):\(error.column): \(error.message)")
            }
            guard case .object = answers else { throw CompileRequest.usageError("\(input): answers must be a JSON object keyed by document id") }
        }
        let date: CalendarDate
        if let on {
            guard let parsed = CalendarDate(on) else { throw CompileRequest.usageError("--on must be a date written YYYY-MM-DD") }
            date = parsed
        } else {
            date = CompileOptions.currentDate()
        }
        let offered = spec.channels.map(\.kind)
        let chosen: ChannelKind
        if let channel {
            guard let kind = ChannelKind(rawValue: channel), offered.contains(kind) else {
                throw CompileRequest.usageError("procedure \(procedure) offers the channels \(offered.map(\.rawValue).joined(separator: ", ")), not '\(channel)'")
            }
            chosen = kind
        } else {
            guard let first = offered.first else { throw CompileRequest.usageError("procedure \(procedure) offers no channel") }
            chosen = first
        }
        if let caseID, !spec.cases.contains(where: { $0.id.value == caseID }) {
            throw CompileRequest.usageError("procedure \(procedure) has the cases \(spec.cases.map(\.id.value).joined(separator: ", ")), not '\(caseID)'")
        }
        // As fees.mjs: the only case is the default; of several, none is.
        if caseID == nil, spec.cases.count > 1 {
            throw CompileRequest.usageError("procedure \(procedure) has several cases; name one with --case (\(spec.cases.map(\.id.value).joined(separator: ", ")))")
        }
        let known = spec.applicantCategories.map(\.value)
        for category in categories where !known.contains(category) {
            throw CompileRequest.usageError("'\(category)' is not an applicant category of \(procedure) (\(known.isEmpty ? "it has none" : known.joined(separator: ", ")))")
        }
        let context = FeeContext(caseID: caseID ?? spec.cases.first?.id.value, channel: chosen, on: date, categories: categories, answers: answers)
        let breakdown = FeeCalculator(procedure: spec, specs: result.checked!).breakdown(context)
        switch format {
        case .json:
            print(JSONCodec.encodeString(FeeReport.json(procedure: spec, context: context, breakdown: breakdown)), terminator: "")
        case .text:
            print(FeeReport.text(procedure: spec, context: context, breakdown: breakdown), terminator: "")
        }
        if breakdown.total == nil { throw ExitCode(1) }
    }
}
