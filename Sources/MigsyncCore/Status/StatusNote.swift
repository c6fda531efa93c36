/// The status of one object as migsync writes it back into Git.
///
/// Deterministic by construction: fixed key order, MTC conditions sorted, no
/// `lastTransitionTime` and no "observed at" stamp, so the text changes only when the
/// object's state does, and an unchanged pass writes nothing.
public struct StatusNote: Sendable, Hashable {
    /// A pass-specific deferral, kept so `migsync status` can say why something waits.
    public struct Waiting: Sendable, Hashable {
        public var reason: String
        public var message: String

        public init(reason: String, message: String) {
            self.reason = reason
            self.message = message
        }
    }

    /// Run details, for MigMigrations seen on the cluster.
    public struct Run: Sendable, Hashable {
        public var kind: RunKind
        public var itinerary: String?
        public var phase: String?
        /// `Succeeded`, `Running`, `Blocked`, ... (`RunState.Result.name`).
        public var result: String
        /// The blocking condition's or the failure's message.
        public var message: String?
        public var started: String?
        public var ended: String?
        /// `done/total` pipeline steps.
        public var progress: String?
        public var pipeline: [RunState.Step]

        public init(state: RunState) {
            kind = state.kind
            itinerary = state.itinerary
            phase = state.phase
            result = state.result.name
            switch state.result {
            case .blocked(let condition, let message): self.message = "\(condition): \(message)"
            case .failed(let message): self.message = message.isEmpty ? nil : message
            default: message = nil
            }
            started = state.started
            ended = state.ended
            let steps = state.stepProgress
            progress = steps.total > 0 ? "\(steps.done)/\(steps.total)" : nil
            pipeline = state.pipeline
        }

        init(
            kind: RunKind,
            itinerary: String?,
            phase: String?,
            result: String,
            message: String?,
            started: String?,
            ended: String?,
            progress: String?,
            pipeline: [RunState.Step]
        ) {
            self.kind = kind
            self.itinerary = itinerary
            self.phase = phase
            self.result = result
            self.message = message
            self.started = started
            self.ended = ended
            self.progress = progress
            self.pipeline = pipeline
        }
    }

    /// The fields live in one immutable box: a pass moves ten thousand notes between its
    /// batches and caches, and copying a note is then one retain instead of one per string
    /// and array in it.
    private struct Fields: Sendable, Hashable {
        let key: ObjectKey
        let commit: String
        let source: String?
        let revision: Revision?
        let sync: SyncState
        let summary: ConditionSummary
        let conditions: [MTCCondition]
        let waiting: [Waiting]
        let run: Run?
    }

    private let box: SharedFields<Fields>

    public var key: ObjectKey { box.fields.key }
    /// The commit the note belongs to: the one that last changed the object's file.
    public var commit: String { box.fields.commit }
    public var source: String? { box.fields.source }
    public var revision: Revision? { box.fields.revision }
    public var sync: SyncState { box.fields.sync }
    public var summary: ConditionSummary { box.fields.summary }
    /// MTC's own conditions, blocking categories first.
    public var conditions: [MTCCondition] { box.fields.conditions }
    public var waiting: [Waiting] { box.fields.waiting }
    public var run: Run? { box.fields.run }

    public init(
        key: ObjectKey,
        commit: String,
        source: String?,
        revision: Revision?,
        sync: SyncState,
        summary: ConditionSummary,
        conditions: [MTCCondition],
        waiting: [Waiting] = [],
        run: Run? = nil
    ) {
        box = SharedFields(
            Fields(
                key: key, commit: commit, source: source, revision: revision, sync: sync, summary: summary,
                conditions: conditions, waiting: waiting, run: run))
    }

    /// The note for a report; `nil` when no commit is known for the object (neither Git
    /// nor the cluster's revision annotation names one).
    public init?(report: ObjectReport, branch: String) {
        let revision = report.desired?.revision(branch: branch) ?? report.observed?.revision
        guard let revision else { return nil }
        self.init(
            key: report.key,
            commit: revision.commit,
            source: report.desired?.sourcePath ?? report.observed?.sourcePath,
            revision: revision,
            sync: report.syncState,
            summary: report.summary,
            conditions: report.observed?.conditions ?? [],  // already in display order
            waiting: report.deferrals.map { Waiting(reason: $0.reason.name, message: $0.reason.message) },
            run: report.runState.map(Run.init(state:)))
    }

    /// Path of the object's file on the `migsync/status` branch: `status/<kind>/<name>.yaml`,
    /// with the namespace folded into the name outside the default namespace.
    public var statusPath: String {
        let name = key.namespace == ObjectKey.defaultNamespace ? key.name : "\(key.namespace).\(key.name)"
        return "status/\(key.kind.pathComponent)/\(name).yaml"
    }

    // MARK: - YAML

    /// The note as a standalone YAML document (the `--status commit` file).
    public var yaml: String { NoteYAML.render(node, header: "migsync status of \(key)") }

    /// Parses a document written by `yaml`.
    public init(parsing text: String) throws {
        try self.init(node: NoteYAML.parseNote(text))
    }

    var node: NoteYAML.Node {
        var entries: [(String, NoteYAML.Node)] = [
            ("kind", .string(key.kind.rawValue)),
            ("name", .string(key.name)),
            ("namespace", .string(key.namespace)),
            ("commit", .string(commit)),
        ]
        if let source { entries.append(("source", .string(source))) }
        if let revision { entries.append(("revision", .string(revision.description))) }
        entries.append(("sync", .string(sync.rawValue)))
        entries.append(("state", .string(summary.description)))
        entries.append(
            (
                "summary",
                .list(
                    summary.conditions.map { condition in
                        .map([
                            ("type", .string(condition.type.rawValue)),
                            ("status", .string(condition.status ? "True" : "False")),
                            ("reason", .string(condition.reason.rawValue)),
                            ("message", .string(condition.message)),
                        ])
                    })
            ))
        entries.append(
            (
                "conditions",
                .list(
                    conditions.map { condition in
                        var fields: [(String, NoteYAML.Node)] = [
                            ("type", .string(condition.type)),
                            ("status", .string(condition.status ? "True" : "False")),
                            ("category", .string(condition.category.rawValue)),
                        ]
                        if let reason = condition.reason { fields.append(("reason", .string(reason))) }
                        fields.append(("message", .string(condition.message)))
                        if condition.durable { fields.append(("durable", .bool(true))) }
                        return .map(fields)
                    })
            ))
        if !waiting.isEmpty {
            entries.append(
                (
                    "waiting",
                    .list(
                        waiting.map {
                            .map([("reason", .string($0.reason)), ("message", .string($0.message))])
                        })
                ))
        }
        if let run { entries.append(("run", Self.node(run))) }
        return .map(entries)
    }

    private static func node(_ run: Run) -> NoteYAML.Node {
        var entries: [(String, NoteYAML.Node)] = [("kind", .string(run.kind.rawValue))]
        func add(_ key: String, _ value: String?) {
            if let value { entries.append((key, .string(value))) }
        }
        add("itinerary", run.itinerary)
        add("phase", run.phase)
        entries.append(("result", .string(run.result)))
        add("message", run.message)
        add("started", run.started)
        add("ended", run.ended)
        add("progress", run.progress)
        entries.append(
            (
                "pipeline",
                .list(
                    run.pipeline.map { step in
                        var fields: [(String, NoteYAML.Node)] = [
                            ("name", .string(step.name)), ("state", .string(step.state.rawValue)),
                        ]
                        if let phase = step.phase { fields.append(("phase", .string(phase))) }
                        if let message = step.message { fields.append(("message", .string(message))) }
                        if let started = step.started { fields.append(("started", .string(started))) }
                        if let completed = step.completed { fields.append(("completed", .string(completed))) }
                        if !step.progress.isEmpty {
                            fields.append(("progress", .list(step.progress.map { .string($0) })))
                        }
                        return .map(fields)
                    })
            ))
        return .map(entries)
    }

    init(node: NoteYAML.Node) throws {
        func required(_ key: String, in node: NoteYAML.Node) throws -> String {
            guard let value = node[key]?.string else { throw StatusNoteError.missingField(key) }
            return value
        }
        let kindName = try required("kind", in: node)
        guard let kind = MTCKind(rawValue: kindName) else { throw StatusNoteError.invalidValue("kind", kindName) }
        let key = ObjectKey(
            kind: kind, namespace: try required("namespace", in: node), name: try required("name", in: node))
        let commit = try required("commit", in: node)
        let syncName = try required("sync", in: node)
        guard let sync = SyncState(rawValue: syncName) else { throw StatusNoteError.invalidValue("sync", syncName) }
        let summary = ConditionSummary(
            conditions: try (node["summary"]?.items ?? []).map { item in
                let typeName = try required("type", in: item)
                let reasonName = try required("reason", in: item)
                guard let type = SyncCondition.ConditionType(rawValue: typeName) else {
                    throw StatusNoteError.invalidValue("summary.type", typeName)
                }
                guard let reason = ConditionReason(rawValue: reasonName) else {
                    throw StatusNoteError.invalidValue("summary.reason", reasonName)
                }
                return SyncCondition(
                    type: type, status: try required("status", in: item) == "True", reason: reason,
                    message: item["message"]?.string ?? "")
            })
        let conditions = try (node["conditions"]?.items ?? []).map { item in
            MTCCondition(
                type: try required("type", in: item),
                status: item["status"]?.string == "True",
                reason: item["reason"]?.string,
                category: MTCCondition.Category(rawValue: item["category"]?.string ?? "") ?? .unknown,
                message: item["message"]?.string ?? "",
                durable: item["durable"]?.bool ?? false)
        }
        let waiting = try (node["waiting"]?.items ?? []).map {
            Waiting(reason: try required("reason", in: $0), message: $0["message"]?.string ?? "")
        }
        var parsedRun: Run?
        if let run = node["run"] {
            let kindName = try required("kind", in: run)
            guard let runKind = RunKind(rawValue: kindName) else {
                throw StatusNoteError.invalidValue("run.kind", kindName)
            }
            parsedRun = Run(
                kind: runKind,
                itinerary: run["itinerary"]?.string,
                phase: run["phase"]?.string,
                result: try required("result", in: run),
                message: run["message"]?.string,
                started: run["started"]?.string,
                ended: run["ended"]?.string,
                progress: run["progress"]?.string,
                pipeline: try (run["pipeline"]?.items ?? []).map { step in
                    let state = RunState.Step.State(rawValue: step["state"]?.string ?? "") ?? .pending
                    return RunState.Step(
                        name: try required("name", in: step),
                        phase: step["phase"]?.string,
                        message: step["message"]?.string,
                        progress: (step["progress"]?.items ?? []).compactMap(\.string),
                        started: step["started"]?.string,
                        completed: step["completed"]?.string,
                        failed: state == .failed,
                        skipped: state == .skipped)
                })
        }
        self.init(
            key: key, commit: commit, source: node["source"]?.string,
            revision: node["revision"]?.string.flatMap(Revision.init(parsing:)), sync: sync, summary: summary,
            conditions: conditions, waiting: waiting, run: parsedRun)
    }
}

/// Why a stored status note could not be read back.
public enum StatusNoteError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingField(String)
    case invalidValue(String, String)
    case syntax(String)

    public var description: String {
        switch self {
        case .missingField(let field): return "status note has no \(field)"
        case .invalidValue(let field, let value): return "status note has an invalid \(field): \(value)"
        case .syntax(let message): return message
        }
    }
}
