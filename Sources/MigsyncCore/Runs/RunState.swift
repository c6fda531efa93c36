import KubeObjects

/// What an observed MigMigration is doing, read from its status.
///
/// Timestamps are kept as the RFC 3339 text the server wrote, so notes built from them
/// change only when the cluster's value changes.
public struct RunState: Sendable, Hashable {
    /// The outcome of a run, classified in MTC's recommended order (`Failed` before
    /// `Canceled`, because a canceled run also receives `Succeeded`).
    public enum Result: Sendable, Hashable, CustomStringConvertible {
        case pending
        case running
        /// Not completed and held by a Critical condition, e.g. `HasFinalMigration`.
        case blocked(condition: String, message: String)
        case succeeded
        case succeededWithWarnings
        case failed(message: String)
        case canceled

        /// The single word used in notes and tables.
        public var name: String {
            switch self {
            case .pending: return "Pending"
            case .running: return "Running"
            case .blocked: return "Blocked"
            case .succeeded: return "Succeeded"
            case .succeededWithWarnings: return "SucceededWithWarnings"
            case .failed: return "Failed"
            case .canceled: return "Canceled"
            }
        }

        public var isTerminal: Bool {
            switch self {
            case .succeeded, .succeededWithWarnings, .failed, .canceled: return true
            case .pending, .running, .blocked: return false
            }
        }

        public var isSuccess: Bool { self == .succeeded || self == .succeededWithWarnings }

        public var description: String {
            switch self {
            case .blocked(let condition, let message): return "Blocked (\(condition)): \(message)"
            case .failed(let message) where !message.isEmpty: return "Failed: \(message)"
            default: return name
            }
        }
    }

    /// One entry of `status.pipeline`: a high-level step with its progress lines.
    public struct Step: Sendable, Hashable {
        public enum State: String, Sendable, Hashable {
            case pending = "Pending"
            case running = "Running"
            case completed = "Completed"
            case failed = "Failed"
            case skipped = "Skipped"
        }

        public var name: String
        public var phase: String?
        public var message: String?
        public var progress: [String]
        public var started: String?
        public var completed: String?
        public var failed: Bool
        public var skipped: Bool

        public init(
            name: String,
            phase: String? = nil,
            message: String? = nil,
            progress: [String] = [],
            started: String? = nil,
            completed: String? = nil,
            failed: Bool = false,
            skipped: Bool = false
        ) {
            self.name = name
            self.phase = phase
            self.message = message
            self.progress = progress
            self.started = started
            self.completed = completed
            self.failed = failed
            self.skipped = skipped
        }

        init?(json: JSONValue) {
            guard let name = json["name"]?.stringValue else { return nil }
            self.init(
                name: name,
                phase: json["phase"]?.stringValue.nonEmpty,
                message: json["message"]?.stringValue.nonEmpty,
                progress: (json["progress"]?.arrayValue ?? []).compactMap(\.stringValue),
                started: json["started"]?.stringValue.nonEmpty,
                completed: json["completed"]?.stringValue.nonEmpty,
                failed: json["failed"]?.boolValue ?? false,
                skipped: json["skipped"]?.boolValue ?? false)
        }

        public var state: State {
            if failed { return .failed }
            if skipped { return .skipped }
            if completed != nil { return .completed }
            if started != nil { return .running }
            return .pending
        }
    }

    public var kind: RunKind
    /// `spec.canceled` as observed on the cluster.
    public var cancelRequested: Bool
    public var itinerary: String?
    public var phase: String?
    public var pipeline: [Step]
    public var started: String?
    public var ended: String?
    public var result: Result
    public var errors: [String]

    /// Reads an observed MigMigration.
    public init(observed object: KubeObject) {
        let status = object.status
        let conditions = MTCCondition.list(in: object).filter(\.status)
        func has(_ type: String) -> MTCCondition? { conditions.first { $0.type == type } }

        kind = RunKind(spec: object.spec)
        cancelRequested = object.spec?["canceled"]?.boolValue ?? false
        itinerary = status?["itinerary"]?.stringValue.nonEmpty
        phase = status?["phase"]?.stringValue.nonEmpty
        pipeline = (status?["pipeline"]?.arrayValue ?? []).compactMap(Step.init(json:))
        started = status?["startTimestamp"]?.stringValue.nonEmpty ?? pipeline.compactMap(\.started).min()
        errors = (status?["errors"]?.arrayValue ?? []).compactMap(\.stringValue)

        if phase == "Completed" {
            if let failed = has("Failed") {
                result = .failed(message: errors.isEmpty ? failed.message : errors.joined(separator: "; "))
            } else if has("Canceled") != nil {
                result = .canceled
            } else if has("SucceededWithWarnings") != nil {
                result = .succeededWithWarnings
            } else {
                result = .succeeded
            }
            let terminal: Set<String> = ["Failed", "Canceled", "SucceededWithWarnings", "Succeeded"]
            let markedAt = (status?["conditions"]?.arrayValue ?? [])
                .filter { terminal.contains($0["type"]?.stringValue ?? "") }
                .compactMap { $0["lastTransitionTime"]?.stringValue }
            ended = pipeline.compactMap(\.completed).max() ?? markedAt.max()
        } else {
            ended = nil
            if let critical = MTCCondition.sortedForDisplay(conditions).first(where: { $0.category == .critical }) {
                result = .blocked(condition: critical.type, message: critical.message)
            } else if phase == nil {
                result = .pending
            } else {
                result = .running
            }
        }
    }

    /// `true` once MTC has moved the run past its initial phase.
    public var hasStarted: Bool { phase != nil }

    public var isCompleted: Bool { phase == "Completed" }

    /// Started and not completed: such a run must never be deleted, and its plan must not
    /// change under it (the migration reads the plan live).
    public var isInFlight: Bool { hasStarted && !isCompleted }

    /// Finished steps (completed or skipped) and the total number of pipeline steps.
    public var stepProgress: (done: Int, total: Int) {
        (pipeline.filter { $0.state == .completed || $0.state == .skipped }.count, pipeline.count)
    }

    /// The step currently running, if any.
    public var currentStep: Step? { pipeline.first { $0.state == .running } }
}

extension Optional where Wrapped == String {
    /// `nil` for a missing or empty string: MTC writes `""` for "not set".
    var nonEmpty: String? {
        guard let value = self, !value.isEmpty else { return nil }
        return value
    }
}
