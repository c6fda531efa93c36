import CLibgit2

/// A Git repository on disk, opened through libgit2.
///
/// The instance owns its `git_repository` handle and frees it when released. Every method is
/// synchronous and reads libgit2's thread-local error on the calling thread, so errors always
/// describe the call that failed.
///
/// - Important: A `GitRepository` is deliberately not `Sendable`. libgit2 objects must not be
///   used from two threads at once; keep one instance per task (or inside one actor) and open
///   another instance of the same path where parallel work is needed.
public final class GitRepository {
    /// The `git_repository *` this instance owns; replaced only by ``reopen()``.
    private(set) var pointer: OpaquePointer
    /// The path the repository was opened or created at.
    public let path: String

    private init(pointer: OpaquePointer, path: String) {
        self.pointer = pointer
        self.path = path
    }

    deinit {
        git_repository_free(pointer)
    }

    /// Opens an existing repository (bare, or a working tree containing `.git`) at `path`.
    ///
    /// - Throws: ``GitError/notFound(operation:message:)`` when no repository is there.
    public static func open(path: String) throws -> GitRepository {
        GitLibrary.ensureInitialized()
        var handle: OpaquePointer?
        try check(git_repository_open(&handle, path), "open repository at \(path)")
        guard let handle else { throw GitError.invalidArgument("open repository at \(path) returned no handle") }
        return GitRepository(pointer: handle, path: path)
    }

    /// Opens the repository afresh and lets go of everything libgit2 held for it.
    ///
    /// libgit2 keeps, for as long as a repository is open, every pack it has read with a
    /// cache of the delta bases it unpacked from it. A folder of ten thousand manifests is a
    /// tree of half a megabyte, and a mirror fetching every commit gains a pack holding one
    /// of those per commit: a daemon grew by about 0.4 MB per commit that way. Only freeing
    /// the repository frees them (replacing its object database does not).
    public func reopen() throws {
        var handle: OpaquePointer?
        try check(git_repository_open(&handle, path), "reopen repository at \(path)")
        guard let handle else { throw GitError.invalidArgument("reopen repository at \(path) returned no handle") }
        let previous = pointer
        pointer = handle
        git_repository_free(previous)
    }

    /// Creates an empty repository at `path` (directories are created as needed).
    ///
    /// - Parameter bare: `true` for a repository without a working tree, which is what a
    ///   reconciler's mirror needs.
    public static func create(path: String, bare: Bool) throws -> GitRepository {
        GitLibrary.ensureInitialized()
        var handle: OpaquePointer?
        try check(git_repository_init(&handle, path, bare ? 1 : 0), "create repository at \(path)")
        guard let handle else { throw GitError.invalidArgument("create repository at \(path) returned no handle") }
        return GitRepository(pointer: handle, path: path)
    }

    /// True for a repository without a working tree.
    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    // MARK: - References and revisions

    /// Resolves a revision (`main`, `refs/remotes/origin/main`, `HEAD~1`, a full or short hex id)
    /// to the commit it names, peeling tags.
    ///
    /// - Throws: ``GitError/notFound(operation:message:)`` when the revision does not exist.
    public func resolve(_ revision: String) throws -> GitObjectID {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, pointer, revision), "resolve \(revision)")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "resolve \(revision) to a commit")
        defer { git_object_free(commit) }
        return GitObjectID(git_object_id(commit))
    }

    /// The object a reference points to (following symbolic references), or `nil` when the
    /// reference does not exist.
    public func readReference(_ name: String) -> GitObjectID? {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, pointer, name) == 0 else {
            git_error_clear()
            return nil
        }
        return GitObjectID(oid)
    }

    /// Points `name` at `id`, creating or overwriting the reference.
    public func updateReference(_ name: String, to id: GitObjectID) throws {
        var oid = id.oid
        var reference: OpaquePointer?
        try check(
            git_reference_create(&reference, pointer, name, &oid, 1, "migsync: update \(name)"),
            "update reference \(name)"
        )
        git_reference_free(reference)
    }

    /// Removes the reference `name`; does nothing when it does not exist.
    public func deleteReference(_ name: String) throws {
        var reference: OpaquePointer?
        let code = git_reference_lookup(&reference, pointer, name)
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return
        }
        try check(code, "look up reference \(name)")
        defer { git_reference_free(reference) }
        try check(git_reference_delete(reference), "delete reference \(name)")
    }

    /// Names of the references that match a glob such as `refs/remotes/origin/*`.
    public func referenceNames(matching glob: String) throws -> [String] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, pointer, glob), "list references \(glob)")
        defer { git_reference_iterator_free(iterator) }
        var names: [String] = []
        var name: UnsafePointer<CChar>?
        while true {
            let code = git_reference_next_name(&name, iterator)
            if code == GIT_ITEROVER.rawValue {
                git_error_clear()
                break
            }
            try check(code, "list references \(glob)")
            if let name { names.append(String(cString: name)) }
        }
        return names.sorted()
    }

    /// True when the object database holds `id`.
    public func contains(_ id: GitObjectID) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, pointer) == 0 else {
            git_error_clear()
            return false
        }
        defer { git_odb_free(odb) }
        var oid = id.oid
        return git_odb_exists(odb, &oid) == 1
    }

    // MARK: - Scoped handles

    /// Looks up a commit and passes it to `body`, freeing it afterwards.
    func withCommit<R>(_ id: GitObjectID, _ operation: String, _ body: (OpaquePointer) throws -> R) throws -> R {
        var oid = id.oid
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, pointer, &oid), "\(operation): look up commit \(id.short)")
        guard let commit else { throw GitError.notFound(operation: operation, message: "commit \(id.hex)") }
        defer { git_commit_free(commit) }
        return try body(commit)
    }

    /// Looks up the root tree of a commit and passes it to `body`, freeing it afterwards.
    func withCommitTree<R>(_ id: GitObjectID, _ operation: String, _ body: (OpaquePointer) throws -> R) throws -> R {
        try withCommit(id, operation) { commit in
            var tree: OpaquePointer?
            try check(git_commit_tree(&tree, commit), "\(operation): read tree of \(id.short)")
            guard let tree else { throw GitError.notFound(operation: operation, message: "tree of \(id.hex)") }
            defer { git_tree_free(tree) }
            return try body(tree)
        }
    }
}
