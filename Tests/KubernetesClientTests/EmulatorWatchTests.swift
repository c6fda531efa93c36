import Foundation
import InMemoryLogging
import KubeObjects
import Logging
import MTCEmulator
import MigsyncTesting
import Testing

@testable import KubernetesClient

/// Watches against the emulator: streaming, bookmarks, resuming across a server restart,
/// relisting after 410 Gone.
@Suite("watch against the emulator")
struct EmulatorWatchTests {
    static let namespace = EmulatorCRUDTests.namespace

    /// Pulls events until `predicate` holds for the collected list, or fails after `timeout`.
    final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var collected: [WatchEvent] = []
        private var failure: (any Error)?
        private var task: Task<Void, Never>?

        init(_ stream: AsyncThrowingStream<WatchEvent, any Error>) {
            task = Task { [self] in
                do {
                    for try await event in stream { lock.withLock { collected.append(event) } }
                } catch {
                    lock.withLock { failure = error }
                }
            }
        }

        var events: [WatchEvent] { lock.withLock { collected } }
        /// Events other than bookmarks, as `TYPE name`.
        var changes: [String] {
            events.filter { $0.type != .bookmark }.map { "\($0.type.rawValue) \($0.object.name)" }
        }

        func wait(
            timeout: Duration = .seconds(20), _ what: String = "events",
            until predicate: (Collector) -> Bool
        ) async throws {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if predicate(self) { return }
                if let failure = lock.withLock({ failure }) { throw failure }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw TestSetupError("timed out waiting for \(what); saw \(changes)")
        }

        func stop() {
            task?.cancel()
        }
    }

    @Test("existing objects arrive as ADDED, then changes stream in order, with bookmarks")
    func streams() async throws {
        let emulator = try await EmulatorFixture.start()
        let client = try EmulatorCRUDTests.connect(emulator)
        _ = try await client.create(EmulatorCRUDTests.plan("before"))

        let watch = Collector(client.watch(.migPlan, namespace: Self.namespace))
        defer { watch.stop() }
        try await watch.wait { $0.changes == ["ADDED before"] }

        var during = try await client.create(EmulatorCRUDTests.plan("during"))
        during.labels = ["changed": "yes"]
        during = try await client.update(during)
        try await client.delete(.migPlan, namespace: Self.namespace, name: "before")
        try await watch.wait {
            $0.changes == ["ADDED before", "ADDED during", "MODIFIED during", "DELETED before"]
        }
        let modified = watch.events.first { $0.type == .modified }
        #expect(modified?.object.labels == ["changed": "yes"])
        #expect(modified?.object.resourceVersion == during.resourceVersion)
        // The emulator sends a bookmark every 500 ms in tests.
        #expect(watch.events.first { $0.type == .bookmark }?.isInitialEventsEnd == true)
        let fromServer: @Sendable (WatchEvent) -> Bool = { $0.type == .bookmark && !$0.isInitialEventsEnd }
        try await watch.wait("a bookmark from the server") { $0.events.contains(where: fromServer) }
        let bookmark = watch.events.first(where: fromServer)
        #expect(bookmark?.object.resourceVersion?.isEmpty == false)
    }

    @Test("a watch started at a resource version reports only later changes")
    func fromResourceVersion() async throws {
        let emulator = try await EmulatorFixture.start()
        let client = try EmulatorCRUDTests.connect(emulator)
        _ = try await client.create(EmulatorCRUDTests.plan("old"))
        let version = try await client.list(.migPlan, namespace: Self.namespace).resourceVersion
        let watch = Collector(client.watch(.migPlan, namespace: Self.namespace, resourceVersion: version))
        defer { watch.stop() }
        _ = try await client.create(EmulatorCRUDTests.plan("new"))
        try await watch.wait { $0.changes == ["ADDED new"] }
    }

    @Test("after the server restarts the watch resumes where it was: no loss, no repeats")
    func resumesAfterRestart() async throws {
        let first = try await EmulatorFixture.start()
        let logs = InMemoryLogHandler()
        var logger = Logger(label: "test", factory: { _ in logs })
        logger.logLevel = .info
        let client = KubernetesClient(config: try KubeConfig.load(path: first.kubeconfigPath), logger: logger)
        let watch = Collector(client.watch(.migPlan, namespace: Self.namespace))
        defer { watch.stop() }
        _ = try await client.create(EmulatorCRUDTests.plan("a"))
        try await watch.wait { $0.changes == ["ADDED a"] }

        let second = try await first.restart()
        defer { Task { await second.stop() } }
        _ = try await client.create(EmulatorCRUDTests.plan("b"))
        try await client.delete(.migPlan, namespace: Self.namespace, name: "a")
        try await watch.wait { $0.changes.count >= 3 }
        // Give a duplicate the chance to show up before checking there is none.
        try await Task.sleep(for: .milliseconds(300))
        #expect(watch.changes == ["ADDED a", "ADDED b", "DELETED a"])
        // It resumed from its resource version; it did not fall back to a relist.
        let messages = logs.entries.map { "\($0.message)" }
        #expect(messages.contains("watch reconnecting"))
        #expect(!messages.contains("watch relisted"))
    }

    @Test("changes made while the server was down beyond its event log come as a relist difference")
    func relistAfterRestartReportsDifference() async throws {
        let first = try await EmulatorFixture.start(eventLogLimit: 5)
        let client = try EmulatorCRUDTests.connect(first)
        for name in ["keep", "change", "remove"] { _ = try await client.create(EmulatorCRUDTests.plan(name)) }
        let watch = Collector(client.watch(.migPlan, namespace: Self.namespace))
        defer { watch.stop() }
        try await watch.wait { Set($0.changes) == ["ADDED keep", "ADDED change", "ADDED remove"] }

        await first.stop()
        // Change the state behind the server's back, with enough writes that the watch's
        // resource version leaves the event log.
        do {
            let store = try SQLiteObjectStore(path: first.configuration.storePath, eventLogLimit: 5)
            for round in 0..<8 {
                var object = try #require(try store.get(.migPlan, namespace: Self.namespace, name: "change"))
                object.labels = ["round": String(round)]
                _ = try store.update(object, as: .migPlan)
            }
            _ = try store.delete(.migPlan, namespace: Self.namespace, name: "remove")
            _ = try store.create(EmulatorCRUDTests.plan("new"), as: .migPlan)
        }
        let second = try await first.restart()
        defer { Task { await second.stop() } }

        try await watch.wait { $0.changes.count >= 6 }
        #expect(Array(watch.changes.prefix(3)).sorted() == ["ADDED change", "ADDED keep", "ADDED remove"])
        #expect(Set(watch.changes.dropFirst(3)) == ["MODIFIED change", "DELETED remove", "ADDED new"])
        let modified = watch.events.last { $0.type == .modified }
        #expect(modified?.object.labels == ["round": "7"])
        // A relist's deletion names the object it deletes; its last content is not kept.
        let deleted = try #require(watch.events.last { $0.type == .deleted })
        #expect(deleted.object.kind == "MigPlan" && deleted.object.name == "remove")
        #expect(deleted.object.namespace == Self.namespace && deleted.object.uid != nil)
        #expect(deleted.object.spec == nil)
        _ = try await client.create(EmulatorCRUDTests.plan("after"))
        try await watch.wait { $0.changes.last == "ADDED after" }
    }

    @Test("410 Gone relists and reports the difference, then keeps watching")
    func relistsWhenGone() async throws {
        let emulator = try await EmulatorFixture.start(eventLogLimit: 5)
        let client = try EmulatorCRUDTests.connect(emulator)
        for index in 0..<3 { _ = try await client.create(EmulatorCRUDTests.plan("p\(index)")) }
        let start = try await client.list(.migPlan, namespace: Self.namespace).resourceVersion
        // Push the event log past `start` so a watch from there is answered with 410.
        for round in 0..<10 {
            var object = try await client.get(.migPlan, namespace: Self.namespace, name: "p0")
            object.labels = ["round": String(round)]
            _ = try await client.update(object)
        }
        let watch = Collector(client.watch(.migPlan, namespace: Self.namespace, resourceVersion: start))
        defer { watch.stop() }
        // Nothing was known from `start`, so the relist reports every object as ADDED.
        try await watch.wait { Set($0.changes) == ["ADDED p0", "ADDED p1", "ADDED p2"] }
        let p0 = watch.events.first { $0.object.name == "p0" }
        #expect(p0?.object.labels == ["round": "9"])
        _ = try await client.create(EmulatorCRUDTests.plan("p3"))
        try await watch.wait { $0.changes.last == "ADDED p3" }
        #expect(watch.changes.count == 4)
    }

    @Test("a transforming watch hands over only what its transform keeps, in order")
    func transforms() async throws {
        let emulator = try await EmulatorFixture.start()
        let client = try EmulatorCRUDTests.connect(emulator)
        _ = try await client.create(EmulatorCRUDTests.plan("first"))
        let names = client.watch(.migPlan, namespace: Self.namespace) { event -> String? in
            event.type == .added ? event.object.name : nil
        }
        var iterator = names.makeAsyncIterator()
        #expect(try await iterator.next() == "first")
        _ = try await client.create(EmulatorCRUDTests.plan("second"))
        #expect(try await iterator.next() == "second")
    }

    @Test("a watch ends when its consumer stops")
    func cancels() async throws {
        let emulator = try await EmulatorFixture.start()
        let client = try EmulatorCRUDTests.connect(emulator)
        let finished = Task {
            for try await event in client.watch(.migPlan, namespace: Self.namespace)
            where event.type == .bookmark && !event.isInitialEventsEnd {
                return true
            }
            return false
        }
        #expect(try await finished.value)
    }
}
