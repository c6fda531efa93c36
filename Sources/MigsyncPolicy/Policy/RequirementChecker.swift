import Foundation
import KubeObjects
import MigsyncCore

/// Checks one matching policy's requirements against one run.
struct RequirementChecker {
    let policy: Policy
    let run: DesiredObject
    let runType: PolicyRunType
    let context: RunGateContext

    private func block(_ kind: PolicyRequirements.Kind, _ message: String, nextOpening: Date? = nil) -> RunBlock {
        RunBlock(policy: policy.reference, requirement: kind.rawValue, message: message, nextOpening: nextOpening)
    }

    /// Every unmet requirement, in `PolicyRequirements.Kind` order.
    func unmet() -> [(PolicyRequirements.Kind, RunBlock)] {
        var result: [(PolicyRequirements.Kind, RunBlock)] = []
        let requirements = policy.requirements
        if let deny = requirements.deny { result.append((.deny, block(.deny, deny))) }
        for field in Self.requiredFields(policy, object: run.object) { result.append((.requiredFields, field)) }
        if let approvals = requirements.approvals, let missing = checkApprovals(approvals) {
            result.append((.approvals, missing))
        }
        if let within = requirements.stagedWithin, let missing = checkStaged(within: within) {
            result.append((.stagedWithin, missing))
        }
        if let limit = requirements.maxConcurrentRuns, let busy = checkConcurrency(limit: limit) {
            result.append((.maxConcurrentRuns, busy))
        }
        if let window = requirements.window, let closed = checkWindow(window) { result.append((.window, closed)) }
        return result
    }

    // MARK: - Required fields

    static func requiredFields(_ policy: Policy, object: KubeObject) -> [RunBlock] {
        policy.requirements.requiredFields.compactMap { field in
            let actual = object.spec?[path: field.path.split(separator: ".").map(String.init)]
            if let actual, same(actual, field.value) { return nil }
            let found = actual.map { "is \(render($0))" } ?? "is not set"
            return RunBlock(
                policy: policy.reference, requirement: PolicyRequirements.Kind.requiredFields.rawValue,
                message: "spec.\(field.path) must be \(render(field.value)) (\(found))")
        }
    }

    private static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }

    static func render(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .null: return "null"
        default: return (try? String(decoding: value.serialized(), as: UTF8.self)) ?? "\(value)"
        }
    }

    // MARK: - Approvals

    func checkApprovals(_ requirement: ApprovalRequirement) -> RunBlock? {
        // Identities compare case-insensitively, as e-mail addresses do in practice.
        var counted: [String] = []
        for approval in context.approvers.sorted(by: { $0.time < $1.time }) {
            let signer = approval.signer.lowercased()
            guard !counted.contains(signer),
                requirement.from.contains(where: { Glob($0.pattern.lowercased()).matches(signer) })
            else { continue }
            counted.append(signer)
        }
        guard counted.count < requirement.count else { return nil }
        let from = requirement.from.map(\.pattern).joined(separator: ", ")
        let have = counted.isEmpty ? "none yet" : "\(counted.count) (\(counted.joined(separator: ", ")))"
        return block(
            .approvals,
            "needs \(requirement.count) approval\(requirement.count == 1 ? "" : "s") from distinct approvers in [\(from)]; has \(have)"
        )
    }

    // MARK: - Stage before cutover

    func checkStaged(within interval: TimeInterval) -> RunBlock? {
        guard let plan = References.plan(ofRun: run.object) else {
            return block(.stagedWithin, "the run names no plan, so no stage run can be found")
        }
        var lastEnded: Date?
        for observed in context.observedRuns where observed.kind == .migMigration {
            guard observed.references.first == plan, let state = observed.runState,
                PolicyRunType(spec: observed.object.spec) == .stage
            else { continue }
            guard state.result.isSuccess, let ended = state.ended.flatMap(Self.date) else { continue }
            if lastEnded.map({ ended > $0 }) ?? true { lastEnded = ended }
        }
        let limit = Self.durationText(interval)
        guard let lastEnded else {
            return block(
                .stagedWithin,
                "no successful stage run of plan \(plan.name) has finished; one within \(limit) is required")
        }
        guard context.now.timeIntervalSince(lastEnded) > interval else { return nil }
        return block(
            .stagedWithin,
            "the last successful stage run of plan \(plan.name) finished at \(Self.timestamp(lastEnded)), more than \(limit) ago; stage again first"
        )
    }

    // MARK: - Concurrency

    func checkConcurrency(limit: Int) -> RunBlock? {
        let types = policy.match.runTypes.isEmpty ? Set(PolicyRunType.allCases) : policy.match.runTypes
        var busy: [String] = []
        for observed in context.observedRuns where observed.kind == .migMigration && observed.key != run.key {
            guard types.contains(PolicyRunType(spec: observed.object.spec)) else { continue }
            // Created but not completed counts: a run MTC has not picked up yet will still run.
            guard observed.runState?.isCompleted == false else { continue }
            busy.append(observed.key.name)
        }
        guard busy.count >= limit else { return nil }
        let noun = busy.count == 1 ? "run" : "runs"
        let what =
            types.count == PolicyRunType.allCases.count
            ? noun : "\(types.map(\.rawValue).sorted().joined(separator: "/")) \(noun)"
        return block(
            .maxConcurrentRuns,
            "\(busy.count) \(what) in flight (\(busy.sorted().joined(separator: ", "))); at most \(limit) at a time")
    }

    // MARK: - Time windows

    func checkWindow(_ window: TimeWindow) -> RunBlock? {
        let now = context.now
        guard !window.isOpen(at: now) else { return nil }
        let next = window.nextOpening(after: now)
        let zone = window.timeZone.identifier
        var message: String
        let denial = window.denial(at: now)
        if let denial {
            let reason = denial.reason.map { $0.isEmpty ? "" : " (\($0))" } ?? ""
            message = "inside a deny window\(reason) until \(Self.local(denial.until, window.timeZone)) \(zone)"
        } else {
            message = "outside the allowed window (\(window.allowDescription) \(zone))"
        }
        if let next, next == denial?.until {
            // The freeze's end is the opening; saying it twice adds nothing.
        } else if let next {
            message += "; opens next at \(Self.local(next, window.timeZone)) \(zone)"
        } else {
            message += "; does not open within the next year"
        }
        return block(.window, message, nextOpening: next)
    }

    // MARK: - Formatting

    static func date(_ text: String) -> Date? {
        (try? CELTime.parseTimestamp(text)).map { Date(timeIntervalSince1970: Double($0) / 1e9) }
    }

    static func timestamp(_ date: Date) -> String { date.formatted(.iso8601) }

    /// `2025-01-06 09:00` in `zone`.
    static func local(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { (n ?? 0) < 10 ? "0\(n ?? 0)" : "\(n ?? 0)" }
        return "\(p.year ?? 0)-\(two(p.month))-\(two(p.day)) \(two(p.hour)):\(two(p.minute))"
    }

    static func durationText(_ interval: TimeInterval) -> String {
        let total = Int(interval)
        let h = total / 3600
        let m = total % 3600 / 60
        let s = total % 60
        var text = ""
        if h > 0 { text += "\(h)h" }
        if m > 0 { text += "\(m)m" }
        if s > 0 || text.isEmpty { text += "\(s)s" }
        return text
    }
}
