/// The label and annotations migsync puts on every object it writes.
///
/// The label is what makes an object prunable: objects without it were created by someone
/// else and are never deleted.
public enum MigsyncMetadata {
    public static let managedByLabel = "app.kubernetes.io/managed-by"
    public static let managedByValue = "migsync"
    public static let revisionAnnotation = "migsync.io/revision"
    public static let sourceAnnotation = "migsync.io/source"

    /// Bookkeeping MTC writes on every reconcile; a diff that looked at it would never settle.
    public static let touchAnnotation = "openshift.io/touch"

    /// The plan of a run, as mig-controller labels it.
    public static let planNameLabel = "migration.openshift.io/migplan-name"

    /// Labels mig-controller puts on MigMigrations; Git never owns them.
    public static let controllerLabels: Set<String> = [
        planNameLabel,
        "migration.openshift.io/migration-uid",
    ]
}
