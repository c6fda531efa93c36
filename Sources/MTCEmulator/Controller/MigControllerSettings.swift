/// Tunables of the emulated mig-controller that the real one takes from its environment
/// (set by the operator), with the real defaults.
public struct MigControllerSettings: Sendable, Hashable {
    /// The namespace the controller watches; MTC objects anywhere else are ignored, as the
    /// current mig-controller does.
    public static let migrationNamespace = "openshift-migration"

    /// Namespaces per plan (`NAMESPACE_LIMIT`); more blocks the plan.
    public var namespaceLimit: Int
    /// Running pods across a plan's namespaces (`POD_LIMIT`); more only warns.
    public var podLimit: Int
    /// Volumes per plan (`PV_LIMIT`); more only warns.
    public var pvLimit: Int
    /// Storage classes whose volumes may be moved rather than copied (`PV_MOVE_STORAGECLASSES`).
    public var pvMoveStorageClasses: [String]
    /// Emulated seconds a Velero backup or restore, a hook job, or a verification takes.
    public var operationSeconds: Double
    /// Pause between passes of ``MigController/run()`` when the last pass wrote nothing.
    public var pollInterval: Duration
    /// Pause after a pass that wrote something (the next phase is usually ready at once).
    public var requeueInterval: Duration

    public init(
        namespaceLimit: Int = 10, podLimit: Int = 100, pvLimit: Int = 100, pvMoveStorageClasses: [String] = [],
        operationSeconds: Double = 3, pollInterval: Duration = .milliseconds(100),
        requeueInterval: Duration = .milliseconds(5)
    ) {
        self.namespaceLimit = namespaceLimit
        self.podLimit = podLimit
        self.pvLimit = pvLimit
        self.pvMoveStorageClasses = pvMoveStorageClasses
        self.operationSeconds = operationSeconds
        self.pollInterval = pollInterval
        self.requeueInterval = requeueInterval
    }
}
