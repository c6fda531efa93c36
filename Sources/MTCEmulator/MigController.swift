public import KubeObjects
public import Logging

/// The emulated mig-controller. (Interface only so far: the behaviour lands separately.)
public final class MigController: Sendable {
    let store: any ObjectStore
    let inventory: Inventory
    let timeScale: Double
    let logger: Logger

    public init(store: any ObjectStore, inventory: Inventory, timeScale: Double, logger: Logger) {
        self.store = store
        self.inventory = inventory
        self.timeScale = timeScale
        self.logger = logger
    }

    /// Reconciles every MTC object once.
    public func reconcileAll() async {}

    /// Reconciles until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await reconcileAll()
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
