/// How serious a diagnostic is. Only errors fail a build (warnings do with `--warnings-as-errors`).
public enum Severity: String, Sendable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One problem found in the specs: a stable id from the catalogue, a message, where, and what may help.
public struct Diagnostic: Sendable, Hashable {
    /// A secondary message pointing somewhere else ("first defined here").
    public struct Note: Sendable, Hashable {
        public var message: String
        public var location: SourceLocation?

        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    /// A suggested edit: replace the text in `range` with `replacement`.
    public struct FixIt: Sendable, Hashable {
        public var message: String
        public var range: SourceRange
        public var replacement: String

        public init(_ message: String, range: SourceRange, replacement: String) {
            self.message = message
            self.range = range
            self.replacement = replacement
        }
    }

    public var id: DiagnosticID
    public var message: String
    public var location: SourceLocation?
    public var notes: [Note]
    public var fixIts: [FixIt]

    public var severity: Severity { id.severity }

    public init(
        _ id: DiagnosticID, _ message: String, at location: SourceLocation?,
        notes: [Note] = [], fixIts: [FixIt] = []
    ) {
        self.id = id
        self.message = message
        self.location = location
        self.notes = notes
        self.fixIts = fixIts
    }
}

/// Collects the diagnostics of every pipeline stage. Stages report and carry on, so one run shows
/// every error of a file rather than the first alone.
public final class DiagnosticEngine {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public func emit(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// Drops the warnings the specs silence where they are reported: a `# formc: allow W0506` comment
    /// (ids separated by commas or blanks, a reason after them in parentheses welcome) on the warning's
    /// line or the line above. Errors cannot be silenced.
    public func dropAllowedWarnings(sources: [String: SourceFile]) {
        func allowed(_ line: String?) -> [Substring] {
            guard let line, let range = line.range(of: "# formc: allow ") else { return [] }
            let rest = line[range.upperBound...].prefix { $0 != "(" }
            return rest.split(whereSeparator: { $0 == "," || $0 == " " })
        }
        // Only files that have such a comment are looked into (a line lookup scans the file).
        let marker = Array("# formc: allow ".utf8)
        var silencing: [String: Bool] = [:]
        func hasComments(_ file: String, _ source: SourceFile) -> Bool {
            if let known = silencing[file] { return known }
            let found = source.bytes.indices.contains { source.bytes[$0...].starts(with: marker) }
            silencing[file] = found
            return found
        }
        diagnostics.removeAll { diagnostic in
            guard diagnostic.severity == .warning, let location = diagnostic.location, let source = sources[location.file],
                hasComments(location.file, source)
            else { return false }
            let ids = allowed(source.line(location.line)) + allowed(location.line > 1 ? source.line(location.line - 1) : nil)
            return ids.contains { $0 == diagnostic.id.code }
        }
    }

    public func emit(
        _ id: DiagnosticID, _ message: String, at location: SourceLocation?,
        notes: [Diagnostic.Note] = [], fixIts: [Diagnostic.FixIt] = []
    ) {
        emit(Diagnostic(id, message, at: location, notes: notes, fixIts: fixIts))
    }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Diagnostics in a stable order (file, line, column, id), so output never depends on the order
    /// in which files or stages were processed.
    public var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let la = a.element.location, lb = b.element.location
            switch (la, lb) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return true
            case (_?, nil): return false
            default:
                if a.element.id.code != b.element.id.code { return a.element.id.code < b.element.id.code }
                return a.offset < b.offset
            }
        }.map(\.element)
    }
}
