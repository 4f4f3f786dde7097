/// A classification of online services: how a procedure's `service` declaration becomes the list of
/// capabilities it must provide, in order (each needs the ones before it).
public protocol ServiceProfile: Sendable {
    var id: String { get }
    /// The capabilities the declaration asks for, and the class (if the profile has classes).
    func capabilities(for procedure: ProcedureSpec) -> (capabilities: [Capability], serviceClass: ServiceClass?)
    /// How messages name what a prefix of the capabilities supports ("level 2", "một phần").
    func describe(_ capabilities: ArraySlice<Capability>) -> String
    /// How messages name the declaration.
    func describeDeclaration(of procedure: ProcedureSpec) -> String
}

/// NĐ 43/2011: levels 1–4, cumulative. A procedure that declares a NĐ 42/2022 class is read as the
/// level that class corresponds to (thông tin → 2, một phần → 3, toàn trình → 4).
public struct Decree43Profile: ServiceProfile {
    public let id = "nd43_2011"
    static let order: [Capability] = [.information, .templates, .online_submission, .online_payment]

    public init() {}

    func level(of procedure: ProcedureSpec) -> Int {
        if let level = procedure.service.level?.value { return level }
        switch procedure.service.serviceClass?.value {
        case .thong_tin: return 2
        case .mot_phan: return 3
        default: return 4
        }
    }

    public func capabilities(for procedure: ProcedureSpec) -> (capabilities: [Capability], serviceClass: ServiceClass?) {
        (Array(Self.order.prefix(level(of: procedure))), nil)
    }

    public func describe(_ capabilities: ArraySlice<Capability>) -> String {
        capabilities.isEmpty ? "no service level" : "service level \(capabilities.count)"
    }

    public func describeDeclaration(of procedure: ProcedureSpec) -> String { "service level \(level(of: procedure))" }
}

/// NĐ 42/2022: information only (thông tin), partly online (một phần), fully online (toàn trình).
/// A procedure that declares a NĐ 43/2011 level gets the class derived from it: levels 1–2 are
/// information only, 3 is một phần, 4 is toàn trình when no step needs the citizen in person (no
/// document shown in person, a result that can be delivered online or by post), else một phần.
public struct Decree42Profile: ServiceProfile {
    public let id = "nd42_2022"

    public init() {}

    static func capabilities(of serviceClass: ServiceClass) -> [Capability] {
        switch serviceClass {
        case .thong_tin: [.information, .templates]
        case .mot_phan: [.information, .templates, .online_submission]
        case .toan_trinh: [.information, .templates, .online_submission, .online_payment, .fully_online]
        }
    }

    public func serviceClass(of procedure: ProcedureSpec) -> ServiceClass {
        if let declared = procedure.service.serviceClass?.value { return declared }
        switch procedure.service.level?.value ?? 1 {
        case 1, 2: return .thong_tin
        case 3: return .mot_phan
        default: return FullyOnlinePlugin.isFullyOnline(procedure) ? .toan_trinh : .mot_phan
        }
    }

    public func capabilities(for procedure: ProcedureSpec) -> (capabilities: [Capability], serviceClass: ServiceClass?) {
        let serviceClass = serviceClass(of: procedure)
        return (Self.capabilities(of: serviceClass), serviceClass)
    }

    public func describe(_ capabilities: ArraySlice<Capability>) -> String {
        if capabilities.count >= 5 { return "toàn trình" }
        if capabilities.count >= 3 { return "một phần" }
        if capabilities.count >= 1 { return "thông tin" }
        return "no service class"
    }

    public func describeDeclaration(of procedure: ProcedureSpec) -> String { "service class \(serviceClass(of: procedure).rawValue)" }
}

/// The profiles by id, for the project file and the command line.
public enum ServiceProfiles {
    public static let all: [any ServiceProfile] = [Decree43Profile(), Decree42Profile()]

    public static func named(_ id: String) -> (any ServiceProfile)? { all.first { $0.id == id } }
}
