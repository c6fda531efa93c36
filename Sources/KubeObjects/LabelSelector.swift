/// A parsed Kubernetes label selector (`a=b,c!=d,e in (f,g),!h`), used by the client to
/// build list queries and by the emulator to filter them.
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    public enum Requirement: Sendable, Hashable {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)
    }

    public var requirements: [Requirement]

    public init(_ requirements: [Requirement] = []) {
        self.requirements = requirements
    }

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var selector: String
        public var description: String { "invalid label selector \"\(selector)\"" }
    }

    /// Parses the string form used in `?labelSelector=`.
    public init(parsing text: String) throws {
        var requirements: [Requirement] = []
        for term in Self.splitTerms(text) {
            let t = term.trimmingWhitespace()
            if t.isEmpty { continue }
            if let r = Self.parseSetTerm(t, keyword: " notin ") {
                requirements.append(.notIn(r.0, r.1))
            } else if let r = Self.parseSetTerm(t, keyword: " in ") {
                requirements.append(.isIn(r.0, r.1))
            } else if let range = t.range(of: "!=") {
                requirements.append(
                    .notEquals(
                        String(t[..<range.lowerBound]).trimmingWhitespace(),
                        String(t[range.upperBound...]).trimmingWhitespace()))
            } else if let range = t.range(of: "==") ?? t.range(of: "=") {
                requirements.append(
                    .equals(
                        String(t[..<range.lowerBound]).trimmingWhitespace(),
                        String(t[range.upperBound...]).trimmingWhitespace()))
            } else if t.hasPrefix("!") {
                requirements.append(.doesNotExist(String(t.dropFirst()).trimmingWhitespace()))
            } else if t.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) }) {
                requirements.append(.exists(t))
            } else {
                throw ParseError(selector: text)
            }
        }
        self.requirements = requirements
    }

    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let k, let v): return labels[k] == v
            case .notEquals(let k, let v): return labels[k] != v
            case .isIn(let k, let values): return labels[k].map(values.contains) ?? false
            case .notIn(let k, let values): return !(labels[k].map(values.contains) ?? false)
            case .exists(let k): return labels[k] != nil
            case .doesNotExist(let k): return labels[k] == nil
            }
        }
    }

    public var description: String {
        requirements.map { requirement in
            switch requirement {
            case .equals(let k, let v): return "\(k)=\(v)"
            case .notEquals(let k, let v): return "\(k)!=\(v)"
            case .isIn(let k, let values): return "\(k) in (\(values.sorted().joined(separator: ",")))"
            case .notIn(let k, let values): return "\(k) notin (\(values.sorted().joined(separator: ",")))"
            case .exists(let k): return k
            case .doesNotExist(let k): return "!\(k)"
            }
        }.joined(separator: ",")
    }

    /// Splits on commas that are not inside parentheses.
    private static func splitTerms(_ text: String) -> [String] {
        var terms: [String] = []
        var current = ""
        var depth = 0
        for ch in text {
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1 }
            if ch == "," && depth == 0 {
                terms.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        terms.append(current)
        return terms
    }

    private static func parseSetTerm(_ term: String, keyword: String) -> (String, Set<String>)? {
        guard let range = term.range(of: keyword), term.hasSuffix(")"),
            let open = term[range.upperBound...].firstIndex(of: "(")
        else { return nil }
        let key = String(term[..<range.lowerBound]).trimmingWhitespace()
        let inner = term[term.index(after: open)..<term.index(before: term.endIndex)]
        let values = inner.split(separator: ",").map { String($0).trimmingWhitespace() }
        return (key, Set(values))
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
