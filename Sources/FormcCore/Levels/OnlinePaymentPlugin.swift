/// Level 4 — online payment and result delivery: computable fee rules with worked examples and a way
/// to deliver the result online or by post; emits the payment manifest and the delivery options (the
/// fee rules and module come with the information, at every level: `InformationPlugin`).
public struct OnlinePaymentPlugin: ServiceLevelPlugin {
    public let name = "online-payment"
    public let capability = Capability.online_payment

    public init() {}

    public func requirements(of p: ProcedureSpec, in context: PluginContext) -> [UnmetRequirement] {
        var unmet: [UnmetRequirement] = []
        if p.fees.isEmpty { unmet.append(.init("there are no fee rules to pay online")) }
        for fee in p.fees where fee.amount == nil {
            unmet.append(.init("fee '\(fee.id.value)' has no amount or tiers to compute, only a note", at: fee.id.location))
        }
        if p.feeExamples.isEmpty { unmet.append(.init("there are no fee_examples showing what the rules compute")) }
        if !p.resultDelivery.contains(where: { $0.value == .truc_tuyen || $0.value == .buu_chinh }) {
            unmet.append(.init("result_delivery offers no online (truc_tuyen) or postal (buu_chinh) delivery of the result"))
        }
        return unmet
    }

    public func artifacts(for p: ProcedureSpec, in context: PluginContext, diagnostics: DiagnosticEngine) -> [Artifact] {
        let directory = "procedures/\(p.code.value)"
        let rules = context.feeRules(for: p)
        var payment = JSONObjectBuilder()
        payment.set("procedure", p.code.value)
        payment.set("currency", "VND")
        if let payee = p.payee {
            var j = JSONObjectBuilder()
            j.set("name", payee.name.json)
            j.set("account", payee.account)
            j.set("bank", payee.bank)
            payment.set("payee", j.value)
        }
        payment.set("fees", JSONValue.array(p.fees.map { fee in
            .object([("id", .string(fee.id.value)), ("kind", .string(fee.kind.rawValue)), ("name", fee.name.json),
                     ("legal_basis", .array(fee.legalBasis.map { .string($0.value) }))])
        }))
        payment.set("rules", "\(directory)/fees.json")
        payment.set("module", "\(directory)/fees.mjs")
        payment.set("inputs", rules["inputs"])
        let delivery = JSONValue.object([
            ("procedure", .string(p.code.value)),
            ("options", .array(p.resultDelivery.map { .string($0.value.rawValue) })),
            ("results", .array(p.results.map(\.name.json))),
        ])
        return [
            Artifact(path: "\(directory)/payment.json", bytes: JSONCodec.encode(payment.value), kind: .paymentManifest, procedure: p.code.value),
            Artifact(path: "\(directory)/delivery.json", bytes: JSONCodec.encode(delivery), kind: .deliveryOptions, procedure: p.code.value),
        ]
    }
}
