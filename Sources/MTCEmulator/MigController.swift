import Foundation
public import KubeObjects
public import Logging

/// The emulated mig-controller: reconciles MigCluster, MigStorage, MigHook, MigPlan and
/// MigMigration objects in the store against an ``Inventory`` of emulated clusters, writing
/// the conditions, discovered volumes and migration progress the real controller would.
///
/// Each pass reads everything in `openshift-migration`, works out each object's status and
/// writes only objects whose content changed, so an idle emulator makes no writes and bumps
/// no resource versions. Migration progress that depends on time (copies, hook jobs, backups)
/// is measured on the ``ControllerClock``; emulated durations are divided by `timeScale`.
public final class MigController: Sendable {
    let store: any ObjectStore
    let inventory: Inventory
    let timeScale: Double
    let logger: Logger
    let clock: any ControllerClock
    let settings: MigControllerSettings
    private let progress = PassBookkeeping()

    public convenience init(store: any ObjectStore, inventory: Inventory, timeScale: Double, logger: Logger) {
        self.init(
            store: store, inventory: inventory, timeScale: timeScale, clock: SystemControllerClock(),
            settings: MigControllerSettings(), logger: logger)
    }

    /// - Parameters:
    ///   - timeScale: emulated seconds per real second (1 = real time; 1000 makes a 100-second
    ///     copy take 0.1 s).
    ///   - clock: the time source; tests pass a ``ManualControllerClock``.
    public init(
        store: any ObjectStore, inventory: Inventory, timeScale: Double, clock: any ControllerClock,
        settings: MigControllerSettings, logger: Logger
    ) {
        self.store = store
        self.inventory = inventory
        self.timeScale = timeScale > 0 ? timeScale : 1
        self.clock = clock
        self.settings = settings
        self.logger = logger
    }

    /// Reconciles every MTC object once.
    public func reconcileAll() async {
        do {
            _ = try reconcilePass(force: true)
        } catch {
            logger.error("reconcile pass failed", metadata: ["error": "\(error)"])
        }
    }

    /// Reconciles until the task is cancelled. A pass is skipped when nothing changed in the
    /// store since the last quiet pass and no migration is waiting on time; a pass that wrote
    /// is followed quickly by the next, so a migration walks its phases without waiting for
    /// the poll interval at each one.
    public func run() async {
        while !Task.isCancelled {
            var wrote = false
            do {
                wrote = try reconcilePass(force: false)
            } catch {
                logger.error("reconcile pass failed", metadata: ["error": "\(error)"])
            }
            do {
                // After a write the next phase is usually ready at once (mig-controller
                // requeues immediately too); otherwise wait for changes or time to pass.
                try await clock.sleep(for: wrote ? settings.requeueInterval : settings.pollInterval)
            } catch {
                return
            }
        }
    }

    /// One pass. Returns whether it wrote anything.
    @discardableResult
    func reconcilePass(force: Bool) throws -> Bool {
        try progress.serialized {
            let startVersion = try store.currentResourceVersion()
            if !force && !progress.needsPass(at: startVersion) { return false }
            let context = ControllerContext(
                store: store, inventory: inventory, timeScale: timeScale, clock: clock, settings: settings,
                logger: logger)
            let pass = ReconcilePass(context: context, cache: progress.cache)
            try pass.run()
            progress.record(startVersion: startVersion, wrote: pass.wrote, waitingOnTime: pass.waitingOnTime)
            return pass.wrote
        }
    }
}

/// What the run loop remembers between passes, so it can skip passes that would find nothing
/// to do. Passes are serialized: a pass started by ``MigController/reconcileAll()`` never
/// interleaves with one started by the run loop.
final class PassBookkeeping: @unchecked Sendable {
    private let passLock = NSLock()
    private let lock = NSLock()
    private var quietVersion: Int64?
    /// The objects as of the last pass; only used inside `serialized`.
    let cache = ObjectCache()

    func serialized<T>(_ body: () throws -> T) rethrows -> T {
        passLock.lock()
        defer { passLock.unlock() }
        return try body()
    }

    func needsPass(at version: Int64) -> Bool {
        lock.withLock { quietVersion != version }
    }

    func record(startVersion: Int64, wrote: Bool, waitingOnTime: Bool) {
        lock.withLock { quietVersion = (wrote || waitingOnTime) ? nil : startVersion }
    }
}
