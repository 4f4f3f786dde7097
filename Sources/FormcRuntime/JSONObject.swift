/// The members of a JSON object, in the order they were written, told apart by their exact code
/// points — what a JavaScript object parsed by `JSON.parse` is. Validators need both: they report
/// unknown members in JavaScript's order, and `"é"` written precomposed or decomposed are two
/// different members (a Swift `Dictionary<String, _>` would merge them, since `String ==` compares
/// canonical equivalence).
///
/// Setting a key that exists replaces its value in place; equality and hashing ignore order, as JSON
/// does.
public struct JSONObject: Sendable {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSON] = []
    private var positions: [ExactKey: Int] = [:]

    public init() {}

    /// The members in order; a later duplicate key replaces the earlier value in its place (what
    /// `JSON.parse` does).
    public init(_ members: some Sequence<(String, JSON)>) {
        for (key, value) in members { self[key] = value }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: String) -> JSON? {
        get { positions[ExactKey(key)].map { values[$0] } }
        set {
            let exact = ExactKey(key)
            if let position = positions[exact] {
                if let newValue {
                    values[position] = newValue
                } else {
                    keys.remove(at: position)
                    values.remove(at: position)
                    positions = [:]
                    for (i, key) in keys.enumerated() { positions[ExactKey(key)] = i }
                }
            } else if let newValue {
                positions[exact] = keys.count
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// The keys in the order JavaScript's `for…in` visits them: integer-like keys ("0", "42", up to
    /// 2^32 − 2) first in ascending numeric order, then the others as written.
    public var keysInJavaScriptOrder: [String] {
        let indices = keys.compactMap { key in Self.arrayIndex(key).map { (key, $0) } }
        guard !indices.isEmpty else { return keys }
        return indices.sorted { $0.1 < $1.1 }.map(\.0) + keys.filter { Self.arrayIndex($0) == nil }
    }

    /// The value of a canonical array-index key, or nil.
    private static func arrayIndex(_ key: String) -> UInt64? {
        let bytes = Array(key.utf8)
        guard !bytes.isEmpty, bytes.count <= 10, bytes.allSatisfy({ (48...57).contains($0) }) else { return nil }
        guard bytes.count == 1 || bytes[0] != 48 else { return nil }
        let value = bytes.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 48) }
        return value < 4_294_967_295 ? value : nil
    }

}

extension JSONObject: RandomAccessCollection {
    public typealias Element = (key: String, value: JSON)
    public var startIndex: Int { 0 }
    public var endIndex: Int { keys.count }
    public subscript(position: Int) -> Element { (keys[position], values[position]) }

    public func mapValues(_ transform: (JSON) throws -> JSON) rethrows -> JSONObject {
        var out = self
        out.values = try values.map(transform)
        return out
    }

    /// The members for which `isIncluded` holds, in order.
    public func filterMembers(_ isIncluded: (Element) throws -> Bool) rethrows -> JSONObject {
        JSONObject(try filter(isIncluded).map { ($0.key, $0.value) })
    }
}

extension JSONObject: Hashable {
    /// Same members with equal values, in any order.
    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.count == b.count && a.allSatisfy { b[$0.key] == $0.value }
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: the members' hashes combined commutatively.
        var combined = 0
        for (key, value) in self {
            var member = Hasher()
            member.combine(ExactKey(key))
            member.combine(value)
            combined ^= member.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public typealias Key = String
    public typealias Value = JSON
    public init(dictionaryLiteral elements: (String, JSON)...) { self.init(elements) }
}

extension JSONObject: Codable {
    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MemberKey.self)
        self.init()
        for key in container.allKeys { self[key.stringValue] = try container.decode(JSON.self, forKey: key) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberKey.self)
        for (key, value) in self { try container.encode(value, forKey: MemberKey(stringValue: key)) }
    }
}

/// Text compared by its UTF-8 bytes, not by canonical equivalence: how JavaScript compares strings
/// (`===`, object keys, `Set.has`).
struct ExactKey: Hashable, Sendable {
    let text: String
    init(_ text: String) { self.text = text }
    static func == (a: ExactKey, b: ExactKey) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
    func hash(into hasher: inout Hasher) {
        hasher.combine(text.utf8.count)
        for byte in text.utf8 { hasher.combine(byte) }
    }
}
