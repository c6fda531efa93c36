import Foundation
import KubeObjects

/// The OpenAPI v3 schema of one MTC kind, taken from the CRD that mig-controller ships.
///
/// Validation against it predicts what the API server would refuse (`required`, `type`,
/// `format`, `pattern`, `enum`) and what it would silently prune (unknown fields), so
/// `migsync validate` can say so before a commit reaches the cluster, and the emulator can
/// answer HTTP 422 the way a real API server does.
public struct CRDSchema: Sendable {
    public let group: String
    public let version: String
    public let kind: String
    /// Plural resource name (`migplans`).
    public let plural: String
    /// The schema of a whole object of this kind (`openAPIV3Schema`).
    public let root: SchemaNode
    /// The complete CustomResourceDefinition, for serving it as the API server would.
    public let definition: JSONValue

    /// Builds the schema from a CustomResourceDefinition (`apiextensions.k8s.io/v1`), using the
    /// served version (the first when several are).
    public init(definition: JSONValue) throws {
        guard let kind = definition[path: ["spec", "names", "kind"]]?.stringValue,
            let group = definition[path: ["spec", "group"]]?.stringValue,
            let plural = definition[path: ["spec", "names", "plural"]]?.stringValue,
            let versions = definition[path: ["spec", "versions"]]?.arrayValue, !versions.isEmpty
        else {
            throw CRDSchemaError("not a CustomResourceDefinition with spec.names, spec.group and spec.versions")
        }
        let served = versions.first { $0["served"]?.boolValue ?? true } ?? versions[0]
        guard let schema = served[path: ["schema", "openAPIV3Schema"]], schema.objectValue != nil else {
            throw CRDSchemaError("CustomResourceDefinition for \(kind) has no openAPIV3Schema")
        }
        self.kind = kind
        self.group = group
        self.plural = plural
        self.version = served["name"]?.stringValue ?? "v1alpha1"
        self.root = SchemaNode(json: schema)
        self.definition = definition
    }

    /// Builds the schema from CRD YAML text.
    public init(yaml: String) throws {
        let documents = try YAMLDocumentParser.parse(text: yaml)
        guard let first = documents.first else { throw CRDSchemaError("empty CustomResourceDefinition") }
        try self.init(definition: first.value)
    }

    /// `group/version`.
    public var apiVersion: String { "\(group)/\(version)" }

    /// The five kinds migsync manages (MigCluster, MigStorage, MigHook, MigPlan, MigMigration),
    /// parsed once from the CRDs compiled into the binary.
    public static let all: [CRDSchema] = EmbeddedCRDs.all.compactMap { try? CRDSchema(yaml: $0) }

    /// The schema of `kind` (e.g. `"MigPlan"`), or `nil` for a kind migsync does not manage.
    public static func forKind(_ kind: String) -> CRDSchema? {
        all.first { $0.kind == kind }
    }

    /// Every schema violation in `json`, in document order of the paths visited.
    public func validate(_ json: JSONValue) -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        Self.check(json, against: root, path: "", into: &violations)
        return violations
    }

    // MARK: - Checking

    static func check(
        _ value: JSONValue, against schema: SchemaNode, path: String, into violations: inout [SchemaViolation]
    ) {
        // The API server drops nulls of non-nullable fields rather than rejecting them;
        // a null required field is reported by its parent as missing.
        if case .null = value { return }

        if schema.intOrString {
            switch value {
            case .string, .int: break
            case .double(let d) where d.rounded() == d: break
            default:
                violations.append(
                    .init(path: path, kind: .type, message: "must be an integer or a string, not \(value.typeName)"))
                return
            }
        } else if !schema.types.isEmpty, !schema.types.contains(where: { Self.matches(value, type: $0) }) {
            let expected = schema.types.map(Self.article).joined(separator: " or ")
            violations.append(.init(path: path, kind: .type, message: "must be \(expected), not \(value.typeName)"))
            return
        }

        if let allowed = schema.enumValues, !allowed.contains(value) {
            let list = allowed.map { $0.stringValue.map { "\"\($0)\"" } ?? "\($0)" }.joined(separator: ", ")
            violations.append(.init(path: path, kind: .enum, message: "must be one of \(list)"))
        }

        switch value {
        case .string(let string):
            if schema.format == "byte" && !Base64.isValid(string) {
                violations.append(.init(path: path, kind: .format, message: "must be base64-encoded data"))
            }
            if let pattern = schema.pattern, let regex = PatternCache.shared.regex(pattern),
                string.firstMatch(of: regex) == nil
            {
                violations.append(.init(path: path, kind: .pattern, message: "\"\(string)\" does not match \(pattern)"))
            }
        case .object(let members):
            for name in schema.required where members[name]?.isNull ?? true {
                violations.append(
                    .init(path: FieldPath.member(path, name), kind: .required, message: "required field is missing"))
            }
            for name in members.keys.sorted() {
                guard let member = members[name] else { continue }
                let memberPath = FieldPath.member(path, name)
                if let property = schema.properties[name] {
                    check(member, against: property, path: memberPath, into: &violations)
                } else if let additional = schema.additionalProperties {
                    check(member, against: additional, path: memberPath, into: &violations)
                } else if !schema.acceptsUnknownMembers {
                    violations.append(
                        .init(
                            path: memberPath, kind: .unknownField,
                            message: "unknown field (the API server would drop it)"))
                }
            }
        case .array(let elements):
            if let items = schema.items {
                for (index, element) in elements.enumerated() {
                    check(element, against: items, path: FieldPath.item(path, index), into: &violations)
                }
            }
        default:
            break
        }
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool): return true
        case ("integer", .int), ("number", .int), ("number", .double): return true
        case ("integer", .double(let d)): return d.rounded() == d
        default: return false
        }
    }

    private static func article(_ type: String) -> String {
        switch type {
        case "object", "array", "integer": return "an \(type)"
        default: return "a \(type)"
        }
    }
}

/// A CRD could not be turned into a schema.
public struct CRDSchemaError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Standard base64 as Kubernetes `format: byte` and MigHook playbooks use it.
enum Base64 {
    static func isValid(_ string: String) -> Bool {
        Data(base64Encoded: string) != nil
    }
}

/// Compiled `pattern`s of the schemas, by source: compiling a pattern costs far more than
/// matching it, and the same few patterns are checked for every object.
final class PatternCache: @unchecked Sendable {
    static let shared = PatternCache()
    private let lock = NSLock()
    private var compiled: [String: Regex<AnyRegexOutput>?] = [:]

    /// The compiled pattern, or `nil` when it does not compile (such a pattern is not checked).
    func regex(_ pattern: String) -> Regex<AnyRegexOutput>? {
        if let cached = lock.withLock({ compiled[pattern] }) { return cached }
        let regex = try? Regex(pattern)
        lock.withLock { compiled[pattern] = .some(regex) }
        return regex
    }
}
