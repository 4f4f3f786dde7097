/// What a procedure provides in a build: its capabilities under the profile in force, and the
/// context its plugins work in.
public struct ServicePlan: Sendable {
    public var context: PluginContext
    public var capabilities: [Capability] { context.capabilities }
}

/// The Check stage for service levels: each capability the procedure's declaration asks for must be
/// met by its plugins. What is missing is reported at the declaration, with the level or class the
/// content does support. The checker is level-agnostic: the profile says which capabilities a
/// declaration means, the plugins say what each needs.
struct ServiceChecker {
    let diagnostics: DiagnosticEngine
    let profile: any ServiceProfile
    let plugins: [any ServiceLevelPlugin]

    /// The plan without checking it: what a cached check needs again.
    func context(for p: ProcedureSpec, forms: [String: FormSpec], catalogue: AdministrativeUnitCatalogue?) -> ServicePlan {
        let (capabilities, serviceClass) = profile.capabilities(for: p)
        return ServicePlan(context: PluginContext(forms: forms, catalogue: catalogue, serviceClass: serviceClass, capabilities: capabilities, profile: profile.id))
    }

    func plan(_ p: ProcedureSpec, forms: [String: FormSpec], catalogue: AdministrativeUnitCatalogue?) -> ServicePlan {
        let context = self.context(for: p, forms: forms, catalogue: catalogue).context
        let capabilities = context.capabilities
        var firstFailing: Int?
        var unmet: [(UnmetRequirement, String)] = []
        for (index, capability) in capabilities.enumerated() {
            for plugin in plugins where plugin.capability == capability {
                let missing = plugin.requirements(of: p, in: context)
                if !missing.isEmpty && firstFailing == nil { firstFailing = index }
                unmet += missing.map { ($0, plugin.name) }
            }
        }
        if let firstFailing {
            let supported = profile.describe(capabilities.prefix(firstFailing))
            let declared = profile.describeDeclaration(of: p)
            for (requirement, plugin) in unmet {
                var notes: [Diagnostic.Note] = []
                if let location = requirement.location { notes.append(.init("here", at: location)) }
                notes.append(.init("the procedure's content supports \(supported) (checked by the '\(plugin)' plugin, profile \(profile.id))"))
                diagnostics.emit(
                    .serviceRequirement, "procedure '\(p.code.value)' declares \(declared), but \(requirement.message)",
                    at: p.service.location, notes: notes)
            }
        }
        return ServicePlan(context: context)
    }
}

/// The plugins of a build: the built-in ones (one per capability) and the project's external ones.
public enum ServicePlugins {
    public static let builtIn: [any ServiceLevelPlugin] = [
        InformationPlugin(), TemplatesPlugin(), OnlineSubmissionPlugin(), OnlinePaymentPlugin(), FullyOnlinePlugin(),
    ]
}
