/// NĐ 42/2022 toàn trình: no step needs the citizen in person — no document shown in person, and a
/// result delivered online or by post. Brings no artifact; it is a requirement of the class.
public struct FullyOnlinePlugin: ServiceLevelPlugin {
    public let name = "fully-online"
    public let capability = Capability.fully_online

    public init() {}

    static func isFullyOnline(_ p: ProcedureSpec) -> Bool {
        FullyOnlinePlugin().requirements(of: p, in: PluginContext(forms: [:], catalogue: nil, serviceClass: nil, capabilities: [])).isEmpty
    }

    public func requirements(of p: ProcedureSpec, in context: PluginContext) -> [UnmetRequirement] {
        var unmet: [UnmetRequirement] = []
        for document in p.cases.flatMap(\.documents) where document.submission == .present_only {
            unmet.append(.init("document '\(document.id.value)' must be shown in person (present_only)", at: document.id.location))
        }
        if !p.resultDelivery.contains(where: { $0.value == .truc_tuyen || $0.value == .buu_chinh }) {
            unmet.append(.init("the result cannot be delivered online or by post"))
        }
        return unmet
    }

    public func artifacts(for p: ProcedureSpec, in context: PluginContext, diagnostics: DiagnosticEngine) -> [Artifact] { [] }
}
