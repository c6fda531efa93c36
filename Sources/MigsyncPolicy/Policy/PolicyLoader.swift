import Foundation
import KubeObjects
import MTCManifests

/// Reads `kind: Policy` documents from policy files.
///
/// Loading never stops at the first problem: every finding of every file is reported with
/// its `path:line:col`, and a policy with findings is left out (a half-read policy could
/// allow what its author meant to block).
public enum PolicyLoader {
    public static let apiVersion = "migsync.io/v1alpha1"

    /// Loads every policy in `sources`, in file order and then document order.
    public static func load(_ sources: [PolicySource]) -> (policies: [Policy], findings: [PolicyFinding]) {
        var policies: [Policy] = []
        var findings: [PolicyFinding] = []
        var names: [String: String] = [:]
        for source in sources {
            let documents: [YAMLDocument]
            do {
                documents = try YAMLDocumentParser.parse(text: source.contents)
            } catch {
                let position = error.position ?? SourcePosition(line: 1, column: 1)
                findings.append(
                    PolicyFinding(
                        location: SourceLocation(file: source.path, position: position), message: error.message))
                continue
            }
            for document in documents {
                var reader = PolicyDocumentReader(source: source, document: document)
                let policy = reader.read()
                if let policy, reader.findings.isEmpty {
                    if let earlier = names[policy.name] {
                        reader.fail("metadata.name", "policy name \"\(policy.name)\" is already used in \(earlier)")
                    } else {
                        names[policy.name] = source.path
                        policies.append(policy)
                    }
                }
                findings += reader.findings
            }
        }
        return (policies, findings)
    }
}

/// Reads one YAML document into a `Policy`, collecting findings as it goes.
struct PolicyDocumentReader {
    let source: PolicySource
    let document: YAMLDocument
    var findings: [PolicyFinding] = []

    init(source: PolicySource, document: YAMLDocument) {
        self.source = source
        self.document = document
    }

    // MARK: - Findings

    func position(_ path: String) -> SourcePosition {
        document.sourceMap.position(of: path) ?? document.position
    }

    mutating func fail(_ path: String, _ message: String) {
        fail(at: position(path), message)
    }

    mutating func fail(at position: SourcePosition, _ message: String) {
        findings.append(
            PolicyFinding(location: SourceLocation(file: source.path, position: position), message: message))
    }

    // MARK: - Typed access

    func value(_ path: [String]) -> JSONValue? { document.value[path: path] }

    /// Reports members of the object at `path` that are not in `allowed`.
    mutating func checkKeys(_ value: JSONValue?, at path: String, allowed: [String]) {
        guard let members = value?.objectValue else { return }
        for key in members.keys.sorted() where !allowed.contains(key) {
            fail(
                FieldPath.member(path, key),
                "unknown field \"\(key)\" in \(path.isEmpty ? "the policy" : path) (expected one of: \(allowed.joined(separator: ", ")))"
            )
        }
    }

    mutating func object(_ value: JSONValue?, at path: String) -> [String: JSONValue]? {
        guard let value, !value.isNull else { return nil }
        guard let members = value.objectValue else {
            fail(path, "\(path) must be a mapping, not \(value.typeName)")
            return nil
        }
        return members
    }

    mutating func string(_ value: JSONValue?, at path: String) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else {
            fail(path, "\(path) must be a string, not \(value.typeName)")
            return nil
        }
        return text
    }

    mutating func strings(_ value: JSONValue?, at path: String) -> [String] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue else {
            fail(path, "\(path) must be a list of strings, not \(value.typeName)")
            return []
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            if let text = item.stringValue {
                result.append(text)
            } else {
                fail(
                    FieldPath.item(path, index), "\(FieldPath.item(path, index)) must be a string, not \(item.typeName)"
                )
            }
        }
        return result
    }

    mutating func positiveInt(_ value: JSONValue?, at path: String, allowZero: Bool = false) -> Int? {
        guard let value, !value.isNull else { return nil }
        guard case .int(let number) = value, number >= (allowZero ? 0 : 1), number <= Int64(Int32.max) else {
            fail(path, "\(path) must be \(allowZero ? "a non-negative" : "a positive") integer")
            return nil
        }
        return Int(number)
    }

    mutating func duration(_ value: JSONValue?, at path: String) -> TimeInterval? {
        guard let text = string(value, at: path) else { return nil }
        do {
            let nanos = try CELTime.parseDuration(text)
            guard nanos > 0 else {
                fail(path, "\(path) must be a positive duration")
                return nil
            }
            return Double(nanos) / 1e9
        } catch {
            fail(path, "\(path): invalid duration \"\(text)\" (use Go syntax, e.g. 24h, 1h30m)")
            return nil
        }
    }

    // MARK: - The document

    mutating func read() -> Policy? {
        let root = document.value
        guard root.objectValue != nil else {
            fail(at: document.position, "a policy document must be a mapping")
            return nil
        }
        checkKeys(root, at: "", allowed: ["apiVersion", "kind", "metadata", "spec"])
        let apiVersion = string(root["apiVersion"], at: "apiVersion")
        if apiVersion != PolicyLoader.apiVersion {
            fail(
                "apiVersion",
                "apiVersion must be \(PolicyLoader.apiVersion), not \(apiVersion.map { "\"\($0)\"" } ?? "missing")")
        }
        let kind = string(root["kind"], at: "kind")
        if kind != "Policy" {
            fail("kind", "kind must be Policy, not \(kind.map { "\"\($0)\"" } ?? "missing")")
        }
        _ = object(root["metadata"], at: "metadata")
        checkKeys(root["metadata"], at: "metadata", allowed: ["name", "labels", "annotations"])
        let name = string(value(["metadata", "name"]), at: "metadata.name") ?? ""
        if name.isEmpty { fail("metadata.name", "metadata.name is required") }

        guard let spec = object(root["spec"], at: "spec") else {
            fail("spec", "spec is required")
            return nil
        }
        checkKeys(root["spec"], at: "spec", allowed: ["match", "requirements"])
        let match = readMatch(spec["match"])
        let requirements = readRequirements(spec["requirements"])
        if match.kinds.isEmpty {
            fail("spec.match.kinds", "spec.match.kinds is empty, so the policy matches nothing")
        } else if requirements.hasRunOnlyRequirements, !match.kinds.contains("MigMigration") {
            // Approvals, windows, staging and limits are about starting runs; on other kinds
            // they would silently do nothing.
            fail(
                "spec.requirements",
                "approvals, window, stagedWithin and maxConcurrentRuns only apply to runs; add MigMigration to spec.match.kinds"
            )
        }
        return Policy(
            name: name, path: source.path, line: document.position.line, match: match, requirements: requirements)
    }

    mutating func readMatch(_ value: JSONValue?) -> PolicyMatch {
        let path = "spec.match"
        var match = PolicyMatch()
        guard let members = object(value, at: path) else { return match }
        checkKeys(
            value, at: path,
            allowed: [
                "kinds", "runTypes", "namespaces", "plans", "sourceClusters", "destinationClusters", "expression",
            ])
        let kinds = strings(members["kinds"], at: "\(path).kinds")
        let known = ["MigMigration", "MigPlan", "MigCluster", "MigStorage", "MigHook"]
        for (index, kind) in kinds.enumerated() where !known.contains(kind) {
            fail(
                "\(path).kinds[\(index)]",
                "unknown kind \"\(kind)\" (expected one of: \(known.joined(separator: ", ")))")
        }
        if members["kinds"] != nil { match.kinds = kinds }
        for (index, text) in strings(members["runTypes"], at: "\(path).runTypes").enumerated() {
            if let type = PolicyRunType(rawValue: text) {
                match.runTypes.insert(type)
            } else {
                fail(
                    "\(path).runTypes[\(index)]",
                    "unknown run type \"\(text)\" (expected one of: \(PolicyRunType.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
        }
        match.namespaces = strings(members["namespaces"], at: "\(path).namespaces").map(Glob.init)
        match.plans = strings(members["plans"], at: "\(path).plans").map(Glob.init)
        match.sourceClusters = strings(members["sourceClusters"], at: "\(path).sourceClusters").map(Glob.init)
        match.destinationClusters = strings(members["destinationClusters"], at: "\(path).destinationClusters")
            .map(Glob.init)
        if let text = string(members["expression"], at: "\(path).expression") {
            do {
                match.expression = try CELProgram(text)
            } catch {
                let start = ExpressionPosition.locate(
                    in: source.contents, key: position("\(path).expression"))
                fail(
                    at: start.offset(line: error.line ?? 1, column: error.column ?? 1),
                    "CEL syntax error in spec.match.expression: \(error.message)")
            }
        }
        return match
    }

    mutating func readRequirements(_ value: JSONValue?) -> PolicyRequirements {
        let path = "spec.requirements"
        var requirements = PolicyRequirements()
        guard let members = object(value, at: path) else {
            fail(path, "spec.requirements is required (a policy without requirements has no effect)")
            return requirements
        }
        checkKeys(
            value, at: path,
            allowed: ["approvals", "window", "stagedWithin", "maxConcurrentRuns", "requiredFields", "deny"])
        if members.isEmpty { fail(path, "spec.requirements lists no requirement") }

        if let deny = object(members["deny"], at: "\(path).deny") {
            checkKeys(members["deny"], at: "\(path).deny", allowed: ["message"])
            requirements.deny = string(deny["message"], at: "\(path).deny.message") ?? "denied by policy"
        }
        if let fields = object(members["requiredFields"], at: "\(path).requiredFields") {
            requirements.requiredFields = fields.keys.sorted().map { ($0, fields[$0] ?? .null) }
        }
        if let approvals = object(members["approvals"], at: "\(path).approvals") {
            checkKeys(members["approvals"], at: "\(path).approvals", allowed: ["count", "from"])
            let count = positiveInt(approvals["count"], at: "\(path).approvals.count")
            if approvals["count"] == nil { fail("\(path).approvals", "approvals.count is required") }
            let from = strings(approvals["from"], at: "\(path).approvals.from")
            if from.isEmpty { fail("\(path).approvals", "approvals.from must list at least one identity") }
            if let count { requirements.approvals = ApprovalRequirement(count: count, from: from.map(Glob.init)) }
        }
        requirements.stagedWithin = duration(members["stagedWithin"], at: "\(path).stagedWithin")
        requirements.maxConcurrentRuns = positiveInt(members["maxConcurrentRuns"], at: "\(path).maxConcurrentRuns")
        if members["window"] != nil { requirements.window = readWindow(members["window"], at: "\(path).window") }
        return requirements
    }

    mutating func readWindow(_ value: JSONValue?, at path: String) -> TimeWindow? {
        guard let members = object(value, at: path) else { return nil }
        checkKeys(value, at: path, allowed: ["timeZone", "allow", "deny"])
        guard let zoneName = string(members["timeZone"], at: "\(path).timeZone") else {
            fail(path, "window.timeZone is required (an IANA name such as Europe/Berlin)")
            return nil
        }
        guard let zone = TimeZone(identifier: zoneName) else {
            fail("\(path).timeZone", "unknown time zone \"\(zoneName)\" (use an IANA name such as Europe/Berlin)")
            return nil
        }
        var window = TimeWindow(timeZone: zone)
        for (index, item) in (members["allow"]?.arrayValue ?? []).enumerated() {
            let itemPath = FieldPath.item("\(path).allow", index)
            guard let allow = object(item, at: itemPath) else { continue }
            checkKeys(item, at: itemPath, allowed: ["days", "start", "end"])
            var days = Set<Int>()
            for (dayIndex, name) in strings(allow["days"], at: "\(itemPath).days").enumerated() {
                if let day = Self.weekday(name) {
                    days.insert(day)
                } else {
                    fail("\(itemPath).days[\(dayIndex)]", "unknown day \"\(name)\" (expected Mon, Tue, ..., Sun)")
                }
            }
            if allow["days"] == nil { days = Set(1...7) }
            let start = clock(allow["start"], at: "\(itemPath).start", allowMidnightEnd: false) ?? 0
            let end = clock(allow["end"], at: "\(itemPath).end", allowMidnightEnd: true) ?? 1440
            window.allow.append(TimeWindow.Allow(days: days, start: start, end: end))
        }
        if let allow = members["allow"], !allow.isNull, allow.arrayValue == nil {
            fail("\(path).allow", "window.allow must be a list")
        }
        for (index, item) in (members["deny"]?.arrayValue ?? []).enumerated() {
            let itemPath = FieldPath.item("\(path).deny", index)
            guard let deny = object(item, at: itemPath) else { continue }
            checkKeys(item, at: itemPath, allowed: ["from", "until", "reason"])
            let from = instant(deny["from"], at: "\(itemPath).from", zone: zone, endOfDay: false)
            let until = instant(deny["until"], at: "\(itemPath).until", zone: zone, endOfDay: true)
            if deny["from"] == nil { fail(itemPath, "deny window needs from") }
            if deny["until"] == nil { fail(itemPath, "deny window needs until") }
            guard let from, let until else { continue }
            guard until > from else {
                fail("\(itemPath).until", "until must be after from")
                continue
            }
            window.deny.append(
                TimeWindow.Deny(from: from, until: until, reason: string(deny["reason"], at: "\(itemPath).reason")))
        }
        if let deny = members["deny"], !deny.isNull, deny.arrayValue == nil {
            fail("\(path).deny", "window.deny must be a list")
        }
        return window
    }

    static func weekday(_ name: String) -> Int? {
        let names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        let key = name.lowercased()
        let full = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        if let index = names.firstIndex(of: key) ?? full.firstIndex(of: key) { return index + 1 }
        return nil
    }

    /// `HH:MM` → minutes after midnight; `24:00` only as an end.
    mutating func clock(_ value: JSONValue?, at path: String, allowMidnightEnd: Bool) -> Int? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else {
            fail(path, "\(path) must be a quoted time \"HH:MM\"")
            return nil
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
            (0..<60).contains(m), (0..<24).contains(h) || (allowMidnightEnd && h == 24 && m == 0)
        else {
            fail(path, "\(path): invalid time \"\(text)\" (expected HH:MM\(allowMidnightEnd ? ", up to 24:00" : ""))")
            return nil
        }
        return h * 60 + m
    }

    /// RFC 3339, or a date `YYYY-MM-DD` meaning local midnight in `zone` (for `until`, the
    /// midnight that ends the day, so the date is included).
    mutating func instant(_ value: JSONValue?, at path: String, zone: TimeZone, endOfDay: Bool) -> Date? {
        guard let text = string(value, at: path) else { return nil }
        if let nanos = try? CELTime.parseTimestamp(text) { return Date(timeIntervalSince1970: Double(nanos) / 1e9) }
        let parts = text.split(separator: "-")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        if parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d), d <= Int(CELTime.daysIn(month: Int64(m), year: Int64(y))),
            let midnight = calendar.date(from: DateComponents(year: y, month: m, day: d))
        {
            return endOfDay ? calendar.date(byAdding: .day, value: 1, to: midnight) : midnight
        }
        fail(
            path,
            "\(path): invalid time \"\(text)\" (expected RFC 3339 such as 2025-12-20T18:00:00+01:00, or a date 2025-12-20)"
        )
        return nil
    }
}
