extension DiagnosticEngine {
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
            emit(.expressionType, error.message, at: source.positions.location(at: error.offset))
            return nil
        }
    }
}
