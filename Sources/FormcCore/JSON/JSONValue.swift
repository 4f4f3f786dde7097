/// A JSON value as formc builds and reads it. Objects keep their members in insertion order, so every
/// artifact's layout is decided by the emitter alone; numbers are exact integers unless written with a
/// fraction or exponent (money is never a double).
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// The member named `key` of an object, if this is one and it has that member.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: [(key: String, value: JSONValue)]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The JSON type name used in messages and by JSON Schema's `type` keyword.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue: Equatable {
    /// JSON equality as JSON Schema defines it: member order does not matter, `1` equals `1.0`.
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.integer(x), .integer(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.integer(x), .number(y)), let (.number(y), .integer(x)): return Double(x) == y
        case let (.string(x), .string(y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            guard x.count == y.count else { return false }
            return x.allSatisfy { member in y.contains { $0.key == member.key && $0.value == member.value } }
        default: return false
        }
    }
}

/// Builds JSON objects member by member, skipping absent optional values, so emitters read as the
/// list of keys they produce.
public struct JSONObjectBuilder {
    public private(set) var members: [(key: String, value: JSONValue)] = []

    public init() {}

    public mutating func set(_ key: String, _ value: JSONValue?) {
        guard let value else { return }
        members.append((key, value))
    }

    public mutating func set(_ key: String, _ value: String?) {
        set(key, value.map(JSONValue.string))
    }

    public mutating func set(_ key: String, _ value: Int?) {
        set(key, value.map { JSONValue.integer(Int64($0)) })
    }

    public mutating func set(_ key: String, _ value: Bool?) {
        set(key, value.map(JSONValue.bool))
    }

    public var value: JSONValue { .object(members) }
}

extension JSONValue {
    /// Whether two answers are the same value as JavaScript's `===` sees scalars: text by its code
    /// points (not Swift's canonical equivalence: a decomposed "é" is another answer), numbers by
    /// value whether written as integers or not. Lists and objects are never the same.
    static func sameScalar(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.string(let x), .string(let y)): x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.integer(let x), .integer(let y)): x == y
        case (.integer(let x), .number(let y)), (.number(let y), .integer(let x)): Double(x) == y
        case (.number(let x), .number(let y)): x == y
        default: false
        }
    }
}

/// JSON Pointers of object members only (the answers' paths outside repeats): reading, writing and
/// removing the member one names, for splitting combined submissions and building prefill data.
extension JSONValue {
    /// The member names of a pointer: `/a/b` → `a`, `b`.
    static func keys(of pointer: String) -> ArraySlice<String> {
        pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)[...]
    }

    /// The value a pointer names, or nil when there is none.
    func value(at pointer: String) -> JSONValue? {
        Self.keys(of: pointer).reduce(Optional(self)) { $0?[$1] }
    }

    /// This value with `new` at the member `keys` name, creating the objects on the way; unchanged
    /// where the way crosses something that is not an object.
    func setting(_ new: JSONValue, at keys: ArraySlice<String>) -> JSONValue {
        guard let key = keys.first, case .object(var members) = self else { return self }
        let index = members.firstIndex { $0.key == key }
        let updated = keys.count == 1 ? new : (index.map { members[$0].value } ?? .object([])).setting(new, at: keys.dropFirst())
        if let index { members[index].value = updated } else { members.append((key, updated)) }
        return .object(members)
    }

    /// This value without the member a pointer names; unchanged when there is none.
    func removing(pointer: String) -> JSONValue {
        func remove(_ value: JSONValue, _ keys: ArraySlice<String>) -> JSONValue {
            guard let key = keys.first, case .object(var members) = value, let index = members.firstIndex(where: { $0.key == key }) else { return value }
            if keys.count == 1 { members.remove(at: index) } else { members[index].value = remove(members[index].value, keys.dropFirst()) }
            return .object(members)
        }
        return remove(self, Self.keys(of: pointer))
    }
}
