/// The expression language's syntax tree. Every node records where it starts in the expression text
/// (a code-point offset), so the checker can point at the offending token.
public indirect enum ExpressionKind: Sendable, Equatable {
    case integer(Int64)
    case string(String)
    case boolean(Bool)
    case list([Expression])
    /// A field reference: `nguoi_yeu_cau.ngay_sinh`, or a context input such as `channel`.
    case path([String])
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    case call(String, [Expression])
    case conditional(Expression, Expression, Expression)
}

public enum UnaryOperator: String, Sendable {
    case not, negate = "-"
}

public enum BinaryOperator: String, Sendable, CaseIterable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case `in`
    case add = "+", subtract = "-", multiply = "*"
}

public struct Expression: Sendable, Equatable {
    public let kind: ExpressionKind
    /// Code-point offset of the node's first character in the expression text.
    public let offset: Int
    /// Levels of nodes from this one down to its deepest leaf (a leaf has height 1). The parser
    /// refuses trees higher than `ExpressionLimits.maxDepth`, so every later pass — the type checker,
    /// the evaluator and the lowerings, which all recurse — has a bounded stack.
    public let height: Int
    /// An upper bound of the JSON values its JSON Logic form has (`LogicLowering.weight`). JSON Logic
    /// has no variables, so null guards repeat their operands and the form can double with each level
    /// (`- - - … a * b`); the parser refuses weights above `ExpressionLimits.maxLoweredWeight`.
    public let weight: Int

    public init(_ kind: ExpressionKind, at offset: Int) {
        self.kind = kind
        self.offset = offset
        height = 1 + kind.children.reduce(0) { max($0, $1.height) }
        weight = LogicLowering.weight(of: kind)
    }
}

extension ExpressionKind {
    /// The direct subexpressions, in source order.
    public var children: [Expression] {
        switch self {
        case .integer, .string, .boolean, .path: []
        case .list(let items): items
        case .unary(_, let inner): [inner]
        case .binary(_, let a, let b): [a, b]
        case .call(_, let args): args
        case .conditional(let c, let a, let b): [c, a, b]
        }
    }
}

/// How large an expression may be. Both bounds are checked by the parser, before any pass that
/// recurses over the tree. Documented in docs/architecture.md (Limits) and docs/expressions.md.
public enum ExpressionLimits {
    /// Code points of expression text.
    public static let maxLength = 4_096
    /// Nesting: the height of the syntax tree, and the parser's own recursion (parentheses, lists,
    /// calls, `not` and unary minus each count a level). A chain `a + b + c` is a tree of height 3.
    public static let maxDepth = 64
    /// JSON values in the expression's JSON Logic form (an upper bound, `Expression.weight`): what
    /// `fees.json`, `vectors.json` and the logic evaluators carry. The bundled corpus's largest
    /// expression weighs a few hundred.
    public static let maxLoweredWeight = 20_000
}

/// A syntax error: what and where (a code-point offset).
public struct ExpressionSyntaxError: Error, Sendable {
    public var message: String
    public var offset: Int
}

/// Tokens and a recursive-descent parser. Precedence, loosest first: `if … then … else`, `or`,
/// `and`, `not`, comparisons and `in` (non-associative), `+ -`, `*`, unary `-`.
public struct ExpressionParser {
    enum Token: Equatable {
        case integer(Int64), string(String), identifier(String), symbol(String), end
    }

    private var tokens: [(token: Token, offset: Int)] = []
    private var position = 0
    /// How deep the parser has recursed (see `ExpressionLimits.maxDepth`).
    private var nesting = 0

    public static let keywords: Set<String> = ["and", "or", "not", "in", "if", "then", "else", "true", "false"]

    /// Parses a whole expression or throws the first syntax error.
    public static func parse(_ text: String) throws(ExpressionSyntaxError) -> Expression {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count <= ExpressionLimits.maxLength else {
            throw ExpressionSyntaxError(
                message: "expression is \(scalars.count) characters long, more than the limit of \(ExpressionLimits.maxLength); split it into computed fields",
                offset: ExpressionLimits.maxLength)
        }
        var parser = ExpressionParser()
        try parser.tokenize(scalars)
        let expression = try parser.parseExpression()
        guard case .end = parser.current.token else {
            throw ExpressionSyntaxError(message: "unexpected \(parser.describe(parser.current.token)) after the end of the expression", offset: parser.current.offset)
        }
        return expression
    }

    // MARK: Lexing

    private mutating func tokenize(_ s: [Unicode.Scalar]) throws(ExpressionSyntaxError) {
        var i = 0
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        func isIdentifierStart(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" }
        while i < s.count {
            let c = s[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                i += 1
                continue
            }
            let start = i
            if isDigit(c) {
                var text = ""
                while i < s.count, isDigit(s[i]) || s[i] == "_" {
                    if s[i] != "_" { text.unicodeScalars.append(s[i]) }
                    i += 1
                }
                if i < s.count, isIdentifierStart(s[i]) {
                    throw ExpressionSyntaxError(message: "a number cannot run into a name", offset: i)
                }
                guard let value = Int64(text), value <= JSONLimits.maxSafeInteger else {
                    throw ExpressionSyntaxError(message: "integer literal is larger than 2^53 − 1", offset: start)
                }
                tokens.append((.integer(value), start))
            } else if isIdentifierStart(c) {
                var text = ""
                while i < s.count, isIdentifierStart(s[i]) || isDigit(s[i]) {
                    text.unicodeScalars.append(s[i])
                    i += 1
                }
                tokens.append((.identifier(text), start))
            } else if c == "'" || c == "\"" {
                i += 1
                var text = ""
                while i < s.count, s[i] != c {
                    if s[i] == "\\", i + 1 < s.count {
                        i += 1
                    }
                    text.unicodeScalars.append(s[i])
                    i += 1
                }
                guard i < s.count else { throw ExpressionSyntaxError(message: "unterminated string", offset: start) }
                i += 1
                tokens.append((.string(text.nfc), start))
            } else {
                let two = i + 1 < s.count ? String(s[i]) + String(s[i + 1]) : ""
                if ["==", "!=", "<=", ">="].contains(two) {
                    tokens.append((.symbol(two), start))
                    i += 2
                } else if "<>+-*()[],.".unicodeScalars.contains(c) {
                    tokens.append((.symbol(String(c)), start))
                    i += 1
                } else if c == "=" {
                    throw ExpressionSyntaxError(message: "'=' is not an operator; compare with '=='", offset: start)
                } else if c == "/" {
                    throw ExpressionSyntaxError(message: "there is no division: amounts stay exact integers (use round_up, or a tier table)", offset: start)
                } else if c == "&" || c == "|" {
                    throw ExpressionSyntaxError(message: "write 'and' / 'or' instead of '\(c)'", offset: start)
                } else if c == "!" {
                    throw ExpressionSyntaxError(message: "write 'not' instead of '!'", offset: start)
                } else {
                    throw ExpressionSyntaxError(message: "unexpected character '\(c)'", offset: start)
                }
            }
        }
        tokens.append((.end, s.count))
    }

    // MARK: Parsing

    private var current: (token: Token, offset: Int) { tokens[position] }

    private func describe(_ token: Token) -> String {
        switch token {
        case .integer(let v): "number \(v)"
        case .string(let s): "string '\(s)'"
        case .identifier(let name): "'\(name)'"
        case .symbol(let s): "'\(s)'"
        case .end: "end of expression"
        }
    }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private mutating func accept(keyword: String) -> Bool {
        if case .identifier(keyword) = current.token { advance(); return true }
        return false
    }

    private mutating func accept(symbol: String) -> Bool {
        if case .symbol(symbol) = current.token { advance(); return true }
        return false
    }

    private mutating func expect(symbol: String, _ what: String) throws(ExpressionSyntaxError) {
        guard accept(symbol: symbol) else {
            throw ExpressionSyntaxError(message: "expected \(what), found \(describe(current.token))", offset: current.offset)
        }
    }

    /// A node, refused when it makes the tree higher than the limit.
    private func node(_ kind: ExpressionKind, at offset: Int) throws(ExpressionSyntaxError) -> Expression {
        let node = Expression(kind, at: offset)
        guard node.height <= ExpressionLimits.maxDepth else {
            throw ExpressionSyntaxError(message: Self.tooDeep, offset: offset)
        }
        guard node.weight <= ExpressionLimits.maxLoweredWeight else {
            throw ExpressionSyntaxError(
                message: "expression is too large once written as JSON Logic (more than \(ExpressionLimits.maxLoweredWeight) values, as each check for a missing answer repeats what it checks); split it into computed fields",
                offset: offset)
        }
        return node
    }

    private static let tooDeep = "expression nested more than \(ExpressionLimits.maxDepth) levels deep; split it into computed fields or use 'in [ … ]'"

    /// Enters one level of recursion, refusing to go deeper than the limit.
    private mutating func descend() throws(ExpressionSyntaxError) {
        nesting += 1
        guard nesting <= ExpressionLimits.maxDepth else {
            throw ExpressionSyntaxError(message: Self.tooDeep, offset: current.offset)
        }
    }

    mutating func parseExpression() throws(ExpressionSyntaxError) -> Expression {
        try descend()
        defer { nesting -= 1 }
        let start = current.offset
        if accept(keyword: "if") {
            let condition = try parseExpression()
            guard accept(keyword: "then") else { throw ExpressionSyntaxError(message: "expected 'then', found \(describe(current.token))", offset: current.offset) }
            let then = try parseExpression()
            guard accept(keyword: "else") else { throw ExpressionSyntaxError(message: "expected 'else' (every 'if' needs one), found \(describe(current.token))", offset: current.offset) }
            let otherwise = try parseExpression()
            return try node(.conditional(condition, then, otherwise), at: start)
        }
        return try parseOr()
    }

    private mutating func parseOr() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseAnd()
        while case .identifier("or") = current.token {
            advance()
            left = try node(.binary(.or, left, try parseAnd()), at: left.offset)
        }
        return left
    }

    private mutating func parseAnd() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseNot()
        while case .identifier("and") = current.token {
            advance()
            left = try node(.binary(.and, left, try parseNot()), at: left.offset)
        }
        return left
    }

    private mutating func parseNot() throws(ExpressionSyntaxError) -> Expression {
        let start = current.offset
        if accept(keyword: "not") {
            try descend()
            defer { nesting -= 1 }
            return try node(.unary(.not, try parseNot()), at: start)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(ExpressionSyntaxError) -> Expression {
        let left = try parseAdditive()
        let comparisons: [String: BinaryOperator] = ["==": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual]
        var op: BinaryOperator?
        if case .symbol(let s) = current.token, let found = comparisons[s] { op = found }
        if case .identifier("in") = current.token { op = .in }
        guard let op else { return left }
        advance()
        let right = try parseAdditive()
        if case .symbol(let s) = current.token, comparisons[s] != nil {
            throw ExpressionSyntaxError(message: "comparisons do not chain; combine them with 'and'", offset: current.offset)
        }
        return try node(.binary(op, left, right), at: left.offset)
    }

    private mutating func parseAdditive() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseMultiplicative()
        while case .symbol(let s) = current.token, s == "+" || s == "-" {
            advance()
            left = try node(.binary(s == "+" ? .add : .subtract, left, try parseMultiplicative()), at: left.offset)
        }
        return left
    }

    private mutating func parseMultiplicative() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseUnary()
        while accept(symbol: "*") {
            left = try node(.binary(.multiply, left, try parseUnary()), at: left.offset)
        }
        return left
    }

    private mutating func parseUnary() throws(ExpressionSyntaxError) -> Expression {
        let start = current.offset
        if accept(symbol: "-") {
            if case .integer(let v) = current.token {
                advance()
                return Expression(.integer(-v), at: start)
            }
            try descend()
            defer { nesting -= 1 }
            return try node(.unary(.negate, try parseUnary()), at: start)
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ExpressionSyntaxError) -> Expression {
        let (token, start) = current
        switch token {
        case .integer(let v):
            advance()
            return Expression(.integer(v), at: start)
        case .string(let s):
            advance()
            return Expression(.string(s), at: start)
        case .symbol("("):
            advance()
            let inner = try parseExpression()
            try expect(symbol: ")", "')'")
            return inner
        case .symbol("["):
            advance()
            var items: [Expression] = []
            if !accept(symbol: "]") {
                repeat { items.append(try parseExpression()) } while accept(symbol: ",")
                try expect(symbol: "]", "']' or ','")
            }
            return try node(.list(items), at: start)
        case .identifier(let name):
            switch name {
            case "true", "false":
                advance()
                return Expression(.boolean(name == "true"), at: start)
            case _ where Self.keywords.contains(name):
                throw ExpressionSyntaxError(message: "expected a value, found '\(name)'", offset: start)
            default:
                advance()
                if accept(symbol: "(") {
                    var arguments: [Expression] = []
                    if !accept(symbol: ")") {
                        repeat { arguments.append(try parseExpression()) } while accept(symbol: ",")
                        try expect(symbol: ")", "')' or ','")
                    }
                    return try node(.call(name, arguments), at: start)
                }
                var segments = [name]
                while accept(symbol: ".") {
                    guard case .identifier(let next) = current.token, !Self.keywords.contains(next) else {
                        throw ExpressionSyntaxError(message: "expected a field name after '.', found \(describe(current.token))", offset: current.offset)
                    }
                    segments.append(next)
                    advance()
                }
                return Expression(.path(segments), at: start)
            }
        default:
            throw ExpressionSyntaxError(message: "expected a value, found \(describe(token))", offset: start)
        }
    }
}

extension Expression {
    /// Whether the value depends on the current date: `today()`, or `age()` without its second date.
    public var readsToday: Bool {
        switch kind {
        case .integer, .string, .boolean, .path: false
        case .list(let items): items.contains { $0.readsToday }
        case .unary(_, let inner): inner.readsToday
        case .binary(_, let a, let b): a.readsToday || b.readsToday
        case .conditional(let c, let a, let b): c.readsToday || a.readsToday || b.readsToday
        case .call(let name, let args): name == "today" || (name == "age" && args.count == 1) || args.contains { $0.readsToday }
        }
    }
}
