/// What fee expressions can name: the answers of a document's form (`to_khai.so_ban_sao`, where
/// `to_khai` is a document whose form is given) and the context inputs `channel`, `submitted_on`
/// and `categories`.
public struct FeeScope: ExpressionScope {
    /// Forms by the id of the document they fill.
    let documents: [String: FormSpec]
    let channels: [String]
    let categories: [String]
    /// For tier units: the repeating group (document id, key in its form) the expression is inside.
    let enclosing: (document: String, key: String)?

    public static let inputs = ["channel", "submitted_on", "categories"]

    init(procedure: ProcedureSpec, forms: [String: FormSpec], enclosing: (document: String, key: String)? = nil) {
        var documents: [String: FormSpec] = [:]
        for document in procedure.cases.flatMap(\.documents) {
            if let id = document.form?.value, let form = forms[id] { documents[document.id.value] = form }
        }
        self.documents = documents
        channels = procedure.channels.map(\.kind.rawValue)
        categories = procedure.applicantCategories.map(\.value)
        self.enclosing = enclosing
    }

    public func resolve(_ segments: [String]) throws(ScopeError) -> (ValueType, ResolvedPath) {
        guard let first = segments.first else { throw ScopeError(message: "empty path", segment: 0) }
        if Self.inputs.contains(first) {
            guard segments.count == 1 else { throw ScopeError(message: "'\(first)' has no parts", segment: 1) }
            let type: ValueType =
                switch first {
                case "channel": .choice(channels)
                case "submitted_on": .date
                default: .list(.choice(categories))
                }
            return (type, ResolvedPath(steps: [], type: type, input: first))
        }
        guard let form = documents[first] else {
            let names = documents.keys.sorted() + Self.inputs
            throw ScopeError(
                message: "no document with a form, and no input, named '\(first)'"
                    + (Suggest.closest(to: first, among: names).map { "; did you mean '\($0)'?" } ?? "; fee expressions start with a document id or one of: \(Self.inputs.joined(separator: ", "))"),
                segment: 0)
        }
        guard segments.count > 1 else { throw ScopeError(message: "'\(first)' is a document; name one of its form's fields", segment: 0) }
        let repeats: Set<String> = enclosing.flatMap { $0.document == first ? [$0.key] : nil } ?? []
        var (type, path) = try FormScope(form: form, enclosingRepeats: repeats).resolve(Array(segments.dropFirst()), offset: 1)
        path.document = first
        return (type, path)
    }
}
