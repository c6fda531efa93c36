import CLibgit2
import Foundation

extension GitRepository {
    /// Opens the bare mirror at `path`, or, when nothing is there, clones only `branch` of `url`
    /// into it (as `refs/remotes/origin/<branch>`).
    ///
    /// The clone is made in a sibling folder and renamed into place, so a failed or interrupted
    /// clone leaves nothing half-made at `path`. The remote URL is not stored in the mirror's
    /// configuration: credentials embedded in a URL never reach the disk.
    public static func openOrCloneMirror(
        url: String,
        branch: String,
        path: String,
        credentials: GitCredentials = .none
    ) throws -> GitRepository {
        GitLibrary.ensureInitialized()
        if FileManager.default.fileExists(atPath: path) {
            return try open(path: path)
        }
        let parent = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let partial = "\(path).partial-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: partial) }
        do {
            let repository = try create(path: partial, bare: true)
            _ = try repository.fetchBranch(url: url, branch: branch, credentials: credentials)
        }
        do {
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch {
            // Another process finished the same clone first: use its mirror.
            if let existing = try? open(path: path) { return existing }
            throw GitError.invalidArgument("clone \(Redaction.redactURL(url)): cannot move the clone into \(path)")
        }
        return try open(path: path)
    }

    /// The commit `branch` points to on the remote, or `nil` when the remote has no such branch.
    ///
    /// This is the cheap "did it move?" check: it connects and reads the remote's reference
    /// advertisement (like `git ls-remote`) and transfers no objects.
    ///
    /// - Parameter branch: a branch name (`main`) or a full reference (`refs/notes/migsync`).
    public func remoteBranchHead(url: String, branch: String, credentials: GitCredentials = .none) throws
        -> GitObjectID?
    {
        let wanted = Self.fullReference(branch)
        return try remoteReferences(url: url, credentials: credentials)[wanted]
    }

    /// Every reference the remote advertises, by full name (`refs/heads/main`, `HEAD`, …).
    public func remoteReferences(url: String, credentials: GitCredentials = .none) throws -> [String: GitObjectID] {
        try fetchMoved(url: url, wanted: [:], credentials: credentials)
    }

    /// Reads the remote's references and, on the same connection, fetches those of `wanted`
    /// whose tips this repository does not have.
    ///
    /// The "did it move?" check and the fetch in one connection: a moved branch costs one
    /// server session (one TLS or SSH handshake, one `upload-pack`), not two. Each wanted
    /// reference with a local name is set there (forced, so a rewritten remote history is
    /// followed); one without is fetched for its objects only.
    ///
    /// - Parameter wanted: remote reference (`refs/heads/main`) → local reference, or `nil`.
    /// - Returns: every reference the remote advertises, by full name.
    public func fetchMoved(url: String, wanted: [String: String?], credentials: GitCredentials = .none) throws
        -> [String: GitObjectID]
    {
        try withRemote(url: url, credentials: credentials) { remote, session in
            var callbacks = session.makeCallbacks()
            try session.check(
                git_remote_connect(remote, GIT_DIRECTION_FETCH, &callbacks, nil, nil),
                "connect to \(session.redactedURL)"
            )
            defer { git_remote_disconnect(remote) }
            let references = try Self.advertisedReferences(remote, session: session)
            let missing = wanted.keys.sorted().filter { name in references[name].map { !contains($0) } ?? false }
            if !missing.isEmpty {
                var options = Self.fetchOptions(session)
                try withStrArray(missing) { array in
                    try session.check(
                        git_remote_download(remote, array, &options),
                        "fetch \(missing.joined(separator: " ")) from \(session.redactedURL)"
                    )
                }
            }
            for (name, local) in wanted {
                guard let tip = references[name], let local = local ?? nil else { continue }
                guard contains(tip) else {
                    throw GitError.notFound(
                        operation: "fetch \(name)", message: "\(session.redactedURL) did not send \(tip.hex)")
                }
                if readReference(local) != tip { try updateReference(local, to: tip) }
            }
            return references
        }
    }

    /// How migsync fetches: no tags followed (it reads branches and notes only), no FETCH_HEAD.
    private static func fetchOptions(_ session: RemoteSession) -> git_fetch_options {
        var options = git_fetch_options()
        git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION))
        options.callbacks = session.makeCallbacks()
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        options.update_fetchhead = 0
        return options
    }

    /// The reference advertisement of a connected remote.
    private static func advertisedReferences(_ remote: OpaquePointer, session: RemoteSession) throws -> [String:
        GitObjectID]
    {
        var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        try session.check(git_remote_ls(&heads, &count, remote), "list references of \(session.redactedURL)")
        var references: [String: GitObjectID] = [:]
        for index in 0..<count {
            guard let head = heads?[index]?.pointee, let name = head.name else { continue }
            references[String(cString: name)] = GitObjectID(head.oid)
        }
        return references
    }

    /// Fetches `refspecs` (e.g. `+refs/heads/main:refs/remotes/origin/main`) from `url`.
    ///
    /// Tags are not followed: migsync reads branches and notes only.
    public func fetch(url: String, refspecs: [String], credentials: GitCredentials = .none) throws {
        try withRemote(url: url, credentials: credentials) { remote, session in
            var options = Self.fetchOptions(session)
            try withStrArray(refspecs) { array in
                try session.check(
                    git_remote_fetch(remote, array, &options, "migsync: fetch"),
                    "fetch \(refspecs.joined(separator: " ")) from \(session.redactedURL)"
                )
            }
        }
    }

    /// Fetches one branch into `refs/remotes/origin/<branch>` (forced, so a rewritten remote
    /// history is followed) and returns its new tip.
    ///
    /// - Throws: ``GitError/notFound(operation:message:)`` when the remote has no such branch.
    @discardableResult
    public func fetchBranch(url: String, branch: String, credentials: GitCredentials = .none) throws -> GitObjectID {
        let name = Self.branchName(branch)
        let local = Self.trackingReference(for: name)
        try fetch(url: url, refspecs: ["+refs/heads/\(name):\(local)"], credentials: credentials)
        guard let tip = readReference(local) else {
            throw GitError.notFound(
                operation: "fetch branch \(name)",
                message:
                    "\(Redaction.redact(url, secrets: credentials.secrets + Redaction.secrets(inURL: url))) has no branch \(name)"
            )
        }
        return tip
    }

    /// Pushes `refspecs` to `url`: `refs/heads/main:refs/heads/main`, or a commit id as the source
    /// (`<40 hex>:refs/heads/main`); a leading `+` forces.
    ///
    /// - Throws: ``GitError/nonFastForward(ref:)`` when a remote reference has commits the pushed
    ///   one does not contain; ``GitError/pushRejected(ref:reason:)`` when the server refused a
    ///   reference (hook, protection); libgit2 reports the latter as success, so the
    ///   push-update-reference callback's status is what is checked.
    public func push(url: String, refspecs: [String], credentials: GitCredentials = .none) throws {
        // libgit2 only pushes from references; a commit id source is pushed through a short-lived
        // reference, so callers can push exactly the commit they built.
        var temporaryReferences: [String] = []
        defer { temporaryReferences.forEach { try? deleteReference($0) } }
        let pushable = try refspecs.map { spec -> String in
            let force = spec.hasPrefix("+")
            let body = force ? String(spec.dropFirst()) : spec
            let parts = body.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, let id = GitObjectID(hex: parts[0]) else { return spec }
            let temporary = "refs/migsync-push/\(UUID().uuidString)"
            try updateReference(temporary, to: id)
            temporaryReferences.append(temporary)
            return (force ? "+" : "") + temporary + ":" + parts[1]
        }
        try pushReferences(url: url, refspecs: pushable, credentials: credentials)
    }

    private func pushReferences(url: String, refspecs: [String], credentials: GitCredentials) throws {
        if let path = Self.localWorkingRepositoryPath(url) {
            return try pushIntoWorkingRepository(at: path, refspecs: refspecs)
        }
        try withRemote(url: url, credentials: credentials, forPush: true) { remote, session in
            var options = git_push_options()
            git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION))
            options.callbacks = session.makeCallbacks()
            let code = withStrArray(refspecs) { array in git_remote_push(remote, array, &options) }
            if code == GIT_ENONFASTFORWARD.rawValue {
                git_error_clear()
                throw GitError.nonFastForward(ref: nonFastForwardReference(session: session, refspecs: refspecs))
            }
            try session.check(code, "push \(refspecs.joined(separator: " ")) to \(session.redactedURL)")
            if let rejected = session.rejectedReferences.first {
                let reason = Redaction.redact(rejected.reason, secrets: session.secrets)
                if Self.isNonFastForwardStatus(reason) {
                    throw GitError.nonFastForward(ref: rejected.ref)
                }
                throw GitError.pushRejected(ref: rejected.ref, reason: reason)
            }
        }
    }

    // MARK: - Helpers

    /// Runs `body` with an anonymous (in-memory) remote for `url`, so nothing about the remote,
    /// least of all a credential-bearing URL, is written to the repository's configuration.
    ///
    /// The URL is first rewritten by the configuration's `insteadOf` rules (`pushInsteadOf`
    /// too when `forPush`), as git would; libgit2's own rewriting is off because it leaks
    /// (see ``URLRewriteRules``).
    func withRemote<R>(
        url: String, credentials: GitCredentials, forPush: Bool = false,
        _ body: (OpaquePointer, RemoteSession) throws -> R
    ) throws -> R {
        let target = try urlRewriteRules().rewritten(url, forPush: forPush)
        let session = RemoteSession(url: target, credentials: credentials)
        var options = git_remote_create_options()
        git_remote_create_options_init(&options, UInt32(GIT_REMOTE_CREATE_OPTIONS_VERSION))
        options.repository = pointer
        options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF.rawValue
        var remote: OpaquePointer?
        try session.check(git_remote_create_with_opts(&remote, target, &options), "open remote \(session.redactedURL)")
        guard let remote else {
            throw GitError.invalidArgument("open remote \(session.redactedURL) returned no handle")
        }
        defer { git_remote_free(remote) }
        return try withExtendedLifetime(session) { try body(remote, session) }
    }

    /// The destination reference that made libgit2 refuse a push as non-fast-forward: the first
    /// update whose remote tip is unknown here or not an ancestor of what is pushed.
    private func nonFastForwardReference(session: RemoteSession, refspecs: [String]) -> String {
        for update in session.pushUpdates {
            guard let old = update.remoteOld else { continue }
            guard let new = update.localNew, contains(old) else { return update.ref }
            var base = git_oid()
            var oldOID = old.oid
            var newOID = new.oid
            if git_merge_base(&base, pointer, &oldOID, &newOID) != 0 || GitObjectID(base) != old {
                git_error_clear()
                return update.ref
            }
        }
        let destination = refspecs.first.map { spec in
            String(spec.split(separator: ":", maxSplits: 1).last ?? Substring(spec))
        }
        return destination ?? "(unknown reference)"
    }

    private static func isNonFastForwardStatus(_ status: String) -> Bool {
        let lower = status.lowercased()
        return lower.contains("non-fast-forward") || lower.contains("fetch first") || lower.contains("non-fastforward")
    }

    /// `main` → `refs/heads/main`; full names (`refs/…`) and `HEAD` are kept.
    static func fullReference(_ name: String) -> String {
        name.hasPrefix("refs/") || name == "HEAD" ? name : "refs/heads/\(name)"
    }

    /// `refs/heads/main` → `main`.
    static func branchName(_ name: String) -> String {
        name.hasPrefix("refs/heads/") ? String(name.dropFirst("refs/heads/".count)) : name
    }

    /// Where ``fetchBranch(url:branch:credentials:)`` stores `branch`.
    public static func trackingReference(for branch: String) -> String {
        "refs/remotes/origin/\(branchName(branch))"
    }
}
