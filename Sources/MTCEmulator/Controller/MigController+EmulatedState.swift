extension MigController {
    /// The workloads of an emulated namespace with their current replica counts (zero while a
    /// migration keeps them quiesced). Empty when the inventory has no such namespace.
    public func workloads(cluster: String, namespace: String) throws -> [Inventory.Workload] {
        guard let found = inventory.cluster(named: cluster)?.namespace(named: namespace) else { return [] }
        let state = try EmulatedState.load(from: store)
        return found.workloads.map { workload in
            var current = workload
            current.replicas = state.replicas(of: workload, cluster: cluster, namespace: namespace)
            return current
        }
    }

    /// What one run did, as the controller recorded it.
    public struct RunRecord: Sendable, Hashable {
        /// Bytes of volume data the run copied (only what changed since the plan's last copy).
        public var transferredBytes: Int64
        /// Every phase the run executed, in order.
        public var phases: [String]
    }

    /// The record of the run with this MigMigration UID (empty for an unknown run).
    public func runRecord(migrationUID uid: String) throws -> RunRecord {
        let state = try MigrationRunState.load(uid: uid, from: store)
        return RunRecord(transferredBytes: state.transferredBytes, phases: state.history)
    }
}
