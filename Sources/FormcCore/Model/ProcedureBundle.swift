/// A combined procedure (liên thông, NĐ 63/2024/NĐ-CP): several procedures a citizen starts with one
/// declaration. Each member brings the form of one of its documents; a field several members ask
/// for is owned by one and bound to it in the others (`shared:`), so it is asked once. formc compiles
/// the members' forms into one combined declaration and a map that splits a combined submission back
/// into each member's (docs/data-reuse.md).
public struct ProcedureBundle: Sendable {
    public struct Member: Sendable {
        /// The member's key in the combined declaration (its top-level group).
        public var id: Located<String>
        /// The member procedure, by code, and the document of it the combined declaration fills.
        public var procedure: Located<String>
        public var document: Located<String>
        /// The member's case (trường hợp) in the bundle: by default the first that lists the document.
        public var caseID: Located<String>?
    }

    /// A field of one member bound to the field of another that owns it: `bound` is not asked in
    /// the combined declaration, and splitting copies the owner's answer into it.
    public struct Binding: Sendable {
        /// `member.section.field`, as written.
        public var bound: Located<String>
        public var owner: Located<String>
    }

    /// Kebab-case id: the combined declaration is the form `<id>` of the build.
    public var id: Located<String>
    public var version: Located<SemanticVersion>
    /// The code of the combined online service, where it has one (2.000986).
    public var code: String?
    public var name: LocalizedText
    /// The legal text that combines the procedures, as written (`NĐ 63/2024/NĐ-CP`).
    public var source: String?
    public var members: [Member]
    public var shared: [Binding]
    /// A member's field whose answer another member's processing gives (`issued:`): the child's
    /// personal identification number, assigned by the birth registration, in the residence
    /// declaration. It is not asked; the office fills it in once that member's result exists.
    public struct Issued: Sendable {
        public var field: Located<String>
        /// The member whose result gives it.
        public var by: Located<String>
    }

    public var issued: [Issued] = []
    /// Fee examples on combined answers: the bundle's fee is the members' fees summed.
    public var feeExamples: [FeeExample] = []
    public var file: String
}
