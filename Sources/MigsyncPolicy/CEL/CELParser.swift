/// Parses CEL text into a `CELExpr` by recursive descent over the CEL grammar.
///
/// Errors carry the 1-based line and column of the token where parsing failed, relative to
/// the expression text; the policy loader adds the expression's place in its file.
struct CELParser {
    private let tokens: [CELToken]
    private var position = 0
    /// Nesting depth guard: a policy file is reviewed input, but a deeply nested expression
    /// should be refused, not overflow the stack.
    private var depth = 0
    private static let maxDepth = 200

    static func parse(_ text: String) throws(CELError) -> CELExpr {
        var parser = CELParser(tokens: try CELLexer.tokens(of: text))
        let expr = try parser.expression()
        let last = parser.current
        guard last.kind == .end else { throw parser.error("unexpected \(describe(last))", at: last) }
        return expr
    }

    private init(tokens: [CELToken]) {
        self.tokens = tokens
    }

    private var current: CELToken { tokens[min(position, tokens.count - 1)] }

    private func error(_ message: String, at token: CELToken) -> CELError {
        CELError(.parse, message, line: token.line, column: token.column)
    }

    private static func describe(_ token: CELToken) -> String {
        switch token.kind {
        case .end: return "end of expression"
        case .punct(let p): return "'\(p)'"
        case .identifier(let name), .keyword(let name): return "'\(name)'"
        case .reserved(let name): return "reserved word '\(name)'"
        default: return "literal"
        }
    }

    private func isPunct(_ p: String) -> Bool { current.kind == .punct(p) }

    private mutating func accept(_ p: String) -> Bool {
        guard isPunct(p) else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ p: String) throws(CELError) {
        guard accept(p) else { throw error("expected '\(p)' but found \(Self.describe(current))", at: current) }
    }

    private mutating func nested<T>(_ body: (inout CELParser) throws(CELError) -> T) throws(CELError) -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw error("expression nested too deeply", at: current) }
        return try body(&self)
    }

    // MARK: - Grammar

    /// Counts one more level of the tree an operator chain builds (`a + b + c` nests to the
    /// left), so long chains are bounded like nesting and evaluation cannot exhaust the stack.
    private mutating func deepen() throws(CELError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw error("expression nested too deeply", at: current) }
    }

    mutating func expression() throws(CELError) -> CELExpr {
        try nested { (p: inout CELParser) throws(CELError) -> CELExpr in
            let condition = try p.conditionalOr()
            guard p.accept("?") else { return condition }
            let then = try p.conditionalOr()
            try p.expect(":")
            let otherwise = try p.expression()
            return .conditional(condition, then, otherwise)
        }
    }

    private mutating func conditionalOr() throws(CELError) -> CELExpr {
        let savedDepth = depth
        defer { depth = savedDepth }
        var left = try conditionalAnd()
        while accept("||") {
            try deepen()
            left = .or(left, try conditionalAnd())
        }
        return left
    }

    private mutating func conditionalAnd() throws(CELError) -> CELExpr {
        let savedDepth = depth
        defer { depth = savedDepth }
        var left = try relation()
        while accept("&&") {
            try deepen()
            left = .and(left, try relation())
        }
        return left
    }

    private mutating func relation() throws(CELError) -> CELExpr {
        let savedDepth = depth
        defer { depth = savedDepth }
        var left = try addition()
        while true {
            let op: CELExpr.BinaryOperator
            switch current.kind {
            case .punct("<"): op = .less
            case .punct("<="): op = .lessOrEqual
            case .punct(">"): op = .greater
            case .punct(">="): op = .greaterOrEqual
            case .punct("=="): op = .equal
            case .punct("!="): op = .notEqual
            case .keyword("in"): op = .in
            default: return left
            }
            position += 1
            try deepen()
            left = .binary(op, left, try addition())
        }
    }

    private mutating func addition() throws(CELError) -> CELExpr {
        let savedDepth = depth
        defer { depth = savedDepth }
        var left = try multiplication()
        while true {
            if accept("+") {
                try deepen()
                left = .binary(.add, left, try multiplication())
            } else if accept("-") {
                try deepen()
                left = .binary(.subtract, left, try multiplication())
            } else {
                return left
            }
        }
    }

    private mutating func multiplication() throws(CELError) -> CELExpr {
        let savedDepth = depth
        defer { depth = savedDepth }
        var left = try unary()
        while true {
            if accept("*") {
                try deepen()
                left = .binary(.multiply, left, try unary())
            } else if accept("/") {
                try deepen()
                left = .binary(.divide, left, try unary())
            } else if accept("%") {
                try deepen()
                left = .binary(.modulo, left, try unary())
            } else {
                return left
            }
        }
    }

    private mutating func unary() throws(CELError) -> CELExpr {
        try nested { (p: inout CELParser) throws(CELError) -> CELExpr in
            if p.accept("!") { return .unary(.not, try p.unary()) }
            if p.isPunct("-") {
                let minus = p.current
                p.position += 1
                // A negative integer literal is one token in CEL, so the most negative int64
                // can be written.
                if case .int(let magnitude) = p.current.kind, !p.followedBySelectOrIndex() {
                    p.position += 1
                    if magnitude <= UInt64(Int64.max) { return .literal(.int(-Int64(magnitude))) }
                    if magnitude == UInt64(Int64.max) + 1 { return .literal(.int(Int64.min)) }
                    throw p.error("integer literal out of range", at: minus)
                }
                if case .double(let value) = p.current.kind, !p.followedBySelectOrIndex() {
                    p.position += 1
                    return .literal(.double(-value))
                }
                return .unary(.negate, try p.unary())
            }
            return try p.member()
        }
    }

    private func followedBySelectOrIndex() -> Bool {
        guard position + 1 < tokens.count else { return false }
        let next = tokens[position + 1].kind
        return next == .punct(".") || next == .punct("[")
    }

    private mutating func member() throws(CELError) -> CELExpr {
        let savedDepth = depth
        defer { depth = savedDepth }
        var expr = try primary()
        while true {
            if isPunct(".") || isPunct("[") { try deepen() }
            if accept(".") {
                let nameToken = current
                // Reserved words are fine as field names: Kubernetes objects have
                // `metadata.namespace`, and policies must be able to read it.
                let name: String
                switch nameToken.kind {
                case .identifier(let text), .reserved(let text): name = text
                default: throw error("expected a field name after '.'", at: nameToken)
                }
                position += 1
                if accept("(") {
                    let args = try expressionList(closing: ")")
                    expr = try methodCall(target: expr, name: name, arguments: args, at: nameToken)
                } else {
                    expr = .select(expr, name)
                }
            } else if accept("[") {
                let index = try expression()
                try expect("]")
                expr = .index(expr, index)
            } else {
                return expr
            }
        }
    }

    private mutating func methodCall(
        target: CELExpr, name: String, arguments: [CELExpr], at token: CELToken
    ) throws(CELError) -> CELExpr {
        let macro: CELExpr.Macro? =
            switch name {
            case "all": .all
            case "exists": .exists
            case "exists_one": .existsOne
            case "filter": .filter
            case "map": .map
            default: nil
            }
        guard let macro else { return .call(target: target, function: name, arguments: arguments) }
        let expected = macro == .map ? [2, 3] : [2]
        guard expected.contains(arguments.count) else {
            throw error("\(name)() takes \(expected.map(String.init).joined(separator: " or ")) arguments", at: token)
        }
        guard case .identifier(let variable) = arguments[0] else {
            throw error("the first argument of \(name)() must be a variable name", at: token)
        }
        return .comprehension(macro, range: target, variable: variable, steps: Array(arguments.dropFirst()))
    }

    private mutating func expressionList(closing: String) throws(CELError) -> [CELExpr] {
        var items: [CELExpr] = []
        if accept(closing) { return items }
        while true {
            items.append(try expression())
            if accept(closing) { return items }
            try expect(",")
            if accept(closing) { return items }  // trailing comma
        }
    }

    private mutating func primary() throws(CELError) -> CELExpr {
        let token = current
        switch token.kind {
        case .int(let magnitude):
            position += 1
            guard magnitude <= UInt64(Int64.max) else { throw error("integer literal out of range", at: token) }
            return .literal(.int(Int64(magnitude)))
        case .uint(let value):
            position += 1
            return .literal(.uint(value))
        case .double(let value):
            position += 1
            return .literal(.double(value))
        case .string(let value):
            position += 1
            return .literal(.string(value))
        case .bytes(let value):
            position += 1
            return .literal(.bytes(value))
        case .keyword("true"):
            position += 1
            return .literal(.bool(true))
        case .keyword("false"):
            position += 1
            return .literal(.bool(false))
        case .keyword("null"):
            position += 1
            return .literal(.null)
        case .identifier(let name):
            position += 1
            guard accept("(") else { return .identifier(name) }
            let args = try expressionList(closing: ")")
            if name == "has" {
                guard args.count == 1, case .select(let operand, let field) = args[0] else {
                    throw error("has() takes one field selection, e.g. has(a.b)", at: token)
                }
                return .has(operand, field)
            }
            return .call(target: nil, function: name, arguments: args)
        case .punct("("):
            position += 1
            let inner = try expression()
            try expect(")")
            return inner
        case .punct("["):
            position += 1
            return .list(try expressionList(closing: "]"))
        case .punct("{"):
            position += 1
            var entries: [(CELExpr, CELExpr)] = []
            if accept("}") { return .map(entries) }
            while true {
                let key = try expression()
                try expect(":")
                entries.append((key, try expression()))
                if accept("}") { return .map(entries) }
                try expect(",")
                if accept("}") { return .map(entries) }
            }
        case .punct("."):
            throw error("leading-dot identifiers are not supported", at: token)
        case .reserved(let word):
            throw error("reserved word '\(word)' cannot be used here", at: token)
        default:
            throw error("unexpected \(Self.describe(token))", at: token)
        }
    }
}
