/// The static types of the expression language. Money is integer VND, kept apart from plain
/// integers so that an amount is never added to a count by mistake; integer literals adapt to money.
public indirect enum ValueType: Sendable, Equatable, CustomStringConvertible {
    case bool, int, money, string, date
    /// The value of a choice field: a string known to be one of these options.
    case choice([String])
    case list(ValueType)
    /// The element type of `[]`, compatible with any list.
    case nothing

    public var description: String {
        switch self {
        case .bool: "bool"
        case .int: "integer"
        case .money: "money"
        case .string: "string"
        case .date: "date"
        case .choice: "option"
        case .list(let element): "list of \(element)"
        case .nothing: "nothing"
        }
    }

    var isTextual: Bool {
        switch self {
        case .string, .choice: true
        default: false
        }
    }
}

/// How a path in an expression reaches a value at run time: the members to follow, and for each
/// repeating group whether it means the current item (the expression sits inside that group) or all
/// its items (the path then yields a list).
public struct ResolvedPath: Sendable, Equatable {
    public enum Step: Sendable, Equatable {
        case member(String)
        /// A repeating group's items: the current item when `current` is set, all of them otherwise.
        case items(repeatKey: String, current: Bool)
    }

    public var steps: [Step]
    /// The type of the value (of each item, when the path crosses a repeating group): how the JSON
    /// answer is read (a date field's text becomes a date).
    public var type: ValueType = .string
    /// The name of a context input (`channel`, `submitted_on`, `categories`) instead of an answer.
    public var input: String?
    /// A document id whose form's answers the path starts from (fee expressions).
    public var document: String?
}

extension ValueType {
    var isList: Bool { if case .list = self { true } else { false } }
}

extension ResolvedPath {
    /// Whether the path crosses a repeating group as a whole, and so reads a list.
    var isList: Bool { steps.contains { if case .items(_, false) = $0 { true } else { false } } }
}

/// An expression that passed the type checker, with what its paths resolve to.
public struct CheckedExpression: Sendable {
    public var source: String
    public var expression: Expression
    public var type: ValueType
    /// Resolved paths, by the offset of their path node.
    public var paths: [Int: ResolvedPath]
}

/// A type error with the offset of the token it is about, and what a newcomer needs to fix it: a
/// hint, and a replacement of a span of the expression when the fix is mechanical.
public struct ExpressionTypeError: Error, Sendable {
    public var message: String
    public var offset: Int
    public var hint: String?
    /// Code-point offsets in the expression text, end exclusive, and the text to put there.
    public var fix: (start: Int, end: Int, replacement: String)?
    /// Caused by an error already reported (a field whose declaration failed): not reported.
    public var followsEarlierError = false

    public init(
        message: String, offset: Int, hint: String? = nil, followsEarlierError: Bool = false,
        fix: (start: Int, end: Int, replacement: String)? = nil
    ) {
        self.followsEarlierError = followsEarlierError
        self.message = message
        self.offset = offset
        self.hint = hint
        self.fix = fix
    }
}
