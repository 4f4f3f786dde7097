/// Emits `fees.json`: a procedure's fee rules with their inputs, and its fee examples as
/// conformance vectors with the breakdown formc's calculator gives.
struct FeeEmitter {
    let procedureEmitter: ProcedureEmitter
    let catalogue: AdministrativeUnitCatalogue?

    func emit(_ procedure: ProcedureSpec) -> JSONValue {
        let calculator = FeeCalculator(procedure: procedure, forms: procedureEmitter.latestForms, catalogue: catalogue)
        var o = JSONObjectBuilder()
        o.set("procedure", procedure.code.value)
        o.set("currency", "VND")
        o.set("rounding", "Reductions round half up to the whole đồng: (amount × (100 − percent) + 50) div 100.")
        o.set("inputs", JSONValue.object([
            ("channels", .array(procedure.channels.map { .string($0.kind.rawValue) })),
            ("cases", .array(procedure.cases.map { .string($0.id.value) })),
            ("categories", .array(procedure.applicantCategories.map { category in
                var c = JSONObjectBuilder()
                c.set("value", category.value)
                c.set("label", category.label.json)
                // Also established by the answers when this holds; the caller may still give it.
                c.set("when", category.when?.text)
                c.set("when_logic", category.checkedWhen.map(LogicLowering.lower))
                if !category.legalBasis.isEmpty { c.set("legal_basis", JSONValue.array(category.legalBasis.map { .string($0.value) })) }
                return c.value
            })),
            ("documents", .array(procedure.cases.flatMap(\.documents).compactMap { document in
                document.form.map { reference in
                    let form = procedureEmitter.latestForms[reference.value]
                    var d = JSONObjectBuilder()
                    d.set("id", document.id.value)
                    d.set("form", form?.id.value ?? reference.value)
                    // The version whose validator checks the answers fees read.
                    d.set("version", form?.version.value.description)
                    return d.value
                }
            })),
        ]))
        o.set("fees", JSONValue.array(procedure.fees.map(procedureEmitter.fee)))
        o.set("vectors", JSONValue.array(procedure.feeExamples.map { example in
            let context = FeeContext(
                caseID: example.caseID?.value ?? procedure.cases.first?.id.value, channel: example.channel, on: example.on,
                categories: example.categories.map(\.value), answers: example.answers)
            return Self.vector(name: example.name, context: context, breakdown: calculator.breakdown(context))
        }))
        return o.value
    }

    /// A breakdown as JSON, as `fees.json` vectors and `formc fee --format json` print it.
    static func breakdownJSON(_ breakdown: FeeBreakdown) -> [(key: String, value: JSONValue)] {
        func errors(_ list: [FeeAnswerError]) -> JSONValue {
            .array(list.map { .object([("path", .string($0.path)), ("rule", .string($0.rule)), ("message", $0.message.json)]) })
        }
        return [
            ("status", .string(breakdown.status.rawValue)),
            ("total", breakdown.total.map(JSONValue.integer) ?? .null),
            ("missing", .array(breakdown.missing.map(JSONValue.string))),
            ("errors", errors(breakdown.errors)),
            ("items", .array(breakdown.lines.map { line in
                var l = JSONObjectBuilder()
                l.set("id", line.fee.id.value)
                l.set("kind", line.fee.kind.rawValue)
                l.set("name", line.fee.name.json)
                l.set("base", line.base.map(JSONValue.integer) ?? .null)
                l.set("exempted_by", line.exemptedBy)
                l.set("reduction_percent", line.reduction.map { JSONValue.integer($0.percent) })
                l.set("amount", line.amount.map(JSONValue.integer) ?? .null)
                l.set("status", line.status.rawValue)
                l.set("missing", JSONValue.array(line.missing.map(JSONValue.string)))
                l.set("legal_basis", JSONValue.array(line.legalBasis.map(JSONValue.string)))
                return l.value
            })),
        ]
    }

    static func vector(name: String, context: FeeContext, breakdown: FeeBreakdown) -> JSONValue {
        var v = JSONObjectBuilder()
        v.set("name", name)
        v.set("case", context.caseID)
        v.set("channel", context.channel.rawValue)
        v.set("on", context.on.description)
        v.set("categories", JSONValue.array(context.categories.map(JSONValue.string)))
        v.set("answers", context.answers)
        for (key, value) in breakdownJSON(breakdown) { v.set(key, value) }
        return v.value
    }
}
