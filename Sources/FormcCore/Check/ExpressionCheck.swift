extension DiagnosticEngine {
    /// The place just after a character (a fix-it's end is exclusive, and an expression's last
    /// character has no position after it to look up).
    static func after(_ location: SourceLocation) -> SourceLocation {
        location.advanced(by: 1)
    }

    /// Parses and type-checks an expression from a spec, reporting a syntax error (E0311) or a type
    /// error (E0312) at its token's line and column; nil when there was one.
    func check(_ source: ExpressionSource, in scope: any ExpressionScope, expecting type: ValueType) -> CheckedExpression? {
        let parsed: Expression
        do {
            parsed = try ExpressionParser.parse(source.text)
        } catch {
            emit(.expressionSyntax, error.message, at: source.positions.location(at: error.offset))
            return nil
        }
        do {
            return try TypeChecker(scope: scope).check(source.text, parsed: parsed, expecting: type)
        } catch {
            guard !error.followsEarlierError else { return nil }
            let fixIts = error.fix.map { fix in
                [Diagnostic.FixIt(
                    "write \(fix.replacement)",
                    range: SourceRange(start: source.positions.location(at: fix.start), end: Self.after(source.positions.location(at: fix.end - 1))),
                    replacement: fix.replacement)]
            } ?? []
            emit(.expressionType, error.message, at: source.positions.location(at: error.offset),
                 notes: error.hint.map { [.init($0)] } ?? [], fixIts: fixIts)
            return nil
        }
    }
}
