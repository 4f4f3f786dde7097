/// Encoding `Encodable` values — the generated `Submission`s among them — into a `JSON` value, with no
/// Foundation: what a typed fee calculation hands to the fee rules, and what a back end stores or sends
/// on. Members keep the order the type encodes them in (the generated types: the spec's order); an
/// optional that is nil is left out, as the submission format wants. Numbers become `Double`, as
/// JavaScript holds them: integers are exact up to 2^53; a non-finite number is refused.
extension JSON {
    public init(encoding value: some Encodable) throws {
        let root = EncodedNode()
        try root.store(value, codingPath: [])
        self = root.json
    }
}

/// A value under construction. Containers hand out child nodes and keep them, so a nested container
/// written after its parent was handed on still ends up in the result.
private final class EncodedNode {
    private enum Content {
        case nothing
        case scalar(JSON)
        case object(keys: [String], members: [String: EncodedNode])
        case array([EncodedNode])
    }

    private var content = Content.nothing

    /// The finished value; a value that wrote nothing is an empty object, as Foundation's encoder has it.
    var json: JSON {
        switch content {
        case .nothing: return .object(JSONObject())
        case .scalar(let value): return value
        case .object(let keys, let members): return .object(JSONObject(keys.map { ($0, members[$0]!.json) }))
        case .array(let items): return .array(items.map(\.json))
        }
    }

    func set(_ value: JSON) { content = .scalar(value) }

    func becomeObject() {
        if case .object = content { return }
        content = .object(keys: [], members: [:])
    }

    func becomeArray() {
        if case .array = content { return }
        content = .array([])
    }

    /// A fresh node for `key`; a key written twice keeps its first place and its last value.
    func member(_ key: String) -> EncodedNode {
        becomeObject()
        guard case .object(var keys, var members) = content else { preconditionFailure() }
        let node = EncodedNode()
        if members[key] == nil { keys.append(key) }
        members[key] = node
        content = .object(keys: keys, members: members)
        return node
    }

    func appended() -> EncodedNode {
        becomeArray()
        guard case .array(var items) = content else { preconditionFailure() }
        let node = EncodedNode()
        items.append(node)
        content = .array(items)
        return node
    }

    var count: Int {
        switch content {
        case .array(let items): items.count
        case .object(let keys, _): keys.count
        default: 0
        }
    }

    /// Stores a value: the JSON scalars directly, anything else through its own `encode(to:)`.
    func store<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        switch value {
        case let json as JSON: set(json)
        case let text as String: set(.string(text))
        case let flag as Bool: set(.bool(flag))
        case let number as Double: try set(Self.finite(number, codingPath))
        case let number as Float: try set(Self.finite(Double(number), codingPath))
        case let number as any BinaryInteger: set(.number(Double(number)))
        default: try value.encode(to: JSONValueEncoder(node: self, codingPath: codingPath))
        }
    }

    private static func finite(_ number: Double, _ codingPath: [any CodingKey]) throws -> JSON {
        guard number.isFinite else {
            throw EncodingError.invalidValue(number, .init(codingPath: codingPath, debugDescription: "JSON has no \(number)"))
        }
        return .number(number)
    }
}

private struct JSONValueEncoder: Encoder {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedEncoder<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedEncoder(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueEncoder(node: node, codingPath: codingPath)
    }
}

private struct KeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodedNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).set(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.member(key.stringValue).store(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.member(key.stringValue)
        child.becomeObject()
        return KeyedEncodingContainer(KeyedEncoder<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.member(key.stringValue)
        child.becomeArray()
        return UnkeyedEncoder(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        JSONValueEncoder(node: node.member("super"), codingPath: codingPath + [AnyKey(stringValue: "super")])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        JSONValueEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedEncoder: UnkeyedEncodingContainer {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    private var nextKey: AnyKey { AnyKey(intValue: node.count) }

    mutating func encodeNil() throws { node.appended().set(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let key = nextKey
        try node.appended().store(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let key = nextKey
        let child = node.appended()
        child.becomeObject()
        return KeyedEncodingContainer(KeyedEncoder<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = nextKey
        let child = node.appended()
        child.becomeArray()
        return UnkeyedEncoder(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let key = nextKey
        return JSONValueEncoder(node: node.appended(), codingPath: codingPath + [key])
    }
}

private struct SingleValueEncoder: SingleValueEncodingContainer {
    let node: EncodedNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.set(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try node.store(value, codingPath: codingPath)
    }
}
