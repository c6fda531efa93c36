/// The syntax tree of a parsed CEL expression.
///
/// Macros (`has`, `all`, `exists`, ...) are expanded at parse time into their own cases, as
/// the CEL specification does, so the evaluator never sees them as calls.
indirect enum CELExpr: Sendable {
    enum UnaryOperator: String, Sendable { case not = "!", negate = "-" }

    enum BinaryOperator: String, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case equal = "==", notEqual = "!=", `in` = "in"
    }

    enum Macro: String, Sendable {
        case all, exists
        case existsOne = "exists_one"
        case filter, map
    }

    case literal(CELValue)
    case identifier(String)
    /// `operand.field`
    case select(CELExpr, String)
    /// `has(operand.field)`
    case has(CELExpr, String)
    /// `operand[index]`
    case index(CELExpr, CELExpr)
    /// `function(args)` or `target.function(args)`
    case call(target: CELExpr?, function: String, arguments: [CELExpr])
    case list([CELExpr])
    case map([(CELExpr, CELExpr)])
    case unary(UnaryOperator, CELExpr)
    case binary(BinaryOperator, CELExpr, CELExpr)
    case and(CELExpr, CELExpr)
    case or(CELExpr, CELExpr)
    case conditional(CELExpr, CELExpr, CELExpr)
    /// `range.macro(variable, steps...)`: one step for all/exists/exists_one/filter/map,
    /// two (filter, transform) for the three-argument `map`.
    case comprehension(Macro, range: CELExpr, variable: String, steps: [CELExpr])
}
