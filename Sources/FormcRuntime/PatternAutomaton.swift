/// A `pattern:` of a form, as formc writes it for the Swift validators (the ICU form of its
/// portable subset: `\A(?:…)\z`, literals, `\x{…}`, `\n \t \r \f`, classes with ranges and `^`,
/// groups, `|`, greedy `* + ? {n} {n,} {n,m}`, `\A` and `\z`), compiled to a Thompson automaton and
/// matched by following every state at once: linear in the text whatever the pattern, no
/// allocation for ordinary patterns, about a fifth of the time of `Regex.wholeMatch` (a third of a
/// microsecond a call, the largest single cost of validating a form with a pattern). Whether a
/// whole text matches does not depend on which of several ways it matches, so the answer is the
/// backtracking engines' (JavaScript's, ICU's, `Regex`'s), which tests hold it to. A source outside
/// that form gives nil (`TextPattern` then uses `Regex`).
struct PatternAutomaton: Sendable {
    /// One state: a character test (its code-point ranges are `bounds[first..<end]`, pairs of low
    /// and high), a choice of two states, an assertion, or the end of the pattern.
    struct State: Sendable {
        enum Kind: Sendable { case character, characterNotIn, split, atStart, atEnd, accept }
        var kind: Kind
        /// The next state (the first choice of a split).
        var next: Int32 = 0
        /// The second choice of a split.
        var other: Int32 = 0
        var first: Int32 = 0
        var end: Int32 = 0
    }

    private var states: [State] = [State(kind: .accept)]
    /// The character tests' ranges, as low and high code points.
    private var bounds: [UInt32] = []
    private var start: Int32 = 0

    /// Beyond this many states (counted repetitions are written out), `Regex` is used instead.
    static let maximumStates = 4_096

    init?(icu source: String) {
        var parser = Parser(scalars: Array(source.unicodeScalars))
        guard let tree = parser.alternation(), parser.index == parser.scalars.count,
              let entry = compile(tree, then: 0) else { return nil }
        start = entry
    }

    // MARK: Matching

    func matches(_ text: String) -> Bool {
        states.withUnsafeBufferPointer { states in
            bounds.withUnsafeBufferPointer { bounds in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: 5 * states.count + 1) { buffer in
                    Self.run(states, bounds, start, text.unicodeScalars, buffer.baseAddress!)
                }
            }
        }
    }

    /// Follows every state at once through the text. `buffer` holds 5 × (number of states) + 1
    /// integers: the position (in code points) at which each state was last added, so that a state
    /// is followed once per position; the states waiting for a character before and after reading
    /// it; and a stack of states still to add (each is pushed at most once per transition into it,
    /// and a state has at most two: no recursion, however long a pattern's chain of choices).
    private static func run(
        _ states: UnsafeBufferPointer<State>, _ bounds: UnsafeBufferPointer<UInt32>, _ start: Int32,
        _ scalars: String.UnicodeScalarView, _ buffer: UnsafeMutablePointer<Int32>
    ) -> Bool {
        let count = states.count
        let added = buffer, stack = buffer + 3 * count
        var waiting = buffer + count, reached = buffer + 2 * count
        for i in 0..<count { added[i] = -1 }
        var waitingCount = 0, reachedCount = 0
        var position: Int32 = 0
        var accepted = false

        // Adds `state`, and what it leads to without reading a character, to `reached`.
        func add(_ state: Int32, atEnd: Bool) {
            stack[0] = state
            var top = 1
            while top > 0 {
                top -= 1
                let index = Int(stack[top])
                if added[index] == position { continue }
                added[index] = position
                let s = states[index]
                switch s.kind {
                case .character, .characterNotIn:
                    reached[reachedCount] = Int32(index)
                    reachedCount += 1
                case .split:
                    stack[top] = s.other
                    stack[top + 1] = s.next
                    top += 2
                case .atStart:
                    if position == 0 {
                        stack[top] = s.next
                        top += 1
                    }
                case .atEnd:
                    if atEnd {
                        stack[top] = s.next
                        top += 1
                    }
                case .accept:
                    if atEnd { accepted = true }
                }
            }
        }

        var index = scalars.startIndex
        add(start, atEnd: index == scalars.endIndex)
        swap(&waiting, &reached)
        swap(&waitingCount, &reachedCount)
        while index != scalars.endIndex, waitingCount > 0 {
            let value = scalars[index].value
            scalars.formIndex(after: &index)
            position += 1
            reachedCount = 0
            let atEnd = index == scalars.endIndex
            for i in 0..<waitingCount {
                let s = states[Int(waiting[i])]
                var inside = false
                var b = Int(s.first)
                while b < Int(s.end) {
                    if bounds[b] <= value && value <= bounds[b + 1] {
                        inside = true
                        break
                    }
                    b += 2
                }
                if inside == (s.kind == .character) { add(s.next, atEnd: atEnd) }
            }
            swap(&waiting, &reached)
            swap(&waitingCount, &reachedCount)
        }
        return accepted
    }

    // MARK: Building

    private indirect enum Node {
        case character(ranges: [ClosedRange<UInt32>], negated: Bool)
        case sequence([Node])
        case alternatives([Node])
        case repetition(Node, low: Int, high: Int?)
        case atStart, atEnd
    }

    /// The states of `node`, leading to `then`; the entry state (nil past `maximumStates`).
    private mutating func compile(_ node: Node, then: Int32) -> Int32? {
        guard states.count < Self.maximumStates else { return nil }
        switch node {
        case .character(let ranges, let negated):
            let first = Int32(bounds.count)
            for range in ranges { bounds += [range.lowerBound, range.upperBound] }
            return append(State(kind: negated ? .characterNotIn : .character, next: then, first: first, end: Int32(bounds.count)))
        case .sequence(let parts):
            var entry = then
            for part in parts.reversed() {
                guard let start = compile(part, then: entry) else { return nil }
                entry = start
            }
            return entry
        case .alternatives(let branches):
            var entry: Int32? = nil
            for branch in branches.reversed() {
                guard let start = compile(branch, then: then) else { return nil }
                entry = entry.map { append(State(kind: .split, next: start, other: $0)) } ?? start
            }
            return entry ?? then
        case .repetition(let body, let low, let high):
            var entry = then
            if let high {
                // Each optional round either runs and goes on to the next, or ends the repetition.
                for _ in low..<high {
                    guard let round = compile(body, then: entry) else { return nil }
                    entry = append(State(kind: .split, next: round, other: then))
                }
            } else {
                // A loop: run the body and come back, or leave.
                let loop = append(State(kind: .split))
                guard let round = compile(body, then: loop) else { return nil }
                states[Int(loop)].next = round
                states[Int(loop)].other = then
                entry = loop
            }
            for _ in 0..<low {
                guard let round = compile(body, then: entry) else { return nil }
                entry = round
            }
            return entry
        case .atStart:
            return append(State(kind: .atStart, next: then))
        case .atEnd:
            return append(State(kind: .atEnd, next: then))
        }
    }

    private mutating func append(_ state: State) -> Int32 {
        states.append(state)
        return Int32(states.count - 1)
    }

    /// Reads the ICU form formc writes; nil at anything else.
    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var depth = 0

        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func alternation() -> Node? {
            guard let first = sequence() else { return nil }
            var branches = [first]
            while current == "|" {
                index += 1
                guard let branch = sequence() else { return nil }
                branches.append(branch)
            }
            return branches.count == 1 ? first : .alternatives(branches)
        }

        mutating func sequence() -> Node? {
            var parts: [Node] = []
            while let c = current, c != "|", c != ")" {
                guard let atom = atom() else { return nil }
                guard isQuantifier(current) else {
                    parts.append(atom)
                    continue
                }
                switch atom {
                case .atStart, .atEnd: return nil
                default: break
                }
                guard let (low, high) = quantifier(), !isQuantifier(current) else { return nil }
                parts.append(.repetition(atom, low: low, high: high))
            }
            return parts.count == 1 ? parts[0] : .sequence(parts)
        }

        func isQuantifier(_ c: Unicode.Scalar?) -> Bool { c == "*" || c == "+" || c == "?" || c == "{" }

        mutating func quantifier() -> (Int, Int?)? {
            guard let q = current else { return nil }
            index += 1
            switch q {
            case "*": return (0, nil)
            case "+": return (1, nil)
            case "?": return (0, 1)
            default:
                guard let low = number() else { return nil }
                var high: Int? = low
                if current == "," {
                    index += 1
                    high = current == "}" ? nil : number()
                    if high == nil && current != "}" { return nil }
                }
                guard current == "}", high.map({ $0 >= low }) ?? true else { return nil }
                index += 1
                return (low, high)
            }
        }

        mutating func number() -> Int? {
            var value = 0, digits = 0
            while let c = current, ("0"..."9").contains(c), digits < 5 {
                value = value * 10 + Int(c.value - 48)
                digits += 1
                index += 1
            }
            return digits > 0 ? value : nil
        }

        mutating func atom() -> Node? {
            guard let c = current else { return nil }
            switch c {
            case "(":
                index += 1
                if current == "?" {
                    guard index + 1 < scalars.count, scalars[index + 1] == ":" else { return nil }
                    index += 2
                }
                depth += 1
                guard depth <= 64, let inner = alternation(), current == ")" else { return nil }
                depth -= 1
                index += 1
                return inner
            case "[":
                return characterClass()
            case "\\":
                guard index + 1 < scalars.count else { return nil }
                switch scalars[index + 1] {
                case "A":
                    index += 2
                    return .atStart
                case "z":
                    index += 2
                    return .atEnd
                default:
                    guard let scalar = escape() else { return nil }
                    return .character(ranges: [scalar...scalar], negated: false)
                }
            case ")", "|", "*", "+", "?", "{", "}", "]", ".", "^", "$":
                return nil
            default:
                index += 1
                return .character(ranges: [c.value...c.value], negated: false)
            }
        }

        /// `\n \t \r \f \x{…}` or an escaped syntax character, as one code point.
        mutating func escape() -> UInt32? {
            index += 1
            guard let e = current else { return nil }
            index += 1
            switch e {
            case "n": return 0x0A
            case "t": return 0x09
            case "r": return 0x0D
            case "f": return 0x0C
            case "x":
                guard current == "{" else { return nil }
                index += 1
                var value: UInt32 = 0, digits = 0
                while let h = current, let digit = Self.hexDigit(h) {
                    value = value << 4 | digit
                    digits += 1
                    index += 1
                    if digits > 6 { return nil }
                }
                guard digits > 0, current == "}", Unicode.Scalar(value) != nil else { return nil }
                index += 1
                return value
            default:
                guard "^$\\.*+?()[]{}|/-".unicodeScalars.contains(e) else { return nil }
                return e.value
            }
        }

        static func hexDigit(_ h: Unicode.Scalar) -> UInt32? {
            switch h.value {
            case 48...57: h.value - 48
            case 65...70: h.value - 55
            case 97...102: h.value - 87
            default: nil
            }
        }

        mutating func characterClass() -> Node? {
            index += 1
            var negated = false
            if current == "^" {
                negated = true
                index += 1
            }
            var ranges: [ClosedRange<UInt32>] = []
            while current != nil, current != "]" {
                guard let low = classMember() else { return nil }
                if current == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                    index += 1
                    guard let high = classMember(), low <= high else { return nil }
                    ranges.append(low...high)
                } else {
                    if current == "-" {
                        index += 1
                        ranges.append(0x2D...0x2D)
                    }
                    ranges.append(low...low)
                }
            }
            guard current == "]", !ranges.isEmpty else { return nil }
            index += 1
            return .character(ranges: ranges, negated: negated)
        }

        mutating func classMember() -> UInt32? {
            guard let c = current else { return nil }
            if c == "\\" { return escape() }
            guard c != "[" else { return nil }
            index += 1
            return c.value
        }
    }
}
