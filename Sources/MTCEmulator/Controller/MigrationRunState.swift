import Foundation
import KubeObjects

/// Controller-private bookkeeping of one run, kept in the store so that a restarted emulator
/// continues a copy or a hook job where it was instead of starting it over.
struct MigrationRunState: Codable, Equatable {
    /// Which optional phases apply, fixed when the run starts.
    var flags: MigrationFlags?
    /// When each timed phase (backup, restore, verification) started, seconds since 1970.
    var timers: [String: Double] = [:]
    /// The volume copy in progress.
    var copy: CopyJob?
    /// Bytes this run moved, over all copies.
    var transferredBytes: Int64 = 0
    /// Hook jobs by hook phase (`PreBackup`, ...).
    var hookJobs: [String: HookJob] = [:]
    /// Every phase the run executed, in order, with repeats removed.
    var history: [String] = []

    struct CopyJob: Codable, Equatable {
        var startedAt: Double
        /// Real bytes per second (inventory rate × time scale ÷ slow-copy factor).
        var bytesPerSecond: Double
        var volumes: [VolumeCopy]

        var totalBytes: Int64 { volumes.reduce(0) { $0 + $1.bytes } }
    }

    struct VolumeCopy: Codable, Equatable {
        var key: String
        var namespace: String
        var claim: String
        /// Bytes this run moves for the volume (what changed since the last copy).
        var bytes: Int64
        /// The volume's used bytes when the copy was planned: what the destination has after.
        var usedBytes: Int64
    }

    struct HookJob: Codable, Equatable {
        var name: String
        var namespace: String
        var startedAt: Double
    }

    static func key(uid: String) -> String { "mig-controller/run/\(uid)" }

    static func load(uid: String, from store: any ObjectStore) throws -> MigrationRunState {
        guard let bytes = try store.loadState(key: key(uid: uid)), !bytes.isEmpty else { return MigrationRunState() }
        return try JSONDecoder().decode(MigrationRunState.self, from: Data(bytes))
    }

    func save(uid: String, to store: any ObjectStore) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try store.saveState(key: Self.key(uid: uid), value: Array(try encoder.encode(self)))
    }
}
