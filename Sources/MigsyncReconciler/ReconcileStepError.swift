/// A step of a pass could not do what its input asked, for a reason that is migsync's own
/// rather than the cluster's or Git's.
struct ReconcileStepError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
