/// A `JSON` value a caller holds, read in place: what the generated validators walk when they are
/// given `JSON` (`validate(_:today:)`). Reading a member or an item through it hands out another
/// reference — a pointer into the value's own storage — so a walk over a submission copies no
/// payload and counts no references, as a walk over a `JSONTape` does; through `JSON` itself each
/// member read retained its payload and released it again, a fifth of a validation's time.
///
/// A reference is valid only inside `JSON.withReference`'s call, which keeps the value alive and
/// unchanged for its duration (a `JSON` is a value: nothing else can change the storage it holds;
/// a copy that changes copies its storage first).
public struct JSONReference: JSONView {
    @usableFromInline let pointer: UnsafePointer<JSON>

    @inlinable
    init(_ pointer: UnsafePointer<JSON>) { self.pointer = pointer }

    @inlinable @inline(__always)
    public var object: Object? {
        guard case .object(let members) = pointer.pointee else { return nil }
        return Object(members.storage)
    }

    @inlinable
    public var array: Items? {
        guard case .array(let items) = pointer.pointee else { return nil }
        return Items(items)
    }

    @inlinable
    public var string: String? {
        guard case .string(let text) = pointer.pointee else { return nil }
        return text
    }

    @inlinable
    public var bool: Bool? {
        guard case .bool(let value) = pointer.pointee else { return nil }
        return value
    }

    @inlinable
    public var number: Double? {
        guard case .number(let value) = pointer.pointee else { return nil }
        return value
    }

    @inlinable
    public var json: JSON { pointer.pointee }

    /// The items of an array, in place.
    public struct Items: RandomAccessCollection {
        @usableFromInline let base: UnsafePointer<JSON>?
        public let count: Int

        @inlinable
        init(_ items: [JSON]) {
            // The address of the array's elements outlives this call: the buffer belongs to the
            // value `withReference` holds, which nothing changes while the reference is in use.
            // An array of a value type is always stored contiguously (only arrays of classes can
            // wrap an Objective-C array), so the address is there on every platform.
            base = UnsafePointer(items._baseAddressIfContiguous)
            count = items.count
        }

        @inlinable public var startIndex: Int { 0 }
        @inlinable public var endIndex: Int { count }
        @inlinable public subscript(position: Int) -> JSONReference { JSONReference(base! + position) }
    }

    /// The members of an object, in place: looked up as `JSONObject` looks them up, over pointers to
    /// its keys, fingerprints and values (reading the storage's arrays would retain each).
    public struct Object: JSONObjectView {
        // Unowned and unretained: the object is kept alive by the value `withReference` holds.
        @usableFromInline unowned(unsafe) let storage: JSONObject.Storage
        @usableFromInline let keys: UnsafePointer<String>?
        @usableFromInline let fingerprints: UnsafePointer<UInt64>?
        @usableFromInline let values: UnsafePointer<JSON>?
        public let count: Int

        @inlinable
        init(_ storage: JSONObject.Storage) {
            self.storage = storage
            keys = UnsafePointer(storage.keys._baseAddressIfContiguous)
            fingerprints = UnsafePointer(storage.fingerprints._baseAddressIfContiguous)
            values = UnsafePointer(storage.values._baseAddressIfContiguous)
            count = storage.keys.count
        }

        /// `JSONObject.position(of:from:)` over the pointers.
        @inlinable @inline(__always)
        func position(of key: JSONObject.MemberName, from start: Int) -> Int? {
            if storage.isIndexed { return storage.positions[ExactKey(key.text)] }
            guard let keys, let fingerprints else { return nil }
            let target = key.fingerprint
            var i = start < count ? start : 0
            var left = count
            while left > 0 {
                if fingerprints[i] == target && ExactKey.equal(keys[i], key.text) { return i }
                i += 1
                if i == count { i = 0 }
                left -= 1
            }
            return nil
        }

        @inlinable
        public func member(_ key: JSONObject.MemberName, from hint: inout Int) -> JSONReference? {
            guard let position = position(of: key, from: hint) else { return nil }
            hint = position + 1
            return JSONReference(values! + position)
        }

        @inlinable
        public subscript(key: JSONObject.MemberName) -> JSONReference? {
            guard let position = position(of: key, from: 0) else { return nil }
            return JSONReference(values! + position)
        }

        public subscript(key: String) -> JSONReference? { self[JSONObject.MemberName(key)] }

        @inlinable
        public func has(_ key: JSONObject.MemberName) -> Bool { position(of: key, from: 0) != nil }

        /// The object as `JSONObject`, for the rare reads that walk every member (unknown members).
        var whole: JSONObject { JSONObject(storage: storage) }

        public var keysInJavaScriptOrder: [String] { whole.keysInJavaScriptOrder }

        public var membersInJavaScriptOrder: Members { Members(self) }

        /// The members in `for…in` order, read one at a time: as written (no array made) unless a
        /// key looks like an array index.
        public struct Members: Sequence, IteratorProtocol {
            @usableFromInline let object: Object
            @usableFromInline let order: [Int]?
            @usableFromInline var position = 0

            @usableFromInline
            init(_ object: Object) {
                self.object = object
                // Only an object with an index-like key has an order of its own to compute.
                order = object.storage.hasIndexLikeKey ? object.whole.positionsInJavaScriptOrder : nil
            }

            @inlinable
            public mutating func next() -> (key: String, value: JSONReference)? {
                guard position < object.count, let keys = object.keys, let values = object.values else { return nil }
                let i = order?[position] ?? position
                position += 1
                return (keys[i], JSONReference(values + i))
            }
        }
    }
}

extension JSON {
    /// Calls `body` with a reference to this value, read in place (`JSONReference`); the
    /// reference and every value read through it must not be kept past the call.
    @inlinable
    public func withReference<R>(_ body: (JSONReference) throws -> R) rethrows -> R {
        try withUnsafePointer(to: self) { try body(JSONReference($0)) }
    }
}
