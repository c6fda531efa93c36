import MigsyncCore
import Testing

@testable import MigsyncReconciler

@Suite("Cluster cache")
struct ClusterCacheTests {
    /// A written object's answer replaces the cached copy only when it is known to be later:
    /// the watch may have brought a newer version (mig-controller's status) before the answer.
    @Test(
        "an answer replaces the cached copy only when it is a later version of the same object",
        arguments: [
            ("uid-1", "7", "uid-1", "5", true),
            ("uid-1", "5", "uid-1", "7", false),
            ("uid-1", "5", "uid-1", "5", false),
            ("uid-2", "9", "uid-1", "5", false),
            ("uid-1", "b", "uid-1", "a", false),
        ])
    func newerVersions(
        candidateUID: String, candidateVersion: String, cachedUID: String, cachedVersion: String, newer: Bool
    ) {
        let candidate = ObservedObject.Version(uid: candidateUID, resourceVersion: candidateVersion)
        let cached = ObservedObject.Version(uid: cachedUID, resourceVersion: cachedVersion)
        #expect(ClusterCache.isNewer(candidate, than: cached) == newer)
    }
}
