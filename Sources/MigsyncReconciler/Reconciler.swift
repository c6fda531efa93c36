import Foundation
import KubeObjects
import KubernetesClient
import Logging
import MTCManifests
import MigsyncCore
import MigsyncGit
import MigsyncPolicy

/// Brings the cluster to what the tracked branch declares, one pass at a time.
///
/// A pass is a fixed sequence of steps: fetch source → load manifests → observe cluster →
/// diff → plan → apply → summarise → write status. Runs and prune are part of the plan (the
/// planner orders run creations, cancels, plan closes and deletions among the other writes).
/// State kept between passes (loader cache, last diff and notes, last-commit lookups) is
/// what makes a pass after a small commit cheap.
///
/// Not `Sendable`: it owns a libgit2 repository; use one reconciler from one task.
public final class Reconciler {
    public let options: ReconcilerOptions
    let cluster: KubernetesClient
    let repository: GitRepository
    let logger: Logger
    let loader = ManifestLoader()
    let statusWriter: StatusWriter
    private(set) var planner: ActionPlanner
    /// Checks signed approvals; `nil` without an allowed-signers file (no approval counts).
    let verifier: SSHSignatureVerifier?
    /// The policies of the last commit read, by the blob ids of their files.
    private var cachedPolicies: (blobs: [String], gate: PolicyGate)?
    let mirrorLock: MirrorLock
    /// The watch-fed cluster copy (`options.watchCluster`), made on the first pass that knows
    /// the managed namespace.
    private var clusterCache: ClusterCache?

    /// Pull-request previews last written, by reference (`--preview-refs`).
    var previewCache: [String: PreviewCacheEntry] = [:]
    /// Writes previews under `refs/notes/migsync-preview`.
    lazy var previewWriter = StatusWriter(
        mode: .notes, repository: repository, url: options.url, credentials: options.credentials, logger: logger,
        notesRef: Reconciler.previewNotesRef)
    /// How many packs the mirror had when it was last opened.
    private var packsAtReopen: Int
    /// Reopening costs the parsed trees the next pass would have reused (a few milliseconds
    /// for a folder of ten thousand files), so it waits for a few fetches.
    static let packsBetweenReopens = 8
    private var lastHead: GitObjectID?
    private var lastReport: PassReport?
    private var previousDiff: Diff?
    /// The last pass's reports and the status batch built from them, kept together: a
    /// batch is patched only from the one built from the objects the new ones came from.
    private var previousStatus: (objects: PassObjects, batch: StatusBatch)?
    /// path → (blob id, commit that last changed it): unchanged blobs keep their commit.
    private var lastCommits: [String: (blob: String, commit: GitObjectID)] = [:]
    /// Desired objects by file, from the last pass.
    private var desiredFiles: [String: DesiredFile] = [:]
    /// Every desired object of the last load, in file order, for the manifest namespace.
    private var lastDesired: (namespace: String, objects: [DesiredObject])?
    /// Status text name → the text and the runs it records, from the last pass.
    /// Stored status texts parsed in earlier passes, by name: a repository's notes can hold
    /// thousands of objects and rarely change, so only changed texts are parsed again.
    private var parsedStatus: [String: (text: String, notes: [StatusNote])] = [:]

    /// Opens (or clones) the local mirror of the repository.
    public init(
        options: ReconcilerOptions, cluster: KubernetesClient, logger: Logger,
        planner: ActionPlanner = ActionPlanner()
    ) throws {
        self.options = options
        self.cluster = cluster
        self.logger = logger
        self.planner = planner
        mirrorLock = MirrorLock(mirrorPath: options.mirrorPath)
        verifier = try options.allowedSignersPath.map { try SSHSignatureVerifier(allowedSignersPath: $0) }
        repository = try GitRepository.openOrCloneMirror(
            url: options.url, branch: options.branch, path: options.mirrorPath, credentials: options.credentials)
        packsAtReopen = repository.packCount
        statusWriter = StatusWriter(
            mode: options.statusMode, repository: repository, url: options.url, credentials: options.credentials,
            logger: logger)
    }

    // MARK: - The pass

    /// One pass.
    ///
    /// - Parameters:
    ///   - dryRun: stop after planning: nothing is written to the cluster or to Git
    ///     (`migsync diff`).
    ///   - force: do not stop early when the branch has not moved.
    public func pass(now: Date = Date(), dryRun: Bool = false, force: Bool = false) async -> PassReport {
        let started = ContinuousClock.now
        var report = PassReport()
        var stepStarted = started
        func endStep(_ name: String) {
            let now = ContinuousClock.now
            report.steps[name] = now - stepStarted
            stepStarted = now
        }
        let access = ClusterAccess(client: cluster, cache: clusterCache)

        // lockMirror: one process per mirror at a time; locks left by a killed one go.
        do {
            try await mirrorLock.acquire(timeout: .seconds(120))
        } catch {
            report.stepErrors.append("lockMirror: \(error)")
            return finish(report, access: access, started: started)
        }
        defer { mirrorLock.release() }
        for stale in repository.removeStaleLockFiles() {
            logger.warning("removed a lock file left by an interrupted process", metadata: ["file": "\(stale)"])
        }

        // fetchSource
        let source: FetchedSource
        do {
            source = try fetchSource()
        } catch {
            report.stepErrors.append("fetchSource: \(error)")
            lastReport = report.keptBetweenPasses
            return finish(report, access: access, started: started)
        }
        report.commit = source.head.hex
        CrashPoint.fetched.reached()
        endStep("fetchSource")
        if !force, !dryRun, source.head == lastHead, let last = lastReport, !last.needsFollowUp {
            report.skipped = true
            report.summary = last.summary
            report.reports = last.reports
            report.runsInFlight = last.runsInFlight
            return finish(report, access: access, started: started)
        }
        // This pass replaces the last report; its object reports go now rather than after a
        // second generation of them has been built.
        if !dryRun { lastReport = nil }

        // loadManifests
        let manifests: LoadedManifests
        do {
            manifests = try loadManifests(at: source.head)
        } catch {
            report.stepErrors.append("loadManifests: \(error)")
            lastReport = report.keptBetweenPasses
            return finish(report, access: access, started: started)
        }
        report.manifestFailures = manifests.failures
        endStep("loadManifests")

        // stored status (for runs created before)
        // The texts are not kept here: a note of thousands of objects must be free to go
        // when the status write replaces it (see `StatusWriter.write`).
        do {
            report.storedNotes = parsedNotes(stored: try statusWriter.storedTexts(remoteTip: source.statusTip))
        } catch {
            report.stepErrors.append("readStatus: \(error)")
            report.storedNotes = parsedNotes(stored: [:])
        }
        endStep("readStatus")

        // observeCluster (from the watch-fed cache once it is in sync)
        if options.watchCluster, clusterCache?.namespace != manifests.namespace {
            clusterCache = ClusterCache(client: cluster, namespace: manifests.namespace, logger: logger)
            access.cache = clusterCache
        }
        let observed: [ObservedObject]
        do {
            observed = try await access.observe(namespace: manifests.namespace)
        } catch {
            report.stepErrors.append("observeCluster: \(error)")
            lastReport = report.keptBetweenPasses
            return finish(report, access: access, started: started)
        }
        endStep("observeCluster")

        // loadPolicies: the tracked branch's policies, with the Git facts of waiting runs
        let createdRuns = StatusBatch.createdRuns(in: report.storedNotes)
        planner.runGate = runGate(at: source.head, desired: manifests.desired, observed: observed, created: createdRuns)

        // diff
        let diff = Diff(
            desired: manifests.desired, observed: observed, branch: options.branch,
            createdRuns: createdRuns, reusing: previousDiff)
        report.diff = diff
        // The last pass's entries not reused go now rather than at the end of the pass: after
        // a pass that changed every object they are a second copy of the whole diff. (A dry
        // run keeps them: its diff is not kept for the next pass.)
        if !dryRun { previousDiff = nil }
        // When most objects changed (every object's status after the pass that created them
        // all), the last pass's reports and notes are worth little: they go now, with the
        // cluster objects they hold, rather than stay alive while new ones are built.
        if !dryRun, diff.update == nil, diff.carriedEntries < diff.entries.count / 2 {
            previousStatus = nil
            statusWriter.forgetSyncedBatch()
        }
        endStep("diff")

        // plan
        let plan = planner.plan(
            ActionPlanner.Input(
                diff: diff, observed: observed, branch: options.branch, pruneEnabled: options.prune,
                manifestFailures: manifests.failures, now: now)
        ).holding(admissionBlocks(desired: manifests.desired, now: now))
        report.actions = plan.actions
        report.deferrals = plan.deferrals
        endStep("plan")
        let revision = Revision(branch: options.branch, commit: source.head.hex)
        if dryRun {
            let objects = PassObjects(diff: diff, plan: plan, reusing: previousStatus?.objects)
            report.reports = objects.reports
            report.runsInFlight = objects.hasRunInFlight
            report.summary = objects.summary(manifestFailures: manifests.failures, revision: revision)
            return finish(report, access: access, started: started)
        }

        // apply (creates, updates, run creation and cancel, plan close and prune deletes)
        report.failures = await apply(plan, diff: diff, access: access)
        endStep("apply")

        // observe again when something was written, so reports show the new state
        var after: ClusterAfterWrites? = nil
        if access.writes > 0 {
            after = try? await observeAfterWrites(plan, namespace: manifests.namespace, access: access)
        }
        endStep("observeAfterWrites")
        let objects = PassObjects(
            diff: diff, plan: plan, failures: report.failures, afterWrites: after, reusing: previousStatus?.objects)
        report.reports = objects.reports
        report.runsInFlight = objects.hasRunInFlight
        report.summary = objects.summary(manifestFailures: manifests.failures, revision: revision)

        // writeStatus
        endStep("summarise")
        let batch = StatusBatch(objects: objects, branch: options.branch, reusing: previousStatus?.batch)
        // The new batch holds every note it took over; the last one is let go before the
        // write, which is when a pass that rebuilt every note holds the most memory.
        previousStatus = (objects, batch)
        do {
            var consulted: [String: [StatusNote]] = [:]
            report.gitWrites = try statusWriter.write(
                batch, remoteTip: source.statusTip,
                storedNotes: { name, text in
                    let notes =
                        parsedStatus[name].flatMap { $0.text == text ? $0.notes : nil }
                        ?? (try? StatusBatch.parseCommitNote(text))
                    consulted[name] = notes
                    return notes
                },
                replacing: { names in
                    // The texts being replaced go before the commit and push; the written
                    // ones are remembered below.
                    for name in names { parsedStatus[name] = nil }
                })
            rememberWrittenNotes(batch, consulted: consulted)
        } catch {
            report.stepErrors.append("writeStatus: \(error)")
        }
        endStep("writeStatus")

        // An entry is reused only for the same manifest revision and the same cluster object
        // version, so entries of objects written in this pass are compared again next time.
        previousDiff = diff
        lastHead = source.head
        lastReport = report.keptBetweenPasses
        return finish(report, access: access, started: started)
    }

    private func finish(_ report: PassReport, access: ClusterAccess, started: ContinuousClock.Instant) -> PassReport {
        var report = report
        report.duration = ContinuousClock.now - started
        report.apiRequests = access.requests
        report.apiWrites = access.writes
        return report
    }

    // MARK: - Steps

    struct FetchedSource {
        var head: GitObjectID
        /// The remote status reference's tip, `nil` when absent or status is off.
        var statusTip: GitObjectID?
    }

    /// Reads the remote's references (branch and status reference) and, on the same
    /// connection, fetches whichever of the two moved to commits the mirror lacks.
    func fetchSource() throws -> FetchedSource {
        let branchRef = "refs/heads/\(options.branch)"
        var wanted: [String: String?] = [branchRef: GitRepository.trackingReference(for: options.branch)]
        // The status reference's objects only: the status writer sets its own reference when
        // it reads them.
        if let statusRef = statusWriter.remoteRef { wanted[statusRef] = .some(nil) }
        let references = try repository.fetchMoved(url: options.url, wanted: wanted, credentials: options.credentials)
        guard let head = references[branchRef] else {
            throw GitError.notFound(operation: "fetch source", message: "the remote has no branch \(options.branch)")
        }
        // Every fetch adds a pack, which libgit2 keeps open with its caches while the
        // repository is; opening it afresh now and then lets them go (see `reopen()`). A
        // branch that did not move brought no pack, and the pack folder is not listed.
        if head != lastHead {
            let packs = repository.packCount
            if packs >= packsAtReopen + Self.packsBetweenReopens {
                try repository.reopen()
                packsAtReopen = packs
            }
        }
        return FetchedSource(head: head, statusTip: statusWriter.remoteRef.flatMap { references[$0] })
    }

    struct LoadedManifests {
        var set: ManifestSet
        var desired: [DesiredObject]
        var failures: [ManifestFailure]
        var namespace: String
    }

    /// Loads the commit's manifests; only blobs that changed since the last pass are parsed,
    /// and only files whose blob or last commit changed become desired objects again.
    func loadManifests(at head: GitObjectID) throws -> LoadedManifests {
        // Taken out until this load succeeds: it must describe the loader's last set.
        let last = lastDesired
        lastDesired = nil
        let set = try loader.load(from: GitManifestSource(repository: repository, commit: head, prefix: options.path))
        let namespace = set.settings.namespace
        let desired: [DesiredObject]
        if let changed = loader.lastChangedPaths, let last, last.namespace == namespace {
            desired = try updatedDesired(last.objects, changed: changed, set: set, head: head)
        } else {
            desired = try allDesired(set, head: head)
        }
        lastDesired = (namespace, desired)
        var failures: [ManifestFailure] = []
        for finding in set.loadFindings where finding.severity == .error {
            failures.append(
                ManifestFailure(
                    path: finding.location.file, line: finding.location.position.line, message: finding.message))
        }
        for path in set.failedPaths.sorted() where !failures.contains(where: { $0.path == path }) {
            failures.append(ManifestFailure(path: path, message: "did not load"))
        }
        return LoadedManifests(set: set, desired: desired, failures: failures, namespace: namespace)
    }

    /// Every file's desired objects, in file order; a file whose blob is the one its objects
    /// were built from keeps them.
    private func allDesired(_ set: ManifestSet, head: GitObjectID) throws -> [DesiredObject] {
        let namespace = set.settings.namespace
        // Objects are in file order: each file's objects are one run of the list.
        var runs: [(file: String, range: Range<Int>)] = []
        var start = 0
        while start < set.objects.count {
            let file = set.objects[start].file
            var end = start + 1
            while end < set.objects.count && set.objects[end].file == file { end += 1 }
            let failed = !set.failedPaths.isEmpty && set.failedPaths.contains(file)
            if !failed, set.objects[start..<end].contains(where: { $0.mtc != nil }) {
                runs.append((file, start..<end))
            }
            start = end
        }
        // The same blob has the same last commit (that cache is keyed by blob too), so a file
        // whose blob is unchanged costs one lookup here and nothing else.
        var blobs = FileBlobs(set.files)
        var kept: [DesiredFile?] = []
        kept.reserveCapacity(runs.count)
        var rebuilt: [(path: String, blob: String)] = []
        for (file, _) in runs {
            let blob = blobs[file]
            if let blob, let cached = desiredFiles[file], cached.blob == blob, cached.namespace == namespace {
                kept.append(cached)
            } else {
                kept.append(nil)
                if let blob { rebuilt.append((file, blob)) }
            }
        }
        try lookUpLastCommits(of: rebuilt, head: head)
        var desired: [DesiredObject] = []
        desired.reserveCapacity(set.objects.count)
        for ((file, range), cached) in zip(runs, kept) {
            if let cached {
                desired += cached.objects
                continue
            }
            desired += try buildDesired(
                file, blob: blobs[file], objects: set.objects[range], namespace: namespace, head: head)
        }
        if desiredFiles.count != runs.count {
            let present = Set(runs.map(\.file))
            desiredFiles = desiredFiles.filter { present.contains($0.key) }
        }
        return desired
    }

    /// The last load's desired objects with those of the `changed` files built again, when
    /// the loader says every other file is as it was: a one-file commit then costs about one
    /// file here, and the unchanged objects stay the very values the last diff compared.
    private func updatedDesired(
        _ last: [DesiredObject], changed: Set<String>, set: ManifestSet, head: GitObjectID
    ) throws -> [DesiredObject] {
        var desired = last
        var blobs = FileBlobs(set.files)
        try lookUpLastCommits(
            of: changed.sorted().compactMap { path in blobs[path].map { (path, $0) } }, head: head)
        // Last path first, so earlier positions stay valid.
        for path in changed.sorted(by: >) {
            let start = SortedSearch.lowerBound(desired.count) { desired[$0].sourcePath < path }
            var end = start
            while end < desired.count && desired[end].sourcePath == path { end += 1 }
            let objectsStart = SortedSearch.lowerBound(set.objects.count) { set.objects[$0].file < path }
            var objectsEnd = objectsStart
            while objectsEnd < set.objects.count && set.objects[objectsEnd].file == path { objectsEnd += 1 }
            let objects = set.objects[objectsStart..<objectsEnd]
            if set.failedPaths.contains(path) || !objects.contains(where: { $0.mtc != nil }) {
                desiredFiles[path] = nil
                desired.removeSubrange(start..<end)
                continue
            }
            let built = try buildDesired(
                path, blob: blobs[path], objects: objects, namespace: set.settings.namespace, head: head)
            desired.replaceSubrange(start..<end, with: built)
        }
        return desired
    }

    /// One file's desired objects, remembered by the file.
    private func buildDesired(
        _ file: String, blob: String?, objects: ArraySlice<ManifestObject>, namespace: String, head: GitObjectID
    ) throws -> [DesiredObject] {
        let commit = try lastCommit(of: file, blob: blob, head: head)
        var built: [DesiredObject] = []
        for source in objects where source.mtc != nil {
            if let object = DesiredObject(
                object: KubeObject(json: source.json), sourcePath: file,
                sourceLine: source.location.position.line, commit: commit.hex, defaultNamespace: namespace)
            {
                built.append(object)
            }
        }
        desiredFiles[file] = DesiredFile(blob: blob, commit: commit, namespace: namespace, objects: built)
        return built
    }

    /// A file's desired objects as last built, with what they were built from.
    struct DesiredFile {
        var blob: String?
        var commit: GitObjectID
        var namespace: String
        var objects: [DesiredObject]
    }

    /// Finds the last commits of every path not cached yet in one walk of history: a walk per
    /// file would cost as many walks as the repository has files on a first pass.
    private func lookUpLastCommits(of files: [(path: String, blob: String)], head: GitObjectID) throws {
        var missing: [String: String] = [:]
        for (path, blob) in files where missing[path] == nil {
            if let cached = lastCommits[path], cached.blob == blob { continue }
            missing[path] = blob
        }
        guard missing.count > 1 else { return }
        let found = try repository.lastCommits(touching: Array(missing.keys), from: head)
        for (path, blob) in missing {
            lastCommits[path] = (blob, found[path] ?? head)
        }
    }

    private func lastCommit(of path: String, blob: String?, head: GitObjectID) throws -> GitObjectID {
        if let blob, let cached = lastCommits[path], cached.blob == blob { return cached.commit }
        let commit = try repository.lastCommit(touching: path, from: head) ?? head
        if let blob { lastCommits[path] = (blob, commit) }
        return commit
    }

    /// The cluster after this pass's writes. After a few writes only the objects written are
    /// read again (the others are as the pass observed them); after many, everything is
    /// listed again, which is then cheaper.
    private func observeAfterWrites(
        _ plan: ActionPlan, namespace: String, access: ClusterAccess
    ) async throws -> ClusterAfterWrites {
        let written = Set(plan.actions.map(\.key))
        guard written.count <= 64 else { return .relisted(try await access.observe(namespace: namespace)) }
        var fresh: [ObjectKey: ObservedObject?] = [:]
        for key in written {
            do {
                fresh[key] = .some(ObservedObject(object: try await access.get(key)))
            } catch KubeError.notFound {
                fresh[key] = .some(nil)
            }
        }
        return .reread(fresh)
    }

    /// The gate runs pass: the policies under `policiesPath` at `head` (every run allowed
    /// when there are none), fed with each waiting run's commit and verified approvals.
    ///
    /// Fails closed: when the policies cannot be read, every run waits.
    func runGate(
        at head: GitObjectID, approvalsUpTo approvalHead: GitObjectID? = nil, desired: [DesiredObject],
        observed: [ObservedObject], created: Set<ObjectKey>
    ) -> any RunGate {
        do {
            let entries = try repository.treeEntries(at: head, under: options.policiesPath).filter {
                $0.path.hasSuffix(".yaml") || $0.path.hasSuffix(".yml")
            }
            if entries.isEmpty {
                cachedPolicies = nil
                return AllowAllRunGate()
            }
            let blobs = entries.map { "\($0.path)@\($0.blobID)" }
            let gate: PolicyGate
            if let cached = cachedPolicies, cached.blobs == blobs {
                gate = cached.gate
            } else {
                gate = PolicyGate(
                    sources: try entries.map { entry in
                        PolicySource(
                            path: entry.path,
                            contents: String(decoding: try repository.blobContents(entry.blobID), as: UTF8.self))
                    })
                cachedPolicies = (blobs, gate)
                for finding in gate.policies.findings { logger.error("policy \(finding)") }
            }
            let onCluster = Set(observed.map(\.key))
            var facts: [ObjectKey: GitFactsRunGate.Facts] = [:]
            for run in desired where run.kind.isRun && !onCluster.contains(run.key) && !created.contains(run.key) {
                guard let lastChange = GitObjectID(hex: run.commit) else { continue }
                let info = try repository.commitInfo(lastChange)
                let commit = CommitFacts(
                    id: lastChange.hex, author: .init(name: info.author.name, email: info.author.email),
                    committer: .init(name: info.committer.name, email: info.committer.email),
                    time: info.committer.date, message: info.message)
                var approvals: [Approval] = []
                if let verifier {
                    let found = try RunApprovals.collect(
                        run: run.key, lastChange: lastChange, head: approvalHead ?? head, repository: repository,
                        verifier: verifier)
                    approvals = found.counted
                    for rejected in found.rejected {
                        logger.info("approval not counted", metadata: ["run": "\(run.key)", "commit": "\(rejected)"])
                    }
                }
                facts[run.key] = GitFactsRunGate.Facts(commit: commit, approvals: approvals)
            }
            return GitFactsRunGate(policies: gate, facts: facts)
        } catch {
            logger.error("cannot read policies; every run waits", metadata: ["error": "\(error)"])
            return BlockingRunGate(
                block: RunBlock(
                    policy: options.policiesPath, requirement: "policyFiles",
                    message: "policies could not be read: \(error)"))
        }
    }

    /// Objects other than runs that a policy refuses (`deny`, `requiredFields`), by key, from
    /// the policies the last `runGate` read; their writes are held.
    func admissionBlocks(desired: [DesiredObject], now: Date) -> [ObjectKey: RunBlock] {
        guard let policies = cachedPolicies?.gate.policies, !policies.policies.isEmpty else { return [:] }
        var blocks: [ObjectKey: RunBlock] = [:]
        for object in desired where !object.kind.isRun {
            if let block = policies.admissionFindings(for: object, now: now).first { blocks[object.key] = block }
        }
        return blocks
    }

    /// Records the notes just written as parsed, so the next pass does not read back (and
    /// parse) a note of thousands of objects it has just rendered: each written commit note
    /// holds the batch's notes for that commit plus the stored entries that were kept.
    private func rememberWrittenNotes(_ batch: StatusBatch, consulted: [String: [StatusNote]]) {
        guard options.statusMode == .notes else { return }
        for (commit, text) in statusWriter.lastWrittenTexts {
            let current = batch.notes(ofCommit: commit)
            let keys = Set(current.map(\.key))
            let kept = (consulted[commit] ?? []).filter { !keys.contains($0.key) }
            parsedStatus[commit] = (text, (Array(current) + kept).sorted { $0.key < $1.key })
        }
    }

    /// ``notes(stored:mode:)`` parsing only the texts that changed since the last pass.
    func parsedNotes(stored: [String: String]) -> [StatusNote] {
        var next: [String: (text: String, notes: [StatusNote])] = [:]
        var notes: [StatusNote] = []
        for (name, text) in stored {
            let parsed: [StatusNote]
            if let cached = parsedStatus[name], cached.text == text {
                parsed = cached.notes
            } else {
                parsed = Self.notes(stored: [name: text], mode: options.statusMode)
            }
            next[name] = (text, parsed)
            notes += parsed
        }
        parsedStatus = next
        return notes
    }

    /// The status notes stored in Git, parsed; unreadable texts are skipped (the next
    /// write replaces them).
    static func notes(stored: [String: String], mode: StatusMode) -> [StatusNote] {
        var notes: [StatusNote] = []
        for text in stored.values {
            switch mode {
            case .notes: notes += (try? StatusBatch.parseCommitNote(text)) ?? []
            case .commit: notes += (try? StatusNote(parsing: text)).map { [$0] } ?? []
            case .none: break
            }
        }
        return notes
    }

    /// Makes the planned writes in order; an action whose dependency failed is skipped.
    func apply(_ plan: ActionPlan, diff: Diff, access: ClusterAccess) async -> [ObjectKey: String] {
        var failures: [ObjectKey: String] = [:]
        for action in plan.actions {
            if let failed = action.dependsOn.first(where: { failures[$0] != nil }) {
                failures[action.key] = "skipped: \(failed) failed"
                continue
            }
            do {
                try await apply(action, desired: diff[action.key]?.desired, access: access)
                CrashPoint.clusterWrite.reached()
                logger.info("\(action)", metadata: ["source": "\(action.source ?? "")"])
            } catch {
                logger.warning("\(action) failed: \(error)")
                failures[action.key] = "\(error)"
            }
        }
        return failures
    }

    private func apply(_ action: PlannedAction, desired: DesiredObject?, access: ClusterAccess) async throws {
        let key = action.key
        let branch = options.branch
        let remerge: (KubeObject) -> KubeObject? = { fresh in
            desired.map { OwnedFields.merge($0, into: fresh, branch: branch) }
        }
        switch action.verb {
        case .create(let declared):
            do {
                try await access.create(OwnedFields.created(declared, branch: branch), kind: key.kind)
            } catch KubeError.alreadyExists {
                // A run of that name exists: it was created before (created at most once).
                // Any other kind: someone else created it meanwhile; converge it.
                guard !key.kind.isRun else { return }
                let fresh = try await access.get(key)
                if let merged = remerge(fresh), OwnedFields.differs(merged, from: fresh) {
                    try await access.write(merged, key: key, change: remerge)
                }
            }
        case .update(let object, _):
            try await access.write(object, key: key, change: remerge)
        case .cancelRun(let object):
            try await access.write(object, key: key) { fresh in Self.setting("canceled", in: fresh) }
        case .closePlan(let object):
            try await access.write(object, key: key) { fresh in Self.setting("closed", in: fresh) }
        case .delete:
            do {
                try await access.delete(key)
            } catch KubeError.notFound {
                return
            }
        }
    }

    static func setting(_ field: String, in object: KubeObject) -> KubeObject? {
        if object.spec?[field]?.boolValue == true { return nil }
        var object = object
        var spec = object.spec ?? .object([:])
        spec[field] = .bool(true)
        object.spec = spec
        return object
    }

    /// Manifest blobs parsed since this reconciler was created.
    public var manifestsParsed: Int { loader.totalParseCount }

    /// The local mirror, for commands that read notes after a pass.
    public var mirror: GitRepository { repository }
}
