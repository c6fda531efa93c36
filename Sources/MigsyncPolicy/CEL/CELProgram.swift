/// A compiled CEL expression: parse once when a policy is loaded, evaluate per run.
public struct CELProgram: Sendable {
    /// The expression's text as written.
    public let source: String
    let expression: CELExpr

    /// Parses `source`.
    /// - Throws: a `CELError` of kind `.parse` with the line and column inside `source`.
    public init(_ source: String) throws(CELError) {
        self.source = source
        self.expression = try CELParser.parse(source)
    }

    /// Evaluates the expression with `bindings` as its variables.
    /// - Throws: the `CELError` the expression evaluates to.
    public func evaluate(_ bindings: [String: CELValue]) throws(CELError) -> CELValue {
        var evaluator = CELEvaluator(bindings: bindings)
        return try evaluator.evaluate(expression)
    }
}
