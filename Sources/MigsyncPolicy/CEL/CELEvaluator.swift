/// Evaluates a parsed expression against variable bindings, following CEL's semantics:
/// no implicit numeric conversion, errors as values that `&&`, `||`, `?:` and the
/// `all`/`exists` macros may absorb, checked integer arithmetic.
struct CELEvaluator {
    /// Variables in scope, innermost last: macro variables shadow the activation.
    private var scopes: [(String, CELValue)] = []
    private let bindings: [String: CELValue]

    /// Type names usable as values, for `type(x) == string`; variables shadow them.
    static let typeNames: Set<String> = [
        "int", "uint", "double", "string", "bytes", "bool", "list", "map", "null_type", "type",
    ]

    init(bindings: [String: CELValue]) {
        self.bindings = bindings
    }

    func lookup(_ name: String) throws(CELError) -> CELValue {
        if let local = scopes.last(where: { $0.0 == name }) { return local.1 }
        if let bound = bindings[name] { return bound }
        if Self.typeNames.contains(name) { return .type(name) }
        throw CELError(.noSuchKey, "undeclared reference to '\(name)'")
    }

    mutating func evaluate(_ expr: CELExpr) throws(CELError) -> CELValue {
        switch expr {
        case .literal(let value):
            return value
        case .identifier(let name):
            return try lookup(name)
        case .select(let operand, let field):
            return try select(try evaluate(operand), field)
        case .has(let operand, let field):
            let value = try evaluate(operand)
            guard case .map(let map) = value else { throw CELError.overload("has", value) }
            return .bool(map[.string(field)] != nil)
        case .index(let operand, let index):
            return try Self.index(try evaluate(operand), try evaluate(index))
        case .call(let target, let function, let arguments):
            let receiver = try target.map { (t) throws(CELError) -> CELValue in try evaluate(t) }
            var values: [CELValue] = []
            for argument in arguments { values.append(try evaluate(argument)) }
            return try CELFunctions.call(function, target: receiver, arguments: values)
        case .list(let items):
            var values: [CELValue] = []
            for item in items { values.append(try evaluate(item)) }
            return .list(values)
        case .map(let entries):
            var map = CELMap()
            for (keyExpr, valueExpr) in entries {
                let key = try evaluate(keyExpr)
                switch key {
                case .bool, .int, .uint, .string: break
                default: throw CELError(.invalidArgument, "unsupported map key type \(key.typeName)")
                }
                if map[key] != nil { throw CELError(.invalidArgument, "duplicate map key") }
                map[key] = try evaluate(valueExpr)
            }
            return .map(map)
        case .unary(let op, let operand):
            return try CELOperators.unary(op, try evaluate(operand))
        case .binary(let op, let lhs, let rhs):
            return try CELOperators.binary(op, try evaluate(lhs), try evaluate(rhs))
        case .and(let lhs, let rhs):
            return try logical(lhs, rhs, absorbing: false, name: "_&&_")
        case .or(let lhs, let rhs):
            return try logical(lhs, rhs, absorbing: true, name: "_||_")
        case .conditional(let condition, let then, let otherwise):
            let test = try evaluate(condition)
            guard case .bool(let flag) = test else { throw CELError.overload("_?_:_", test) }
            return try evaluate(flag ? then : otherwise)
        case .comprehension(let macro, let range, let variable, let steps):
            return try comprehension(macro, range: try evaluate(range), variable: variable, steps: steps)
        }
    }

    /// `&&` and `||` are commutative over errors: `false && error` is `false` whichever side
    /// the error is on; an error survives only when the other side does not decide.
    private mutating func logical(
        _ lhs: CELExpr, _ rhs: CELExpr, absorbing decisive: Bool, name: String
    ) throws(CELError) -> CELValue {
        let left = result(lhs, name: name)
        if case .success(let value) = left, value == decisive { return .bool(decisive) }
        let right = result(rhs, name: name)
        if case .success(let value) = right, value == decisive { return .bool(decisive) }
        if case .failure(let error) = left { throw error }
        if case .failure(let error) = right { throw error }
        return .bool(!decisive)
    }

    private mutating func result(_ expr: CELExpr, name: String) -> Result<Bool, CELError> {
        do {
            let value = try evaluate(expr)
            guard case .bool(let flag) = value else { return .failure(CELError.overload(name, value)) }
            return .success(flag)
        } catch {
            return .failure(error)
        }
    }

    private func select(_ value: CELValue, _ field: String) throws(CELError) -> CELValue {
        guard case .map(let map) = value else { throw CELError.overload("select", value) }
        guard let member = map[.string(field)] else { throw CELError(.noSuchKey, "no such key: '\(field)'") }
        return member
    }

    static func index(_ value: CELValue, _ index: CELValue) throws(CELError) -> CELValue {
        switch (value, index) {
        case (.list(let items), .int(let i)):
            guard i >= 0, i < items.count else { throw CELError(.invalidArgument, "index \(i) out of range") }
            return items[Int(i)]
        case (.list(let items), .uint(let i)):
            guard i < items.count else { throw CELError(.invalidArgument, "index \(i) out of range") }
            return items[Int(i)]
        case (.map(let map), _):
            guard let member = map[index] else { throw CELError(.noSuchKey, "no such key") }
            return member
        default:
            throw CELError.overload("_[_]", value, index)
        }
    }

    private mutating func comprehension(
        _ macro: CELExpr.Macro, range: CELValue, variable: String, steps: [CELExpr]
    ) throws(CELError) -> CELValue {
        let elements: [CELValue]
        switch range {
        case .list(let items): elements = items
        case .map(let map): elements = map.keys
        default: throw CELError.overload(macro.rawValue, range)
        }
        func boolean(_ value: CELValue) throws(CELError) -> Bool {
            guard case .bool(let flag) = value else { throw CELError.overload(macro.rawValue, value) }
            return flag
        }
        var firstError: CELError?
        var count = 0
        var output: [CELValue] = []
        for element in elements {
            scopes.append((variable, element))
            defer { scopes.removeLast() }
            switch macro {
            case .all, .exists:
                let decisive = macro == .exists
                do {
                    if try boolean(try evaluate(steps[0])) == decisive { return .bool(decisive) }
                } catch {
                    if firstError == nil { firstError = error }
                }
            case .existsOne:
                if try boolean(try evaluate(steps[0])) { count += 1 }
            case .filter:
                if try boolean(try evaluate(steps[0])) { output.append(element) }
            case .map:
                if steps.count == 2 {
                    guard try boolean(try evaluate(steps[0])) else { continue }
                    output.append(try evaluate(steps[1]))
                } else {
                    output.append(try evaluate(steps[0]))
                }
            }
        }
        switch macro {
        case .all, .exists:
            if let firstError { throw firstError }
            return .bool(macro == .all)
        case .existsOne:
            return .bool(count == 1)
        case .filter, .map:
            return .list(output)
        }
    }
}
