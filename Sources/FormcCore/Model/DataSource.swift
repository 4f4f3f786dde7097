/// Data the state already holds, which a form may fill in instead of asking again (NQ 66.7/2025):
/// the identity a citizen logs in with, a registry look-up. Each attribute is typed as a field is,
/// so a binding into a field of another type is a compile error (docs/data-reuse.md).
public struct DataSource: Sendable {
    public var id: Located<String>
    public var title: LocalizedText
    /// Who holds the data: where a citizen corrects a value that is wrong, which the form page says
    /// beside a locked field.
    public var heldBy: LocalizedText
    /// How to correct a wrong value at its source, in words for citizens.
    public var correction: LocalizedText?
    /// The attributes, each declared as a field (`type`, `label`, options…), in order.
    public var attributes: [FieldSpec]
    /// The documents (by the ids procedures give them) whose data this source holds: a procedure
    /// that asks for one of them without `replaced_by:` this source is warned (W0308).
    public var replaces: [Located<String>] = []
    public var file: String
    /// Built into formc (the national identity), not written by the project.
    public var isBuiltIn = false

    public func attribute(_ name: String) -> FieldSpec? { attributes.first { $0.name == name } }

    /// What the artifacts say of a document this source's data replaces: the source, what it is,
    /// and who holds it (`procedure.json`, `submission.json`).
    var replacement: JSONValue {
        .object([("source", .string(id.value)), ("title", title.json), ("held_by", heldBy.json)])
    }

    /// The sentence citizens read beside such a document (information page, paper template).
    var replacementNote: LocalizedText {
        LocalizedText(
            vi: "Không phải nộp nếu cơ quan giải quyết khai thác được thông tin từ \(heldBy.vi)",
            en: "Not needed if the office can retrieve the information from \(heldBy.en ?? heldBy.vi)")
    }
}

/// How a prefilled value may be changed on the form.
public enum PrefillMode: String, Sendable, CaseIterable {
    /// Shown and submitted as the source holds it; the citizen cannot change it, and a submission
    /// with another value is refused when the validator is given the source's data.
    case locked
    /// Filled in; the citizen may change it.
    case editable
    /// Filled in and marked until the citizen confirms it (a value inferred, or that may be out of date).
    case review
}

/// `prefill: { from: identity.ho_ten, mode: locked }` on a field: where its value comes from — a data
/// source's attribute, or (`{ form: to-khai-…, field: tre.ho_ten }`) the answer to a field of another
/// form of the same dossier, which the citizen gave there.
public struct PrefillBinding: Sendable, Hashable {
    /// The data source's id, or the other form's id.
    public var source: Located<String>
    /// The attribute, or the other form's field as a dotted path (`tre.ho_ten`): a path into the
    /// source's data either way.
    public var attribute: Located<String>
    /// The source is another form of the dossier.
    public var fromForm = false
    public var mode: PrefillMode
    public var location: SourceLocation
    /// Filled in by the checker from the source: who holds the data and how a citizen corrects it,
    /// which the form page says beside a locked or reviewed value.
    public var heldBy: LocalizedText?
    public var correction: LocalizedText?

    /// The error a validator gives when a locked value differs from the source's.
    public var lockedMessage: LocalizedText { Messages.prefillLocked(heldBy ?? LocalizedText(vi: "cơ sở dữ liệu của Nhà nước", en: "the state's records")) }

    /// `identity.ho_ten` or `to-khai-dang-ky-khai-sinh: tre.ho_ten`, as written.
    public var reference: String { fromForm ? "\(source.value): \(attribute.value)" : "\(source.value).\(attribute.value)" }
}
