import Foundation
import KubeObjects
import KubernetesClient
import MTCManifests
import MigsyncCore
import MigsyncGit
import MigsyncPolicy

extension Reconciler {
    /// What merging `headRef` into `baseRef` would do against the live target, writing
    /// nothing to the cluster or to Git (`migsync plan`).
    ///
    /// Manifests come from the merge result; policies from the base, as the daemon would read
    /// them after the merge (a pull request cannot loosen the rules it is judged by);
    /// approvals are counted as of the head. Every create and update the merge leads to is
    /// sent to the target as a server-side dry run, so its admission errors show too.
    public func preview(baseRef: String, headRef: String, now: Date = Date()) async throws -> PlanPreview {
        try await mirrorLock.acquire(timeout: .seconds(120))
        defer { mirrorLock.release() }
        repository.removeStaleLockFiles()

        let base = try fetchPreviewRef(baseRef, as: "base")
        let head = try fetchPreviewRef(headRef, as: "head")
        let merged = try repository.mergeResult(base: base, head: head, identity: .migsync)

        let manifests = try loadManifests(at: merged)
        var findings = manifests.set.loadFindings + Validator().validate(manifests.set)
        findings.sort()
        var findingLines = findings.map(\.description)
        var errorCount = findings.filter { $0.severity == .error }.count
        let headPolicies = try policySources(at: merged)
        for finding in PolicySet.load(headPolicies).findings {
            findingLines.append(finding.description)
            errorCount += 1
        }

        let access = ClusterAccess(client: cluster)
        let observed = try await access.observe(namespace: manifests.namespace)
        let remote = try repository.remoteReferences(url: options.url, credentials: options.credentials)
        let stored = (try? statusWriter.storedTexts(remoteTip: statusWriter.remoteRef.flatMap { remote[$0] })) ?? [:]
        let createdRuns = StatusBatch.createdRuns(in: Self.notes(stored: stored, mode: options.statusMode))

        let gate = runGate(
            at: base, approvalsUpTo: merged, desired: manifests.desired, observed: observed, created: createdRuns)
        var planner = planner
        planner.runGate = gate
        let diff = Diff(
            desired: manifests.desired, observed: observed, branch: options.branch, createdRuns: createdRuns)
        let plan = planner.plan(
            ActionPlanner.Input(
                diff: diff, observed: observed, branch: options.branch, pruneEnabled: options.prune,
                manifestFailures: manifests.failures, now: now)
        ).holding(admissionBlocks(desired: manifests.desired, now: now))

        var changes: [PlanPreview.Change] = []
        for action in plan.actions {
            var change = PlanPreview.Change(
                verb: action.verb.name, object: action.key.description, source: action.source, fields: [],
                dryRunError: nil)
            switch action.verb {
            case .create(let desired):
                let object = OwnedFields.created(desired, branch: options.branch)
                change.dryRunError = await dryRun {
                    _ = try await cluster.create(object, type: ClusterAccess.type(of: action.key.kind), dryRun: true)
                }
            case .update(let object, let fields):
                change.fields = fields.map(\.description)
                change.dryRunError = await dryRun {
                    _ = try await cluster.update(object, type: ClusterAccess.type(of: action.key.kind), dryRun: true)
                }
            case .cancelRun: change.fields = ["spec.canceled: true"]
            case .closePlan: change.fields = ["spec.closed: true"]
            case .delete: break
            }
            // A new run is listed with its verdict under runs, not twice.
            if case .create = action.verb, action.key.kind.isRun { continue }
            changes.append(change)
        }

        let onCluster = Set(observed.map(\.key))
        let observedByKey = Dictionary(observed.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let observedRuns = observed.filter { $0.kind.isRun }
        var runs: [PlanPreview.Run] = []
        for run in manifests.desired
        where run.kind.isRun && !onCluster.contains(run.key) && !createdRuns.contains(run.key) {
            let planKey = References.plan(ofRun: run.object)
            let context = RunGateContext(
                now: now, branch: options.branch, plan: planKey.flatMap { observedByKey[$0] },
                observedRuns: observedRuns)
            let blocks =
                (gate as? GitFactsRunGate)?.blocks(for: run, context: context)
                ?? {
                    if case .blocked(let block) = gate.verdict(for: run, context: context) {
                        return [block]
                    } else {
                        return []
                    }
                }()
            let waits = plan.deferrals.filter { $0.key == run.key }.compactMap { deferral -> String? in
                if case .policyBlocked = deferral.reason { return nil }
                return deferral.reason.message
            }
            let approvals = (gate as? GitFactsRunGate)?.facts[run.key]?.approvals.map(\.signer) ?? []
            runs.append(
                PlanPreview.Run(
                    object: run.key.description, source: run.sourceLocation,
                    type: RunKind(spec: run.object.spec).rawValue,
                    allowed: blocks.isEmpty,
                    blocks: blocks.map { "policy \($0.policy) (\($0.requirement)): \($0.message)" },
                    nextOpening: blocks.compactMap(\.nextOpening).max().map { $0.formatted(.iso8601) },
                    waitingFor: waits, approvals: approvals))
        }

        var removed: [String] = []
        var deferred: [String] = []
        for deferral in plan.deferrals {
            switch deferral.reason {
            case .pruneDisabled, .pruneSuppressed, .stillReferenced, .runningMigrationNotDeleted, .waitingForPlanClosed:
                removed.append(deferral.description)
            case .policyBlocked, .waitingForPlanReady, .waitingForStageRuns, .waitingForReferences:
                if !deferral.key.kind.isRun { deferred.append(deferral.description) }
            default:
                deferred.append(deferral.description)
            }
        }

        let policyChanges = try repository.changedPaths(from: base, to: head, under: options.policiesPath)
        return PlanPreview(
            base: base.hex, head: head.hex, merged: merged.hex, changes: changes, removed: removed, runs: runs,
            deferred: deferred, findings: findingLines, errorCount: errorCount, policyFilesChanged: policyChanges)
    }

    /// Fetches `ref` (`main`, `refs/pull/7/head`, `HEAD`) into a preview reference.
    private func fetchPreviewRef(_ ref: String, as name: String) throws -> GitObjectID {
        let source = ref == "HEAD" || ref.hasPrefix("refs/") ? ref : "refs/heads/\(ref)"
        let local = "refs/migsync/preview/\(name)"
        try repository.fetch(url: options.url, refspecs: ["+\(source):\(local)"], credentials: options.credentials)
        guard let id = repository.readReference(local) else {
            throw GitError.notFound(operation: "plan", message: "the remote has no \(ref)")
        }
        return id
    }

    /// The policy files under `policiesPath` at `commit`.
    func policySources(at commit: GitObjectID) throws -> [PolicySource] {
        try repository.treeEntries(at: commit, under: options.policiesPath)
            .filter { $0.path.hasSuffix(".yaml") || $0.path.hasSuffix(".yml") }
            .map {
                PolicySource(
                    path: $0.path, contents: String(decoding: try repository.blobContents($0.blobID), as: UTF8.self))
            }
    }

    /// `nil` when the target accepts the write as a dry run, else what it said.
    private func dryRun(_ write: () async throws -> Void) async -> String? {
        do {
            try await write()
            return nil
        } catch {
            return "\(error)"
        }
    }
}
