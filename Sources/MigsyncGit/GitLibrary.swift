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
        // A failed registration leaves libgit2's own stream in place, which works, only slower.
        _ = NoDelaySocketStream.register()
        return count
    }()

    /// Makes sure libgit2 is initialised; cheap after the first call.
    static func ensureInitialized() {
        _ = initializationCount
    }
}
