/// How a scalar was written. The decoder uses it to tell `"1.001193"` (clearly text) from a plain
/// `1.001193`; both keep their exact text, because formc never applies YAML 1.1 implicit typing.
public enum ScalarStyle: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded

    /// Whether the author quoted the value or used a block scalar, i.e. explicitly wrote text.
    public var isQuotedOrBlock: Bool { self != .plain }
}

/// A node of a YAML document with the location of its first character. Every key and value the
/// decoder looks at comes from one of these, which is how every diagnostic gets its line and column.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(String, ScalarStyle)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
        /// Stands in for something that was already reported (an alias), so decoding can go on.
        case invalid
    }

    public var content: Content
    public var location: SourceLocation
    /// Where the node ends (exclusive), for fix-its that replace a whole value.
    public var end: SourceLocation

    public init(_ content: Content, at location: SourceLocation, end: SourceLocation) {
        self.content = content
        self.location = location
        self.end = end
    }

    public var range: SourceRange { SourceRange(start: location, end: end) }

    /// A short name for the shape of the node, for messages ("expected a mapping, found a list").
    public var kindName: String {
        switch content {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .invalid: "an invalid value"
        }
    }

    public var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }
}

/// One `key: value` entry; keys are always scalars (anything else is reported while reading).
public struct YAMLPair: Sendable {
    public var key: String
    public var keyLocation: SourceLocation
    public var keyEnd: SourceLocation
    public var value: YAMLNode
}
