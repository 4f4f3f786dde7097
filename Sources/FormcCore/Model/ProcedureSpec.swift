/// An administrative procedure (thủ tục hành chính), with the fields of the national TTHC database.
/// Its properties are `Fields`', kept behind one reference (`CopyOnWrite`): a procedure is copied
/// wherever it is passed, and a copy retains one reference instead of some thirty properties.
public struct ProcedureSpec: CopyOnWriteFields {
    public var stored: CopyOnWrite<Fields>

    public init(_ fields: Fields) { stored = CopyOnWrite(fields) }

    public struct Fields: Sendable {
        /// Mã TTHC, e.g. "1.001193": always text.
        public var code: Located<String>
        /// Số quyết định công bố: the decision that published the procedure.
        public var decision: String?
        public var name: LocalizedText
        /// Lĩnh vực: the field of administration (hộ tịch, chứng thực, cư trú…).
        public var domain: LocalizedText
        public var authority: Authority
        /// The service level (NĐ 43/2011) or class (NĐ 42/2022) the procedure is offered at.
        public var service: ServiceDeclaration
        /// How the result can reach the citizen: in person, online, by post.
        public var resultDelivery: [Located<ChannelKind>]
        /// Who receives fee payments (for the payment manifest).
        public var payee: Payee?
        public var validFrom: Located<CalendarDate>?
        public var validTo: Located<CalendarDate>?
        public var supersededBy: String?
        public var applicants: [LocalizedText]
        public var steps: [ProcedureStep]
        public var channels: [Channel]
        public var cases: [ProcedureCase]
        public var results: [ProcedureResult]
        public var conditions: [LocalizedText]
        public var legalBasis: [LegalDocument]
        /// Applicant categories that fee exemptions name (hộ nghèo, người khuyết tật…).
        public var applicantCategories: [ApplicantCategory]
        public var fees: [FeeItem]
        public var feeExamples: [FeeExample]
        public var file: String
        public var location: SourceLocation
    }

    /// The forms its documents name, as written (`to-khai@2`), in the order of its cases. Read by
    /// index: a document is not copied out (with its dozen properties) to read one of them.
    var formReferences: [Located<String>] {
        var references: [Located<String>] = []
        let cases = self.cases
        for c in cases.indices {
            for d in cases[c].documents.indices {
                if let form = cases[c].documents[d].form { references.append(form) }
            }
        }
        return references
    }
}

/// The classes of NĐ 42/2022: information only, partly online (một phần), fully online (toàn trình).
public enum ServiceClass: String, Sendable, CaseIterable {
    case thong_tin, mot_phan, toan_trinh
}

/// `service: { level: 4 }` or `service: { class: toan_trinh }`.
public struct ServiceDeclaration: Sendable {
    public var level: Located<Int>?
    public var serviceClass: Located<ServiceClass>?
    public var location: SourceLocation
}

/// The recipient of fee payments.
public struct Payee: Sendable {
    public var name: LocalizedText
    public var account: String?
    public var bank: String?
}

/// Cấp thực hiện: the level of government that carries out the procedure.
public enum AuthorityLevel: String, Sendable, CaseIterable {
    case xa, tinh, bo, khac
}

public struct Authority: Sendable {
    public var level: AuthorityLevel
    /// Cơ quan thực hiện.
    public var agency: LocalizedText
}

/// Trình tự thực hiện: one step.
public struct ProcedureStep: Sendable {
    public var title: LocalizedText
    public var description: LocalizedText?
}

/// Cách thức thực hiện: in person, online, or by post.
public enum ChannelKind: String, Sendable, CaseIterable {
    case truc_tiep, truc_tuyen, buu_chinh
}

/// Thời hạn giải quyết, counted from receipt of a complete dossier.
public struct ProcessingTime: Sendable {
    public var workingDays: Int?
    public var days: Int?
    public var hours: Int?
    public var note: LocalizedText?
}

public struct Channel: Sendable {
    public var kind: ChannelKind
    public var location: SourceLocation
    public var processingTime: ProcessingTime
    public var note: LocalizedText?
}

/// Trường hợp: a case of the procedure with its own dossier.
public struct ProcedureCase: Sendable {
    public var id: Located<String>
    public var title: LocalizedText
    public var documents: [RequiredDocument]
}

/// How a paper copy must be made (the legally recognised copy forms).
public enum CopyType: String, Sendable, CaseIterable {
    case ban_sao_chung_thuc, ban_sao_so_goc, ban_sao_dien_tu_chung_thuc, ban_sao_dien_tu_so_goc
    case ban_chup_doi_chieu
}

/// Whether a document is handed in (nộp) or only shown to the official (xuất trình).
public enum Submission: String, Sendable, CaseIterable {
    case submit, present_only
}

/// Rules for uploading a document online.
public struct UploadRule: Sendable {
    public var accept: [String]
    public var maxSize: Int64
}

/// Thành phần hồ sơ: one document of a case's dossier.
public struct RequiredDocument: Sendable {
    public var id: Located<String>
    public var name: LocalizedText?
    /// The form that fills this document, by form id.
    public var form: Located<String>?
    public var originals: Int
    public var copies: Int
    public var copyType: CopyType?
    public var submission: Submission
    public var upload: UploadRule?
    /// False when the document is needed only in some situations (see `condition`).
    public var required: Bool
    public var condition: LocalizedText?
    /// The data source whose data replaces this paper when it can be retrieved (`replaced_by:`; NQ
    /// 66.7/2025): it need not be submitted then (docs/data-reuse.md).
    public var replacedBy: Located<String>?
}

/// Kết quả thực hiện.
public struct ProcedureResult: Sendable {
    public var name: LocalizedText
    public var code: String?
    public var validity: LocalizedText?
}

/// Căn cứ pháp lý: a legal document, referenced by fees through its id (its number).
public struct LegalDocument: Sendable {
    public var id: Located<String>
    public var title: LocalizedText
    public var issued: CalendarDate?
    public var status: String?
}

/// Phí (covers a service's cost) or lệ phí (a fixed charge of state management).
public enum FeeKind: String, Sendable, CaseIterable {
    case phi, le_phi
}

/// What a fee amount is counted per.
public enum FeeUnit: String, Sendable, CaseIterable {
    case lan, ban, trang, truong_hop, nguoi, the
}

/// A fee or charge (phí, lệ phí). Its amount is a flat integer, an expression over the answers, or
/// a tier table; it may apply only to some cases, channels, dates or answers; categories of
/// applicants may be exempt; and a channel may pay less during a dated period. A fee whose rate is
/// set elsewhere (a provincial council resolution) has no amount and says so in its note.
public struct FeeItem: Sendable {
    public var id: Located<String>
    public var kind: FeeKind
    public var name: LocalizedText
    public var amount: FeeAmount?
    public var unit: FeeUnit?
    /// The channels the fee applies to; empty means every channel.
    public var channels: [Located<ChannelKind>]
    /// The cases the fee applies to; empty means every case.
    public var cases: [Located<String>]
    /// The period the fee is in force.
    public var effectiveFrom: Located<CalendarDate>?
    public var effectiveTo: Located<CalendarDate>?
    /// A further condition on the answers and the context.
    public var appliesWhen: ExpressionSource?
    public var checkedAppliesWhen: CheckedExpression?
    public var exemptions: [FeeExemption]
    public var reductions: [FeeReduction]
    /// Items of one series are versions of one charge (over time or channels) and must not overlap.
    public var series: String
    public var legalBasis: [Located<String>]
    public var note: LocalizedText?
    public var location: SourceLocation
}

public enum FeeAmount: Sendable {
    case flat(Int64)
    case expression(ExpressionSource, CheckedExpression?)
    case tiers(FeeTiers)
}

/// A price per unit that falls from given units on, with an optional cap, counted per item of a
/// repeating group and multiplied by a count (e.g. certified copies: per page of the original, a
/// lower price from the third page, at most 200,000 đ per copy, times the number of copies).
public struct FeeTiers: Sendable {
    public struct Rate: Sendable {
        /// The first unit this rate applies to (1-based).
        public var from: Int64
        public var amount: Int64
        public var location: SourceLocation
    }

    /// A repeating group whose items are priced one by one (a path), if any.
    public var per: Located<String>?
    public var units: ExpressionSource
    public var checkedUnits: CheckedExpression?
    public var rates: [Rate]
    public var cap: Int64?
    public var multiplier: ExpressionSource?
    public var checkedMultiplier: CheckedExpression?
}

/// A category of applicants (đối tượng) that exemptions name. The caller of a fee calculator says
/// which categories the applicant belongs to; a category with `when` also holds whenever the answers
/// show it (`age(ct01.nguoi_de_nghi.ngay_sinh, submitted_on) >= 60`), so the form's own data decides
/// and the caller is needed only for facts the form does not hold.
public struct ApplicantCategory: Sendable {
    public var value: String
    public var label: LocalizedText
    public var location: SourceLocation
    /// A condition over the answers and the fee inputs under which the applicant is of the category.
    public var when: ExpressionSource?
    public var checkedWhen: CheckedExpression?
    /// What defines the category (e.g. the law that says who is elderly); ids of the procedure's legal basis.
    public var legalBasis: [Located<String>] = []
}

/// Applicants of a category pay nothing for this fee.
public struct FeeExemption: Sendable {
    public var category: Located<String>
    public var legalBasis: [Located<String>]
}

/// A percentage off for one channel during a period (e.g. 50% online until the end of 2026).
/// The reduced amount is rounded half up to the whole đồng.
public struct FeeReduction: Sendable {
    public var channel: Located<ChannelKind>
    public var percent: Int64
    public var from: Located<CalendarDate>?
    public var to: Located<CalendarDate>?
    public var legalBasis: [Located<String>]
    public var location: SourceLocation
}

/// A fee example: answers and context, and the breakdown they must give.
public struct FeeExample: Sendable {
    public var name: String
    public var location: SourceLocation
    public var caseID: Located<String>?
    public var channel: ChannelKind
    public var on: CalendarDate
    public var categories: [Located<String>]
    /// Answers by document id.
    public var answers: JSONValue
    /// Nil: `total: unknown` or `total: invalid` (`expectedStatus`): the example shows that an answer
    /// the fees read is missing, or one the form rejects.
    public var expectedTotal: Int64?
    public var expectedStatus: FeeStatus = .known
    /// The missing answers expected (pointers into the answers, any order); nil when not given.
    public var expectedMissing: [String]?
    /// Where the validator's errors are expected (pointers into the answers); nil when not given.
    public var expectedInvalid: [String]?
    /// Expected amounts by fee id (only the fees listed are compared); nil when not given.
    public var expectedItems: [(id: String, amount: Int64)]?
}
