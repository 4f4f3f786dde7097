/// A combined procedure's fee: each member's fee (formc's `FeeCalculator`, on the member's part of
/// the split submission, for its case), summed. Known only when every member's is; invalid when one
/// member's answers are; the missing answers and errors as pointers into the combined answers.
struct BundleFees {
    let declaration: CombinedDeclaration
    /// The forms as documents name them (`ProcedureEmitter.latestForms`), to validate the answers with.
    let forms: [String: FormSpec]
    let catalogue: AdministrativeUnitCatalogue?

    struct Breakdown {
        var status: FeeStatus
        var total: Int64?
        var missing: [String]
        var errors: [FeeAnswerError]
        var members: [(id: String, breakdown: FeeBreakdown)]
    }

    func breakdown(channel: ChannelKind, on: CalendarDate, categories: [String], answers: JSONValue) -> Breakdown {
        let parts = Dictionary(declaration.split(answers).map { ($0.member, $0.submission) }, uniquingKeysWith: { first, _ in first })
        var result = Breakdown(status: .known, total: 0, missing: [], errors: [], members: [])
        for member in declaration.members {
            let declared = Set(member.procedure.applicantCategories.map(\.value))
            // A member nothing was answered for has no document yet: its fee is unknown, not refused.
            let answered = answers[member.id] != nil || member.copies.contains { answers.value(at: $0.from) != nil }
            let context = FeeContext(
                caseID: member.caseID, channel: channel, on: on, categories: categories.filter(declared.contains),
                answers: answered ? .object([(member.document, parts[member.id] ?? .object([]))]) : .object([]))
            let breakdown = FeeCalculator(procedure: member.procedure, forms: forms, catalogue: catalogue).breakdown(context)
            result.members.append((member.id, breakdown))
            result.missing += breakdown.missing.map { combined($0, member) }
            result.errors += breakdown.errors.map { FeeAnswerError(path: combined($0.path, member), rule: $0.rule, message: $0.message) }
            result.status = result.status.combined(with: breakdown.status)
        }
        result.missing = Array(Set(result.missing)).sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
        result.total = result.status == .known ? result.members.reduce(0) { $0 + ($1.breakdown.total ?? 0) } : nil
        return result
    }

    /// A member's answer pointer (`/<document>/…`) as a pointer into the combined answers: under the
    /// member's group, or at the owner of a bound field.
    func combined(_ pointer: String, _ member: CombinedDeclaration.Member) -> String {
        let inside = String(pointer.dropFirst(member.document.count + 1))
        for copy in member.copies where inside == copy.to || inside.hasPrefix(copy.to + "/") {
            return copy.from + inside.dropFirst(copy.to.count)
        }
        return "/" + member.id + inside
    }
}
