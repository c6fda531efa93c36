/// CEL's operators over values: arithmetic with overflow checks, equality and ordering
/// only between values of the same type (and null) (as the CEL spec and cel-python define them for
/// the tested subset; `1 == 1.0` is a no-matching-overload error, not `true`).
enum CELOperators {
    static func unary(_ op: CELExpr.UnaryOperator, _ value: CELValue) throws(CELError) -> CELValue {
        switch (op, value) {
        case (.not, .bool(let b)): return .bool(!b)
        case (.negate, .int(let i)):
            let (result, overflow) = Int64(0).subtractingReportingOverflow(i)
            if overflow { throw CELError(.overflow, "integer overflow in negation") }
            return .int(result)
        case (.negate, .double(let d)): return .double(-d)
        case (.negate, .duration(let d)):
            let (result, overflow) = Int64(0).subtractingReportingOverflow(d)
            if overflow { throw CELError(.overflow, "duration overflow in negation") }
            return .duration(result)
        default:
            throw CELError.overload(op == .not ? "!_" : "-_", value)
        }
    }

    static func binary(_ op: CELExpr.BinaryOperator, _ lhs: CELValue, _ rhs: CELValue) throws(CELError) -> CELValue {
        switch op {
        case .add: return try add(lhs, rhs)
        case .subtract: return try subtract(lhs, rhs)
        case .multiply, .divide, .modulo: return try multiplicative(op, lhs, rhs)
        case .equal: return .bool(try equal(lhs, rhs))
        case .notEqual: return .bool(!(try equal(lhs, rhs)))
        case .less: return .bool(try compare(lhs, rhs, "_<_") < 0)
        case .lessOrEqual: return .bool(try compare(lhs, rhs, "_<=_") <= 0)
        case .greater: return .bool(try compare(lhs, rhs, "_>_") > 0)
        case .greaterOrEqual: return .bool(try compare(lhs, rhs, "_>=_") >= 0)
        case .in: return .bool(try contains(rhs, lhs))
        }
    }

    private static func checked(_ pair: (Int64, Bool), _ what: String) throws(CELError) -> Int64 {
        if pair.1 { throw CELError(.overflow, "\(what) overflow") }
        return pair.0
    }

    private static func checked(_ pair: (UInt64, Bool), _ what: String) throws(CELError) -> UInt64 {
        if pair.1 { throw CELError(.overflow, "\(what) overflow") }
        return pair.0
    }

    static func add(_ lhs: CELValue, _ rhs: CELValue) throws(CELError) -> CELValue {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return .int(try checked(a.addingReportingOverflow(b), "integer"))
        case (.uint(let a), .uint(let b)): return .uint(try checked(a.addingReportingOverflow(b), "unsigned integer"))
        case (.double(let a), .double(let b)): return .double(a + b)
        case (.string(let a), .string(let b)): return .string(a + b)
        case (.bytes(let a), .bytes(let b)): return .bytes(a + b)
        case (.list(let a), .list(let b)): return .list(a + b)
        case (.duration(let a), .duration(let b)):
            return .duration(try checked(a.addingReportingOverflow(b), "duration"))
        case (.timestamp(let t), .duration(let d)), (.duration(let d), .timestamp(let t)):
            return .timestamp(try checked(t.addingReportingOverflow(d), "timestamp"))
        default: throw CELError.overload("_+_", lhs, rhs)
        }
    }

    static func subtract(_ lhs: CELValue, _ rhs: CELValue) throws(CELError) -> CELValue {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return .int(try checked(a.subtractingReportingOverflow(b), "integer"))
        case (.uint(let a), .uint(let b)):
            return .uint(try checked(a.subtractingReportingOverflow(b), "unsigned integer"))
        case (.double(let a), .double(let b)): return .double(a - b)
        case (.duration(let a), .duration(let b)):
            return .duration(try checked(a.subtractingReportingOverflow(b), "duration"))
        case (.timestamp(let a), .timestamp(let b)):
            return .duration(try checked(a.subtractingReportingOverflow(b), "duration"))
        case (.timestamp(let t), .duration(let d)):
            return .timestamp(try checked(t.subtractingReportingOverflow(d), "timestamp"))
        default: throw CELError.overload("_-_", lhs, rhs)
        }
    }

    static func multiplicative(
        _ op: CELExpr.BinaryOperator, _ lhs: CELValue, _ rhs: CELValue
    ) throws(CELError) -> CELValue {
        switch (op, lhs, rhs) {
        case (.multiply, .int(let a), .int(let b)):
            return .int(try checked(a.multipliedReportingOverflow(by: b), "integer"))
        case (.multiply, .uint(let a), .uint(let b)):
            return .uint(try checked(a.multipliedReportingOverflow(by: b), "unsigned integer"))
        case (.multiply, .double(let a), .double(let b)): return .double(a * b)
        case (.divide, .int(let a), .int(let b)):
            if b == 0 { throw CELError(.divisionByZero, "division by zero") }
            return .int(try checked(a.dividedReportingOverflow(by: b), "integer"))
        case (.divide, .uint(let a), .uint(let b)):
            if b == 0 { throw CELError(.divisionByZero, "division by zero") }
            return .uint(a / b)
        case (.divide, .double(let a), .double(let b)): return .double(a / b)
        case (.modulo, .int(let a), .int(let b)):
            if b == 0 { throw CELError(.divisionByZero, "modulus by zero") }
            return .int(try checked(a.remainderReportingOverflow(dividingBy: b), "integer"))
        case (.modulo, .uint(let a), .uint(let b)):
            if b == 0 { throw CELError(.divisionByZero, "modulus by zero") }
            return .uint(a % b)
        default:
            throw CELError.overload("_\(op.rawValue)_", lhs, rhs)
        }
    }

    /// Equality between values of one type; lists and maps compare element by element, so
    /// a mismatch of element types is an error as well.
    static func equal(_ lhs: CELValue, _ rhs: CELValue) throws(CELError) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        // Equality with null is false rather than an error, as the current CEL specification
        // defines it (cel-python 0.5.0 follows the older rule): `plan != null` must work.
        case (.null, _), (_, .null): return false
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.uint(let a), .uint(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.timestamp(let a), .timestamp(let b)): return a == b
        case (.duration(let a), .duration(let b)): return a == b
        case (.type(let a), .type(let b)): return a == b
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            var same = true
            for (x, y) in zip(a, b) where !(try equal(x, y)) { same = false }
            return same
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            var same = true
            for key in a.keys {
                guard let x = a[key], let y = b[key] else {
                    same = false
                    continue
                }
                if !(try equal(x, y)) { same = false }
            }
            return same
        default:
            throw CELError.overload("_==_", lhs, rhs)
        }
    }

    /// -1, 0 or 1 for two values of one ordered type.
    static func compare(_ lhs: CELValue, _ rhs: CELValue, _ name: String) throws(CELError) -> Int {
        func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): return order(a ? 1 : 0, b ? 1 : 0)
        case (.int(let a), .int(let b)): return order(a, b)
        case (.uint(let a), .uint(let b)): return order(a, b)
        case (.double(let a), .double(let b)):
            if a.isNaN || b.isNaN { return name == "_<_" || name == "_<=_" ? 1 : -1 }
            return order(a, b)
        case (.string(let a), .string(let b)):
            return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : (a == b ? 0 : 1)
        case (.bytes(let a), .bytes(let b)): return a.lexicographicallyPrecedes(b) ? -1 : (a == b ? 0 : 1)
        case (.timestamp(let a), .timestamp(let b)): return order(a, b)
        case (.duration(let a), .duration(let b)): return order(a, b)
        default: throw CELError.overload(name, lhs, rhs)
        }
    }

    static func contains(_ container: CELValue, _ element: CELValue) throws(CELError) -> Bool {
        switch container {
        case .list(let items):
            for item in items where try equal(element, item) { return true }
            return false
        case .map(let map):
            for key in map.keys where try equal(element, key) { return true }
            return false
        default:
            throw CELError.overload("@in", element, container)
        }
    }
}
