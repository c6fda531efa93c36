import CLibgit2

/// Process-wide libgit2 setup.
///
/// libgit2 keeps global state (allocators, TLS, the thread-local error slot) that must be
/// set up once before any other call. The lazy `static let` runs `git_libgit2_init` exactly
/// once, thread-safely, the first time any repository or remote is touched. It is never
/// shut down: repositories may be alive until the process exits.
enum GitLibrary {
    private static let initializationCount: Int32 = {
        let count = git_libgit2_init()
        // Trees up to 2 MiB are kept parsed (libgit2 keeps none over 4 KiB by default): a
        // folder of thousands of manifests is one large tree, which a pass reads several
        // times (tree diff, last-commit lookup) and the next pass reads again as its old
        // side. The whole cache is held to 2 MiB instead of 256 MiB: that counts the trees'
        // raw bytes, a parsed tree takes about twice as much, and a pass needs two of them.
        _ = migsync_git_set_cache_object_limit(GIT_OBJECT_TREE, 2 << 20)
        _ = migsync_git_set_cache_max_size(2 << 20)
        // libgit2 keeps every pack it has read open; a mirror gains one per fetch.
        _ = migsync_git_set_mwindow_file_limit(128)
        // A failed registration leaves libgit2's own stream in place, which works, only slower.
        _ = NoDelaySocketStream.register()
        return count
    }()

    /// Makes sure libgit2 is initialised; cheap after the first call.
    static func ensureInitialized() {
        _ = initializationCount
    }
}
