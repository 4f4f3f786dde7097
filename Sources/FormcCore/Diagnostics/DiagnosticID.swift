/// A stable diagnostic id with its severity and a one-line summary. Ids never change meaning once
/// released; `docs/diagnostics.md` explains each with an example, and a test keeps the two in step.
///
/// Ranges: E00xx reading files, E01xx YAML source, E02xx decoding the spec format, E03xx checking
/// references and constraints, E04xx spec examples, E05xx output; W-prefixed ids are warnings.
public struct DiagnosticID: Hashable, Sendable, CustomStringConvertible {
    public let code: String
    public let severity: Severity
    public let summary: String

    init(_ code: String, _ severity: Severity, _ summary: String) {
        self.code = code
        self.severity = severity
        self.summary = summary
    }

    public var description: String { code }
}

extension DiagnosticID {
    // MARK: Reading files (E00xx)
    public static let cannotReadFile = DiagnosticID("E0001", .error, "a spec file cannot be read")
    public static let fileTooLarge = DiagnosticID("E0002", .error, "a spec file is larger than the size limit")
    public static let invalidUTF8 = DiagnosticID("E0003", .error, "a spec file is not valid UTF-8")
    public static let emptyFile = DiagnosticID("E0004", .error, "a spec file holds no document")
    /// Not from a spec: the command cannot run as asked (a wrong option, a path that is not there,
    /// an output that cannot be written). Exit status 2; the machine formats carry it as a diagnostic.
    public static let invocation = DiagnosticID("E0005", .error, "the command cannot run as asked")

    // MARK: YAML source (E01xx)
    public static let yamlSyntax = DiagnosticID("E0101", .error, "YAML syntax error")
    public static let tabIndentation = DiagnosticID("E0102", .error, "a tab is used for indentation")
    public static let duplicateKey = DiagnosticID("E0103", .error, "a mapping has the same key twice")
    public static let aliasNotAllowed = DiagnosticID("E0104", .error, "YAML anchors and aliases are not allowed")
    public static let nestingTooDeep = DiagnosticID("E0105", .error, "nesting is deeper than the limit")
    public static let multipleDocuments = DiagnosticID("E0106", .error, "a file holds more than one YAML document")
    public static let nonScalarKey = DiagnosticID("E0107", .error, "a mapping key is not a string")
    public static let tagNotAllowed = DiagnosticID("E0108", .error, "YAML tags are not allowed")

    // MARK: Decoding the spec format (E02xx)
    public static let unknownKey = DiagnosticID("E0201", .error, "a key is not part of the spec format here")
    public static let wrongNodeKind = DiagnosticID("E0202", .error, "a value has the wrong shape (mapping, list or scalar)")
    public static let missingKey = DiagnosticID("E0203", .error, "a required key is missing")
    public static let invalidValue = DiagnosticID("E0204", .error, "a value is not valid for its key")
    public static let unsupportedFormatVersion = DiagnosticID("E0205", .error, "the `formc:` format version is not supported")
    public static let unknownSpecKind = DiagnosticID("E0206", .error, "a file is neither a form, a procedure, an option list nor a project")
    public static let invalidIdentifier = DiagnosticID("E0207", .error, "an id or name does not follow the naming rules")
    public static let invalidVersion = DiagnosticID("E0208", .error, "a version is not semantic versioning (MAJOR.MINOR.PATCH)")
    public static let unknownFieldType = DiagnosticID("E0209", .error, "a field type is not in the type library")
    public static let keyNotForType = DiagnosticID("E0210", .error, "a constraint does not apply to the field's type")

    // MARK: Checking (E03xx)
    public static let unresolvedReference = DiagnosticID("E0301", .error, "a reference names nothing that exists")
    public static let duplicateID = DiagnosticID("E0302", .error, "two things share one id")
    public static let contradictoryConstraints = DiagnosticID("E0303", .error, "constraints contradict each other")
    public static let defaultViolatesConstraints = DiagnosticID("E0304", .error, "a default value breaks its own field's constraints")
    public static let invalidPattern = DiagnosticID("E0305", .error, "a pattern is not a valid regular expression")
    public static let nonPortablePattern = DiagnosticID("E0306", .error, "a pattern uses a construct outside the portable subset")
    public static let missingVietnamese = DiagnosticID("E0307", .error, "a title or label has no Vietnamese text")
    public static let catalogueProblem = DiagnosticID("E0308", .error, "the administrative unit catalogue is missing or invalid")
    public static let invalidPeriod = DiagnosticID("E0309", .error, "a period ends before it starts")
    public static let duplicateProject = DiagnosticID("E0310", .error, "more than one project file is given")
    public static let expressionSyntax = DiagnosticID("E0311", .error, "an expression is not well formed")
    public static let expressionType = DiagnosticID("E0312", .error, "an expression has a type error or names something unknown")
    public static let computeCycle = DiagnosticID("E0313", .error, "computed fields depend on each other in a cycle")
    public static let feeOverlap = DiagnosticID("E0314", .error, "fee items of one series can apply at the same time")
    public static let serviceRequirement = DiagnosticID("E0315", .error, "a procedure lacks what its declared service level or class needs")
    public static let pluginFailed = DiagnosticID("E0316", .error, "an external plugin failed, timed out or answered something invalid")
    public static let paperReference = DiagnosticID("E0317", .error, "a field's paper layout names a footnote the form does not have, or prints more repeat items than it allows")
    public static let breakingWithoutMajor = DiagnosticID("E0318", .error, "a form version breaks submissions of an earlier one but keeps its major version")
    public static let prefillMismatch = DiagnosticID("E0319", .error, "a prefill binding does not fit its field")
    public static let lockedPrefillHidden = DiagnosticID("E0320", .error, "a locked prefilled field could be hidden")
    public static let sharedFieldMismatch = DiagnosticID("E0321", .error, "a field a bundle shares between members cannot take its owner's answer")

    // MARK: Examples (E04xx)
    public static let exampleDisagrees = DiagnosticID("E0401", .error, "a spec example does not get the verdict it expects")
    public static let feeExampleDisagrees = DiagnosticID("E0402", .error, "a fee example does not give the amounts it expects")

    // MARK: Warnings
    public static let unusedOptionList = DiagnosticID("W0301", .warning, "a shared option list is used by no form")
    public static let unusedForm = DiagnosticID("W0302", .warning, "a form is used by no procedure")
    public static let missingEnglish = DiagnosticID("W0303", .warning, "a form or procedure title has no English text")
    public static let feeNeverApplies = DiagnosticID("W0304", .warning, "a fee item, exemption or reduction can never apply")
    public static let feeReadsOptionalAnswer = DiagnosticID("W0305", .warning, "a fee reads an answer the form does not require")
    public static let conditionWithoutWords = DiagnosticID("W0306", .warning, "a condition or computed value cannot be put in words on the paper form")
    public static let missingTranslation = DiagnosticID("W0307", .warning, "a text a citizen reads has no translation in a language the project publishes")
    public static let documentDataHeld = DiagnosticID("W0308", .warning, "a procedure asks for a paper whose data a declared source holds")

    // MARK: Plain language and accessibility (W05xx; silenced with `# formc: allow W05xx`)
    public static let lintLabelIsCode = DiagnosticID("W0501", .warning, "a label is a code or a placeholder, not words")
    public static let lintDuplicateLabel = DiagnosticID("W0502", .warning, "two fields of a section have the same label")
    public static let lintHintRepeatsLabel = DiagnosticID("W0503", .warning, "a hint repeats its label")
    public static let lintLongLabel = DiagnosticID("W0504", .warning, "a label is very long")
    public static let lintCapitals = DiagnosticID("W0505", .warning, "a label is written in capitals")
    public static let lintDateAsText = DiagnosticID("W0506", .warning, "a date is asked as free text")
    public static let lintLongChoiceList = DiagnosticID("W0507", .warning, "a choice list is too long to read through")
    public static let lintMessageNamesNoField = DiagnosticID("W0508", .warning, "an error message does not name the field it is about")
    public static let lintMessageSaysNothingToDo = DiagnosticID("W0509", .warning, "an error message does not say what to do")

    // MARK: Changes between two versions (D0xxx, `formc diff`; docs/evolution.md)
    // D01xx break submissions (error), D02xx break code written against the old version (warning),
    // D03xx are compatible (note).
    public static let changeFieldRemoved = DiagnosticID("D0101", .error, "a field is removed")
    public static let changeFieldRenamed = DiagnosticID("D0102", .error, "a field is renamed")
    public static let changeTypeChanged = DiagnosticID("D0103", .error, "a field's type changed")
    public static let changeMadeRequired = DiagnosticID("D0104", .error, "a field is made required, or a required field is added")
    public static let changeTightened = DiagnosticID("D0105", .error, "a constraint is tightened")
    public static let changeChoiceRemoved = DiagnosticID("D0106", .error, "a choice is removed")
    public static let changeConditionChanged = DiagnosticID("D0107", .error, "a rule or condition is added or changed")
    public static let changeNowOptional = DiagnosticID("D0201", .warning, "a required field is made optional")
    public static let changeChoiceAdded = DiagnosticID("D0202", .warning, "a choice is added")
    public static let changeFeeChanged = DiagnosticID("D0203", .warning, "a fee example prices differently")
    public static let changeFieldAdded = DiagnosticID("D0301", .note, "an optional field is added")
    public static let changeLoosened = DiagnosticID("D0302", .note, "a constraint is loosened")
    public static let changeWording = DiagnosticID("D0303", .note, "a label or hint changed")

    /// Every change id `formc diff` reports, in code order.
    public static let changes: [DiagnosticID] = [
        .changeFieldRemoved, .changeFieldRenamed, .changeTypeChanged, .changeMadeRequired, .changeTightened,
        .changeChoiceRemoved, .changeConditionChanged, .changeNowOptional, .changeChoiceAdded, .changeFeeChanged,
        .changeFieldAdded, .changeLoosened, .changeWording,
    ]

    /// Every id, in code order: the catalogue that `docs/diagnostics.md` documents.
    public static let all: [DiagnosticID] = [
        .cannotReadFile, .fileTooLarge, .invalidUTF8, .emptyFile, .invocation,
        .yamlSyntax, .tabIndentation, .duplicateKey, .aliasNotAllowed, .nestingTooDeep,
        .multipleDocuments, .nonScalarKey, .tagNotAllowed,
        .unknownKey, .wrongNodeKind, .missingKey, .invalidValue, .unsupportedFormatVersion,
        .unknownSpecKind, .invalidIdentifier, .invalidVersion, .unknownFieldType, .keyNotForType,
        .unresolvedReference, .duplicateID, .contradictoryConstraints, .defaultViolatesConstraints,
        .invalidPattern, .nonPortablePattern, .missingVietnamese, .catalogueProblem, .invalidPeriod,
        .duplicateProject, .expressionSyntax, .expressionType, .computeCycle, .feeOverlap, .serviceRequirement, .pluginFailed, .paperReference, .breakingWithoutMajor,
        .prefillMismatch, .lockedPrefillHidden, .sharedFieldMismatch,
        .exampleDisagrees, .feeExampleDisagrees,
        .unusedOptionList, .unusedForm, .missingEnglish, .feeNeverApplies, .feeReadsOptionalAnswer, .conditionWithoutWords,
        .missingTranslation, .documentDataHeld, .lintLabelIsCode, .lintDuplicateLabel, .lintHintRepeatsLabel, .lintLongLabel, .lintCapitals, .lintDateAsText, .lintLongChoiceList,
        .lintMessageNamesNoField, .lintMessageSaysNothingToDo,
    ]
}
