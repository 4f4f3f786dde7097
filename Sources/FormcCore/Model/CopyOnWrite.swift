/// A value kept behind one reference and copied only when it is changed while shared: what makes a
/// spec cheap to pass around by value. The checker, the plugins and every emitter copy procedures
/// and forms into arrays, dictionaries and contexts; copying a struct of some thirty properties
/// retains each of them, copying this retains one reference.
///
/// A spec type keeps its properties in a nested `Fields` struct and forwards to them with
/// `@dynamicMemberLookup` (`procedure.code` reads `Fields.code`), so code that reads and changes a
/// spec is written as if the properties were its own. A field keeps its rarely set parts (its
/// logic, its prefill binding) in one too, so that a field without them does not carry their size.
public struct CopyOnWrite<Value: Sendable>: @unchecked Sendable {
    // Written only through `value`'s `_modify`, which copies the box first when another value still
    // holds it: the value semantics that make the unchecked Sendable sound.
    private final class Box {
        // No dynamic exclusivity checks: the discipline above is what keeps accesses apart, and a
        // check on every read of a spec's property would cost more than the read.
        @exclusivity(unchecked) var value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    public init(_ value: Value) { box = Box(value) }

    public var value: Value {
        get { box.value }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
            yield &box.value
        }
    }

    /// One property of the value, read in place (without copying the whole value first).
    @inline(__always)
    public subscript<T>(_ path: KeyPath<Value, T>) -> T { box.value[keyPath: path] }
}

/// A type whose properties are those of its `Fields`, kept in a `CopyOnWrite`: `spec.name` reads
/// and changes `Fields.name` in place. Forms and procedures are such types.
@dynamicMemberLookup
public protocol CopyOnWriteFields: Sendable {
    associatedtype Fields: Sendable
    /// The properties (named so as not to be taken for a form's fields).
    var stored: CopyOnWrite<Fields> { get set }
}

extension CopyOnWriteFields {
    public subscript<T>(dynamicMember path: WritableKeyPath<Fields, T>) -> T {
        get { stored[path] }
        _modify { yield &stored.value[keyPath: path] }
    }
}
