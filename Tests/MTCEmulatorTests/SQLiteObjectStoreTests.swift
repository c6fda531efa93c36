import Foundation
import KubeObjects
import MTCEmulator
import MigsyncTesting
import Testing

@Suite("SQLite object store")
struct SQLiteObjectStoreTests {
    private func plan(_ name: String, namespace: String = "openshift-migration", spec: JSONValue = ["closed": false])
        -> KubeObject
    {
        KubeObject(
            apiVersion: "migration.openshift.io/v1alpha1", kind: "MigPlan", namespace: namespace, name: name, spec: spec
        )
    }

    @Test("create assigns uid, resource version, generation and creation timestamp")
    func createAssignsMetadata() throws {
        let store = try SQLiteObjectStore.inMemory()
        let created = try store.create(plan("shop"), as: .migPlan)
        #expect(created.uid?.count == 36)
        #expect(created.resourceVersion == "1")
        #expect(created.generation == 1)
        let timestamp = try #require(created.json[path: ["metadata", "creationTimestamp"]]?.stringValue)
        #expect(timestamp.hasSuffix("Z"))
        #expect(try Date(timestamp, strategy: .iso8601) <= Date())
        #expect(try store.currentResourceVersion() == 1)
        #expect(try store.get(.migPlan, namespace: "openshift-migration", name: "shop") == created)
    }

    @Test("resource versions come from one counter across types")
    func oneCounter() throws {
        let store = try SQLiteObjectStore.inMemory()
        let namespace = try store.create(
            KubeObject(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "a"), as: .namespace)
        let plan = try store.create(plan("p"), as: .migPlan)
        #expect(namespace.resourceVersion == "1")
        #expect(plan.resourceVersion == "2")
        #expect(namespace.namespace == nil)
    }

    @Test("a taken name is refused with alreadyExists")
    func alreadyExists() throws {
        let store = try SQLiteObjectStore.inMemory()
        try store.create(plan("shop"), as: .migPlan)
        #expect(throws: StoreError.alreadyExists(kind: "MigPlan", name: "shop")) {
            try store.create(plan("shop"), as: .migPlan)
        }
        // The same name in another namespace is a different object.
        try store.create(plan("shop", namespace: "other"), as: .migPlan)
        #expect(try store.list(.migPlan, namespace: nil).count == 2)
    }

    @Test("generateName gets a five character suffix")
    func generateName() throws {
        let store = try SQLiteObjectStore.inMemory()
        var object = plan("")
        object.metadata["generateName"] = "stage-"
        let first = try store.create(object, as: .migMigration)
        let second = try store.create(object, as: .migMigration)
        #expect(first.name.hasPrefix("stage-"))
        #expect(first.name.count == "stage-".count + 5)
        #expect(first.name != second.name)
    }

    @Test("an object without name or generateName is invalid")
    func missingName() throws {
        let store = try SQLiteObjectStore.inMemory()
        #expect(throws: StoreError.self) { try store.create(plan(""), as: .migPlan) }
    }

    @Test("update with a stale resource version is a conflict")
    func staleUpdate() throws {
        let store = try SQLiteObjectStore.inMemory()
        let created = try store.create(plan("shop"), as: .migPlan)
        var first = created
        first.spec = ["closed": true]
        let updated = try store.update(first, as: .migPlan)
        #expect(updated.resourceVersion == "2")
        var stale = created
        stale.spec = ["closed": false, "srcMigClusterRef": ["name": "x"]]
        #expect(throws: StoreError.conflict(kind: "MigPlan", name: "shop")) {
            try store.update(stale, as: .migPlan)
        }
        // Without a resource version the write is unconditional.
        stale.resourceVersion = nil
        #expect(try store.update(stale, as: .migPlan).resourceVersion == "3")
    }

    @Test("generation moves on spec changes only, and no-op updates keep the resource version")
    func generation() throws {
        let store = try SQLiteObjectStore.inMemory()
        var object = try store.create(plan("shop"), as: .migPlan)
        object.status = ["conditions": []]
        object = try store.update(object, as: .migPlan)
        #expect(object.generation == 1)
        #expect(object.resourceVersion == "2")
        object.spec = ["closed": true]
        object = try store.update(object, as: .migPlan)
        #expect(object.generation == 2)
        let again = try store.update(object, as: .migPlan)
        #expect(again.resourceVersion == object.resourceVersion)
        #expect(try store.currentResourceVersion() == 3)
    }

    /// An edit of a stored plan, and whether it is a change (new resource version) and a
    /// change of the spec (new generation).
    enum Edit: String, CaseIterable, Sendable {
        case annotation, label, specField, status, serverFieldsOnly, nothing
    }

    @Test(
        "an update is a change unless only server-set fields differ; only a spec change moves the generation",
        arguments: Edit.allCases)
    func whatCountsAsAChange(edit: Edit) throws {
        let store = try SQLiteObjectStore.inMemory()
        let created = try store.create(plan("shop"), as: .migPlan)
        var object = created
        switch edit {
        case .annotation: object.annotations["team"] = "storage"
        case .label: object.labels["tier"] = "gold"
        case .specField: object.spec?["closed"] = true
        case .status: object.status = ["phase": "Ready"]
        case .serverFieldsOnly:
            object.metadata["managedFields"] = [["manager": "kubectl"]]
            object.metadata["generation"] = 7
        case .nothing: break
        }
        let updated = try store.update(object, as: .migPlan)
        let changes = edit != .serverFieldsOnly && edit != .nothing
        #expect((updated.resourceVersion != created.resourceVersion) == changes)
        #expect(updated.generation == (edit == .specField ? 2 : 1))
    }

    @Test("uid and creationTimestamp cannot be changed by an update")
    func immutableMetadata() throws {
        let store = try SQLiteObjectStore.inMemory()
        let created = try store.create(plan("shop"), as: .migPlan)
        var changed = created
        changed.metadata["uid"] = "forged"
        changed.metadata["creationTimestamp"] = "2000-01-01T00:00:00Z"
        changed.labels = ["a": "b"]
        let updated = try store.update(changed, as: .migPlan)
        #expect(updated.uid == created.uid)
        #expect(
            updated.json[path: ["metadata", "creationTimestamp"]]
                == created.json[path: ["metadata", "creationTimestamp"]])
        #expect(updated.labels == ["a": "b"])
    }

    @Test("update and delete of a missing object are notFound")
    func notFound() throws {
        let store = try SQLiteObjectStore.inMemory()
        #expect(throws: StoreError.notFound(kind: "MigPlan", name: "none")) {
            try store.update(plan("none"), as: .migPlan)
        }
        #expect(throws: StoreError.notFound(kind: "MigPlan", name: "none")) {
            try store.delete(.migPlan, namespace: "openshift-migration", name: "none")
        }
    }

    @Test("list is ordered by namespace then name and filters by namespace")
    func listOrder() throws {
        let store = try SQLiteObjectStore.inMemory()
        for (namespace, name) in [("b", "x"), ("a", "z"), ("a", "y"), ("b", "a")] {
            try store.create(plan(name, namespace: namespace), as: .migPlan)
        }
        let all = try store.list(.migPlan, namespace: nil).map { "\($0.namespace ?? "")/\($0.name)" }
        #expect(all == ["a/y", "a/z", "b/a", "b/x"])
        #expect(try store.list(.migPlan, namespace: "a").map(\.name) == ["y", "z"])
        #expect(try store.list(.migStorage, namespace: nil).isEmpty)
    }

    @Test("the event log replays added, modified and deleted changes per type and namespace")
    func eventLog() throws {
        let store = try SQLiteObjectStore.inMemory()
        var object = try store.create(plan("shop"), as: .migPlan)
        try store.create(plan("other", namespace: "elsewhere"), as: .migPlan)
        try store.create(KubeObject(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "n"), as: .namespace)
        object.spec = ["closed": true]
        try store.update(object, as: .migPlan)
        let deleted = try store.delete(.migPlan, namespace: "openshift-migration", name: "shop")
        #expect(deleted.resourceVersion == "5")
        let events = try store.events(of: .migPlan, namespace: "openshift-migration", after: 0, limit: 100)
        #expect(events.map(\.kind) == [.added, .modified, .deleted])
        #expect(events.map(\.resourceVersion) == [1, 4, 5])
        #expect(
            try store.events(of: .migPlan, namespace: nil, after: 1, limit: 100).map(\.resourceVersion) == [2, 4, 5])
        #expect(try store.events(of: .migPlan, namespace: nil, after: 0, limit: 2).count == 2)
    }

    @Test("a trimmed event log answers gone for older resource versions")
    func gone() throws {
        let store = try SQLiteObjectStore.inMemory(eventLogLimit: 5)
        for index in 0..<20 { try store.create(plan("p\(index)"), as: .migPlan) }
        let floor = store.oldestWatchableResourceVersion
        #expect(floor > 0)
        #expect(throws: StoreError.gone(resourceVersion: 1)) {
            try store.events(of: .migPlan, namespace: nil, after: 1, limit: 100)
        }
        let recent = try store.events(of: .migPlan, namespace: nil, after: floor, limit: 100)
        #expect(recent.last?.resourceVersion == 20)
        #expect(recent.first?.resourceVersion == floor + 1)
    }

    @Test("dry-run writes change nothing")
    func dryRun() throws {
        let store = try SQLiteObjectStore.inMemory()
        let preview = try store.create(plan("shop"), as: .migPlan, dryRun: true)
        #expect(preview.object.name == "shop")
        #expect(try store.currentResourceVersion() == 0)
        #expect(try store.get(.migPlan, namespace: "openshift-migration", name: "shop") == nil)
        let created = try store.create(plan("shop"), as: .migPlan)
        var changed = created
        changed.spec = ["closed": true]
        try store.update(changed, as: .migPlan, dryRun: true)
        try store.delete(.migPlan, namespace: "openshift-migration", name: "shop", dryRun: true)
        #expect(try store.get(.migPlan, namespace: "openshift-migration", name: "shop") == created)
        #expect(try store.currentResourceVersion() == 1)
    }

    @Test("a reopened store has its objects, counter, event log and state")
    func reopen() throws {
        let directory = try TemporaryDirectory()
        let path = "\(directory.path)/emulator.sqlite3"
        do {
            let store = try SQLiteObjectStore(path: path, eventLogLimit: 50)
            try store.create(plan("shop"), as: .migPlan)
            try store.create(plan("gone"), as: .migPlan)
            try store.delete(.migPlan, namespace: "openshift-migration", name: "gone")
            try store.saveState(key: "copied/shop", value: [1, 2, 3])
            // WAL mode keeps a write-ahead file beside the database while it is open.
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        }
        let reopened = try SQLiteObjectStore(path: path, eventLogLimit: 50)
        #expect(try reopened.currentResourceVersion() == 3)
        #expect(try reopened.list(.migPlan, namespace: nil).map(\.name) == ["shop"])
        #expect(
            try reopened.events(of: .migPlan, namespace: nil, after: 0, limit: 10).map(\.kind) == [
                .added, .added, .deleted,
            ])
        #expect(try reopened.loadState(key: "copied/shop") == [1, 2, 3])
        #expect(try reopened.loadState(key: "missing") == nil)
        #expect(try reopened.create(plan("next"), as: .migPlan).resourceVersion == "4")
    }

    @Test("concurrent writers get distinct resource versions")
    func concurrentWrites() async throws {
        let store = try SQLiteObjectStore.inMemory()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for index in 0..<50 { try store.create(self.plan("w\(worker)-\(index)"), as: .migPlan) }
                }
            }
            try await group.waitForAll()
        }
        let versions = Set(try store.list(.migPlan, namespace: nil).compactMap(\.resourceVersion))
        #expect(versions.count == 200)
        #expect(try store.currentResourceVersion() == 200)
    }

    @Test("watchers are woken by writes")
    func changes() async throws {
        let store = try SQLiteObjectStore.inMemory()
        let stream = store.changes()
        try store.create(plan("shop"), as: .migPlan)
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == 1)
        store.closeWatchers()
        #expect(await iterator.next() == nil)
    }
}
