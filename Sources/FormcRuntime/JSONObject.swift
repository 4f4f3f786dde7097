/// The members of a JSON object, in the order they were written, told apart by their exact code
/// points — what a JavaScript object parsed by `JSON.parse` is. Validators need both: they report
/// unknown members in JavaScript's order, and `"é"` written precomposed or decomposed are two
/// different members (a Swift `Dictionary<String, _>` would merge them, since `String ==` compares
/// canonical equivalence).
///
/// Setting a key that exists replaces its value in place; equality and hashing ignore order, as JSON
/// does.
public struct JSONObject: Sendable {
    /// One reference for the whole object, so copying a `JSON` value (which validators do at every
    /// member they read) costs one retain; copied on write.
    @usableFromInline
    final class Storage: @unchecked Sendable {
        // Accessed only through the struct's copy-on-write discipline, never concurrently: the
        // dynamic exclusivity checks a class property gets would cost more than the lookup itself.
        @usableFromInline @exclusivity(unchecked) var keys: [String] = []
        /// Each key's `MemberName.fingerprint`: a lookup compares these integers, and bytes only on a match.
        @usableFromInline @exclusivity(unchecked) var fingerprints: [UInt64] = []
        @usableFromInline @exclusivity(unchecked) var values: [JSON] = []
        /// Positions by key, kept only for objects larger than `linearLimit`: a submission's objects
        /// are small, and scanning a few fingerprints beats hashing the key; large ones must not make
        /// reading quadratic.
        @usableFromInline @exclusivity(unchecked) var positions: [ExactKey: Int] = [:]
        @usableFromInline @exclusivity(unchecked) var isIndexed = false
        /// Whether some key looks like an array index (starts with a digit), which reorders `for…in`.
        @usableFromInline @exclusivity(unchecked) var hasIndexLikeKey = false

        init() {}

        func copy() -> Storage {
            let other = Storage()
            other.keys = keys
            other.fingerprints = fingerprints
            other.values = values
            other.positions = positions
            other.isIndexed = isIndexed
            other.hasIndexLikeKey = hasIndexLikeKey
            return other
        }
    }

    // Mutated only through `unique()`: the value semantics that make the unchecked Sendable sound.
    @usableFromInline var storage = Storage()
    private static let linearLimit = 32

    public init() {}

    @usableFromInline init(storage: Storage) { self.storage = storage }

    /// The members in order; a later duplicate key replaces the earlier value in its place (what
    /// `JSON.parse` does).
    public init(_ members: some Sequence<(String, JSON)>) {
        for (key, value) in members { self[key] = value }
    }

    public var keys: [String] { storage.keys }
    public var values: [JSON] { storage.values }
    public var count: Int { storage.keys.count }
    public var isEmpty: Bool { storage.keys.isEmpty }

    private mutating func unique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// A member name with its fingerprint computed once, for code that looks the same name up in
    /// many objects (generated validators keep one per field).
    public struct MemberName: Sendable {
        public let text: String
        /// Package-wide: formc writes it into generated validators (`MemberName(_:fingerprint:)`).
        @usableFromInline package let fingerprint: UInt64

        public init(_ text: String) {
            self.text = text
            fingerprint = text.withBytes(Self.fingerprint)
        }

        /// A 64-bit hash of the UTF-8 bytes (also what `JSONTape` computes for every member name
        /// it reads): eight bytes per multiply, then murmur3's finaliser so that every bit depends
        /// on every byte (`JSONTape` tells repeated names apart by six of them). Byte at a time,
        /// as FNV-1a was, it took a third of reading a name.
        static func fingerprint(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            let multiplier: UInt64 = 0xFF51_AFD7_ED55_8CCD
            let count = bytes.count
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
            if let base = bytes.baseAddress {
                var i = 0
                while i + 8 <= count {
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                    hash = (hash ^ word) &* multiplier
                    hash ^= hash >> 32
                    i += 8
                }
                if i < count {
                    var tail: UInt64 = 0, shift: UInt64 = 0
                    while i < count {
                        tail |= UInt64(base[i]) << shift
                        shift += 8
                        i += 1
                    }
                    hash = (hash ^ tail) &* multiplier
                }
            }
            hash ^= hash >> 33
            hash &*= 0xC4CE_B9FE_1A85_EC53
            hash ^= hash >> 33
            return hash
        }

        /// The name with the fingerprint `init(_:)` would compute, as generated validators write
        /// their member names (two literals, nothing computed or stored at run time).
        @inlinable
        public init(_ text: String, fingerprint: UInt64) {
            self.text = text
            self.fingerprint = fingerprint
        }
    }

    // Inlinable, with the subscript and `member(_:from:)` below: generated validators read every
    // answer through them, and a call into this module per read cost more than the scan.
    @inlinable
    func position(of key: MemberName) -> Int? { position(of: key, from: 0) }

    /// Where the member is, scanning from `start` to the end and then from the beginning (an
    /// indexed object is looked up instead).
    @inlinable @inline(__always)
    func position(of key: MemberName, from start: Int) -> Int? {
        let storage = self.storage
        if storage.isIndexed { return storage.positions[ExactKey(key.text)] }
        let target = key.fingerprint
        let count = storage.fingerprints.count
        var i = start < count ? start : 0
        var left = count
        while left > 0 {
            if storage.fingerprints[i] == target && ExactKey.equal(storage.keys[i], key.text) { return i }
            i += 1
            if i == count { i = 0 }
            left -= 1
        }
        return nil
    }

    @inlinable
    public subscript(key: MemberName) -> JSON? {
        guard let position = position(of: key) else { return nil }
        return storage.values[position]
    }

    /// The member, looked for from `hint` on (then from the start): generated validators read an
    /// object's fields in the form's order, which is how submissions are usually written, so each
    /// read usually compares one fingerprint. `hint` becomes the position after the member found.
    @inlinable @inline(__always)
    public func member(_ key: MemberName, from hint: inout Int) -> JSON? {
        guard let position = position(of: key, from: hint) else { return nil }
        hint = position + 1
        return storage.values[position]
    }

    /// Whether the object has the member (without copying its value).
    @inlinable
    public func has(_ key: MemberName) -> Bool { position(of: key) != nil }

    /// The members in the order JavaScript's `for…in` visits them (`keysInJavaScriptOrder`), with
    /// their values, without looking each key up again.
    public var membersInJavaScriptOrder: MembersInJavaScriptOrder { MembersInJavaScriptOrder(self) }

    /// The sequence `membersInJavaScriptOrder` returns: the members as written unless some key is an
    /// array index, which then come first (an order computed only for such objects).
    public struct MembersInJavaScriptOrder: Sequence, IteratorProtocol {
        private let storage: Storage
        private let order: [Int]?
        private var position = 0

        init(_ object: JSONObject) {
            storage = object.storage
            order = object.positionsInJavaScriptOrder
        }

        public mutating func next() -> (key: String, value: JSON)? {
            guard position < storage.keys.count else { return nil }
            defer { position += 1 }
            let i = order?[position] ?? position
            return (storage.keys[i], storage.values[i])
        }
    }

    public subscript(key: String) -> JSON? {
        get { self[MemberName(key)] }
        set {
            unique()
            let key = MemberName(key)
            if let position = position(of: key) {
                if let newValue {
                    storage.values[position] = newValue
                } else {
                    storage.keys.remove(at: position)
                    storage.fingerprints.remove(at: position)
                    storage.values.remove(at: position)
                    indexKeys()
                }
            } else if let newValue {
                storage.keys.append(key.text)
                storage.fingerprints.append(key.fingerprint)
                storage.values.append(newValue)
                if let first = key.text.utf8.first, (48...57).contains(first) { storage.hasIndexLikeKey = true }
                if storage.isIndexed {
                    storage.positions[ExactKey(key.text)] = storage.keys.count - 1
                } else if storage.keys.count > Self.linearLimit {
                    indexKeys()
                }
            }
        }
    }

    private mutating func indexKeys() {
        storage.positions = [:]
        storage.isIndexed = storage.keys.count > Self.linearLimit
        guard storage.isIndexed else { return }
        for (i, key) in storage.keys.enumerated() { storage.positions[ExactKey(key)] = i }
    }

    /// The keys in the order JavaScript's `for…in` visits them: integer-like keys ("0", "42", up to
    /// 2^32 − 2) first in ascending numeric order, then the others as written.
    public var keysInJavaScriptOrder: [String] {
        guard let order = positionsInJavaScriptOrder else { return keys }
        return order.map { storage.keys[$0] }
    }

    /// The members' positions in `for…in` order, or nil when that is the order they were written in
    /// (no integer-like key, the usual case).
    var positionsInJavaScriptOrder: [Int]? {
        guard storage.hasIndexLikeKey else { return nil }
        let indices = storage.keys.indices.compactMap { i in Self.arrayIndex(storage.keys[i]).map { (i, $0) } }
        guard !indices.isEmpty else { return nil }
        return indices.sorted { $0.1 < $1.1 }.map(\.0) + storage.keys.indices.filter { Self.arrayIndex(storage.keys[$0]) == nil }
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
        JSONObject(zip(keys, try values.map(transform)).map { ($0, $1) })
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
/// (`===`, object keys, `Set.has`). Also formc's key for texts it has decoded, which are NFC, so that
/// equal texts are equal bytes: hashing them skips the normalisation `String`'s own hashing does for
/// any text beyond ASCII (package-wide; not part of the runtime's public API).
@usableFromInline
package struct ExactKey: Hashable, Sendable {
    @usableFromInline package let text: String
    @usableFromInline package init(_ text: String) { self.text = text }

    @usableFromInline package static func == (a: ExactKey, b: ExactKey) -> Bool { equal(a.text, b.text) }

    /// Byte-for-byte equality, compared as contiguous memory when the strings are native.
    @inlinable @inline(__always)
    static func equal(_ a: String, _ b: String) -> Bool {
        // The same two words are the same text (the same inline bytes, or the same buffer): names
        // of 15 bytes or fewer, as form fields' are, are stored inline, in a literal and in parsed JSON.
        if MemoryLayout<String>.size == 16,
            unsafeBitCast(a, to: (UInt64, UInt64).self) == unsafeBitCast(b, to: (UInt64, UInt64).self)
        {
            return true
        }
        return equalBytes(a, b)
    }

    /// `equal` for two texts that are not the same inline bytes or buffer: kept out of line, so
    /// that the member lookups which inline `equal` stay small enough to be inlined themselves.
    @usableFromInline @inline(never)
    static func equalBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        // Native texts (what parsing and literals make) are compared as memory, eight bytes at a
        // time: one pass, where `==` and then a byte loop made two.
        let same = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                let count = x.count
                guard count > 0, let p = x.baseAddress, let q = y.baseAddress else { return true }
                var i = 0
                while i + 8 <= count {
                    if UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(q + i).loadUnaligned(as: UInt64.self) { return false }
                    i += 8
                }
                while i < count {
                    if p[i] != q[i] { return false }
                    i += 1
                }
                return true
            }
        }
        return (same ?? nil) ?? a.utf8.elementsEqual(b.utf8)
    }

    @usableFromInline package func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
