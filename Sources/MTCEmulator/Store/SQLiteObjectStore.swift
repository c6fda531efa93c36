import Foundation
import GRDB
public import KubeObjects

/// The emulator's object store: every object and the recent event log in SQLite (WAL mode),
/// mirrored in memory so reads never touch the disk.
///
/// The store is the only writer of its database file, so the in-memory copy, loaded once at
/// start, stays exact. Each write is one SQLite transaction made while holding the store's
/// lock: resource versions are assigned in commit order and a reader sees either the whole
/// write or none of it. A restarted store has every object, the resource-version counter and
/// the event log where they were, so watches resume across restarts.
public final class SQLiteObjectStore: ObjectStore {
    /// How many events the log keeps; a watch from an older resource version gets `gone`.
    public let eventLogLimit: Int

    private let database: DatabaseQueue
    private let memory: Locked<Memory>
    private let notifier = ChangeNotifier()

    /// Opens (or creates) the store at `path`.
    /// - Parameters:
    ///   - path: the SQLite file, e.g. `<stateDir>/emulator.sqlite3`.
    ///   - eventLogLimit: events kept for watches; tests lower it to reach `410 Gone` quickly.
    public convenience init(path: String, eventLogLimit: Int = 10_000) throws {
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.prepareDatabase { db in
            // WAL with synchronous=NORMAL survives a process crash; losing the last writes on
            // power loss is acceptable for an emulator.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        configuration.label = "migsync.emulator.store"
        try self.init(database: DatabaseQueue(path: path, configuration: configuration), eventLogLimit: eventLogLimit)
    }

    /// A store that lives only in memory, for tests and throwaway emulators.
    public static func inMemory(eventLogLimit: Int = 10_000) throws -> SQLiteObjectStore {
        try SQLiteObjectStore(database: DatabaseQueue(), eventLogLimit: eventLogLimit)
    }

    private init(database: DatabaseQueue, eventLogLimit: Int) throws {
        self.database = database
        self.eventLogLimit = max(1, eventLogLimit)
        try StoreSchema.migrator.migrate(database)
        self.memory = Locked(try Self.load(database))
    }

    // MARK: - ObjectStore

    public func get(_ type: ResourceType, namespace: String?, name: String) throws -> KubeObject? {
        getStored(type, namespace: namespace, name: name)?.object
    }

    public func list(_ type: ResourceType, namespace: String?) throws -> [KubeObject] {
        listStored(type, namespace: namespace).items.map(\.object)
    }

    @discardableResult
    public func create(_ object: KubeObject, as type: ResourceType) throws -> KubeObject {
        try create(object, as: type, dryRun: false).object
    }

    @discardableResult
    public func update(_ object: KubeObject, as type: ResourceType) throws -> KubeObject {
        try update(object, as: type, dryRun: false).object
    }

    @discardableResult
    public func delete(_ type: ResourceType, namespace: String?, name: String) throws -> KubeObject {
        try delete(type, namespace: namespace, name: name, dryRun: false).object
    }

    public func currentResourceVersion() throws -> Int64 {
        memory.withLock { $0.resourceVersion }
    }

    public func events(of type: ResourceType, namespace: String?, after resourceVersion: Int64, limit: Int) throws
        -> [StoreEvent]
    {
        try storedEvents(of: type, namespace: namespace, after: resourceVersion, limit: limit).map(\.event)
    }

    public func loadState(key: String) throws -> [UInt8]? {
        try database.read { db in
            try Data.fetchOne(db, sql: "SELECT value FROM state WHERE key = ?", arguments: [key]).map { Array($0) }
        }
    }

    public func saveState(key: String, value: [UInt8]) throws {
        try database.write { db in
            try db.execute(
                sql:
                    "INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, Data(value)])
        }
    }

    // MARK: - Reads with serialised bytes

    /// The object with its stored JSON bytes.
    public func getStored(_ type: ResourceType, namespace: String?, name: String) -> StoredObject? {
        let key = ObjectKey(type: type, namespace: namespace, name: name)
        return memory.withLock { $0.objects[Self.typeKey(type)]?[key] }
    }

    /// Objects of a type ordered by namespace then name, with the resource version they are
    /// consistent with (what a list response reports).
    public func listStored(_ type: ResourceType, namespace: String?) -> (items: [StoredObject], resourceVersion: Int64)
    {
        let typeKey = Self.typeKey(type)
        let onlyNamespace = type.namespaced ? namespace : nil
        return memory.withLock { memory in
            let objects = memory.objects[typeKey] ?? [:]
            let order: [ObjectKey]
            if let cached = memory.orderCache[typeKey] {
                order = cached
            } else {
                order = objects.keys.sorted()
                memory.orderCache[typeKey] = order
            }
            var items: [StoredObject] = []
            items.reserveCapacity(onlyNamespace == nil ? order.count : 16)
            for key in order where onlyNamespace == nil || key.namespace == onlyNamespace {
                if let stored = objects[key] { items.append(stored) }
            }
            return (items, memory.resourceVersion)
        }
    }

    /// Log entries of `type` (in `namespace`, or all) after `resourceVersion`, oldest first.
    /// - Throws: `StoreError.gone` when the log was trimmed past `resourceVersion`.
    public func storedEvents(of type: ResourceType, namespace: String?, after resourceVersion: Int64, limit: Int)
        throws -> [StoredEvent]
    {
        let typeKey = Self.typeKey(type)
        return try memory.withLock { memory in
            guard resourceVersion >= memory.eventFloor else { throw StoreError.gone(resourceVersion: resourceVersion) }
            var result: [StoredEvent] = []
            var index = memory.firstEventIndex(after: resourceVersion)
            while index < memory.events.count, result.count < limit {
                let event = memory.events[index]
                if event.typeKey == typeKey,
                    namespace == nil || !type.namespaced || event.stored.object.namespace == namespace
                {
                    result.append(event)
                }
                index += 1
            }
            return result
        }
    }

    /// The oldest resource version a watch can still start from.
    public var oldestWatchableResourceVersion: Int64 {
        memory.withLock { $0.eventFloor }
    }

    /// Yields the newest resource version after every write; ends when the store is closed.
    public func changes() -> AsyncStream<Int64> {
        notifier.subscribe()
    }

    /// Ends every `changes()` stream (watch streams then finish).
    public func closeWatchers() {
        notifier.finishAll()
    }

    // MARK: - Writes

    /// Creates an object; with `dryRun` the result is computed and checked but not stored.
    /// - Throws: `StoreError.alreadyExists`, or `StoreError.invalid` without a name.
    @discardableResult
    public func create(_ object: KubeObject, as type: ResourceType, dryRun: Bool) throws -> StoredObject {
        let typeKey = Self.typeKey(type)
        let result: StoredObject = try memory.withLock { memory in
            var object = Self.normalized(object, as: type)
            if object.name.isEmpty {
                guard let prefix = object.generateName, !prefix.isEmpty else {
                    throw StoreError.invalid("metadata.name or metadata.generateName is required")
                }
                var attempts = 0
                repeat {
                    object.name = ObjectMetadata.generatedName(prefix: prefix)
                    attempts += 1
                } while memory.objects[typeKey]?[ObjectKey(type: type, namespace: object.namespace, name: object.name)]
                    != nil && attempts < 8
            }
            if type.namespaced, (object.namespace ?? "").isEmpty {
                throw StoreError.invalid("metadata.namespace is required for \(type.kind)")
            }
            let key = ObjectKey(type: type, namespace: object.namespace, name: object.name)
            if memory.objects[typeKey]?[key] != nil {
                throw StoreError.alreadyExists(kind: type.kind, name: object.name)
            }
            let resourceVersion = memory.resourceVersion + 1
            var metadata = object.metadata
            metadata["uid"] = .string(UUID().uuidString.lowercased())
            metadata["resourceVersion"] = .string(String(resourceVersion))
            metadata["generation"] = .int(1)
            metadata["creationTimestamp"] = .string(ObjectMetadata.timestamp())
            metadata["deletionTimestamp"] = nil
            object.metadata = metadata
            let stored = try StoredObject(object: object, resourceVersion: resourceVersion)
            if dryRun { return stored }
            try commit(&memory, typeKey: typeKey, key: key, change: .added, stored: stored)
            return stored
        }
        if !dryRun { notifier.publish(result.resourceVersion) }
        return result
    }

    /// Replaces an object. A set `resourceVersion` must match the stored one; `uid` and
    /// `creationTimestamp` are kept; `generation` moves when `spec` changes. An update that
    /// changes nothing returns the stored object without a new resource version, as the
    /// Kubernetes API server does.
    /// - Throws: `StoreError.notFound`, `StoreError.conflict`.
    @discardableResult
    public func update(_ object: KubeObject, as type: ResourceType, dryRun: Bool) throws -> StoredObject {
        let typeKey = Self.typeKey(type)
        var published: Int64?
        let result: StoredObject = try memory.withLock { memory in
            var object = Self.normalized(object, as: type)
            let key = ObjectKey(type: type, namespace: object.namespace, name: object.name)
            guard let current = memory.objects[typeKey]?[key] else {
                throw StoreError.notFound(kind: type.kind, name: object.name)
            }
            if let requested = object.resourceVersion, !requested.isEmpty,
                requested != current.object.resourceVersion
            {
                throw StoreError.conflict(kind: type.kind, name: object.name)
            }
            var metadata = object.metadata
            let previous = current.object.metadata
            for kept in ["uid", "creationTimestamp", "generation", "resourceVersion"] {
                metadata[kept] = previous[kept]
            }
            object.metadata = metadata
            let specEqual = object.spec == current.object.spec
            if ObjectMetadata.isUnchanged(object, from: current.object, specEqual: specEqual) {
                return current
            }
            let resourceVersion = memory.resourceVersion + 1
            let generation = (current.object.generation ?? 1) + (specEqual ? 0 : 1)
            metadata["resourceVersion"] = .string(String(resourceVersion))
            metadata["generation"] = .int(generation)
            object.metadata = metadata
            let stored = try StoredObject(object: object, resourceVersion: resourceVersion)
            if dryRun { return stored }
            try commit(&memory, typeKey: typeKey, key: key, change: .modified, stored: stored)
            published = resourceVersion
            return stored
        }
        if let published { notifier.publish(published) }
        return result
    }

    /// Deletes an object and returns it as it was, carrying the deletion's resource version.
    /// - Throws: `StoreError.notFound`.
    @discardableResult
    public func delete(_ type: ResourceType, namespace: String?, name: String, dryRun: Bool) throws -> StoredObject {
        let typeKey = Self.typeKey(type)
        let key = ObjectKey(type: type, namespace: namespace, name: name)
        let result: StoredObject = try memory.withLock { memory in
            guard let current = memory.objects[typeKey]?[key] else {
                throw StoreError.notFound(kind: type.kind, name: name)
            }
            if dryRun { return current }
            let resourceVersion = memory.resourceVersion + 1
            var object = current.object
            object.resourceVersion = String(resourceVersion)
            let stored = try StoredObject(object: object, resourceVersion: resourceVersion)
            try commit(&memory, typeKey: typeKey, key: key, change: .deleted, stored: stored)
            return stored
        }
        if !dryRun { notifier.publish(result.resourceVersion) }
        return result
    }

    // MARK: - Internals

    /// Writes one change to SQLite, then to memory; memory is untouched if SQLite fails.
    ///
    /// The statements come from the connection's statement cache: compiling them (parsing,
    /// and GRDB's authorizer pass over every column) cost more than running them, and every
    /// API write and controller status update goes through here.
    private func commit(
        _ memory: inout Memory, typeKey: String, key: ObjectKey, change: StoreEvent.Kind, stored: StoredObject
    ) throws {
        let trimTo = memory.trimTarget(limit: eventLogLimit)
        try database.writeWithoutTransaction { db in
            // `BEGIN` and `COMMIT` from the statement cache too: GRDB's own transaction
            // wrapper compiles both on every write.
            try db.cachedStatement(sql: StoreSQL.begin).execute()
            do {
                switch change {
                case .added, .modified:
                    try db.cachedStatement(sql: StoreSQL.upsertObject).execute(
                        arguments: [typeKey, key.namespace, key.name, stored.resourceVersion, stored.json])
                case .deleted:
                    try db.cachedStatement(sql: StoreSQL.deleteObject).execute(
                        arguments: [typeKey, key.namespace, key.name])
                }
                try db.cachedStatement(sql: StoreSQL.appendEvent).execute(
                    arguments: [stored.resourceVersion, typeKey, change.rawValue, stored.json])
                try db.cachedStatement(sql: StoreSQL.setResourceVersion).execute(arguments: [stored.resourceVersion])
                if let trimTo {
                    try db.execute(sql: "DELETE FROM events WHERE resource_version <= ?", arguments: [trimTo.floor])
                    try db.execute(
                        sql: "UPDATE counters SET value = ? WHERE key = 'eventFloor'", arguments: [trimTo.floor])
                }
                try db.cachedStatement(sql: StoreSQL.commit).execute()
            } catch {
                // Nothing of a failed write stays: memory is only changed after this returns.
                if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK TRANSACTION") }
                throw error
            }
        }
        memory.resourceVersion = stored.resourceVersion
        let previousLabels = change == .modified ? memory.objects[typeKey]?[key]?.object.labels : nil
        switch change {
        case .added:
            memory.objects[typeKey, default: [:]][key] = stored
            memory.orderCache[typeKey] = nil
        case .modified:
            memory.objects[typeKey, default: [:]][key] = stored
        case .deleted:
            memory.objects[typeKey]?[key] = nil
            memory.orderCache[typeKey] = nil
        }
        if let trimTo {
            memory.events.removeFirst(trimTo.count)
            memory.eventFloor = trimTo.floor
        }
        memory.events.append(
            StoredEvent(kind: change, typeKey: typeKey, stored: stored, previousLabels: previousLabels))
    }

    /// Sets `apiVersion`/`kind` from the type and drops a namespace on cluster-scoped kinds.
    private static func normalized(_ object: KubeObject, as type: ResourceType) -> KubeObject {
        var object = object
        object.json["apiVersion"] = .string(type.apiVersion)
        object.json["kind"] = .string(type.kind)
        if !type.namespaced { object.namespace = nil }
        return object
    }

    static func typeKey(_ type: ResourceType) -> String { type.description }

    private static func load(_ database: DatabaseQueue) throws -> Memory {
        try database.read { db in
            var memory = Memory()
            memory.resourceVersion =
                try Int64.fetchOne(db, sql: "SELECT value FROM counters WHERE key = 'resourceVersion'") ?? 0
            memory.eventFloor = try Int64.fetchOne(db, sql: "SELECT value FROM counters WHERE key = 'eventFloor'") ?? 0
            let objects = try Row.fetchCursor(
                db, sql: "SELECT type, namespace, name, resource_version, body FROM objects")
            while let row = try objects.next() {
                let typeKey: String = row["type"]
                let key = ObjectKey(namespace: row["namespace"], name: row["name"])
                let body: Data = row["body"]
                let object = KubeObject(json: try JSONReader.parse(body))
                memory.objects[typeKey, default: [:]][key] = StoredObject(
                    object: object, json: body, resourceVersion: row["resource_version"])
            }
            let events = try Row.fetchCursor(
                db, sql: "SELECT resource_version, type, kind, body FROM events ORDER BY resource_version")
            while let row = try events.next() {
                let body: Data = row["body"]
                let kindName: String = row["kind"]
                guard let kind = StoreEvent.Kind(rawValue: kindName) else {
                    throw StoreError.invalid("unknown event kind \(kindName) in the store's log")
                }
                let stored = StoredObject(
                    object: KubeObject(json: try JSONReader.parse(body)), json: body,
                    resourceVersion: row["resource_version"])
                memory.events.append(
                    StoredEvent(kind: kind, typeKey: row["type"], stored: stored, previousLabels: nil))
            }
            return memory
        }
    }
}

/// Where an object lives inside its type: namespace ("" for cluster-scoped) and name.
struct ObjectKey: Hashable, Sendable, Comparable {
    var namespace: String
    var name: String

    init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    init(type: ResourceType, namespace: String?, name: String) {
        self.namespace = type.namespaced ? (namespace ?? "") : ""
        self.name = name
    }

    static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}

/// The in-memory mirror of the database.
struct Memory {
    var objects: [String: [ObjectKey: StoredObject]] = [:]
    /// Each type's keys in list order (namespace, then name), rebuilt after a create or delete
    /// so that repeated lists of thousands of objects do not sort every time.
    var orderCache: [String: [ObjectKey]] = [:]
    /// The event log, oldest first, every entry newer than `eventFloor`.
    var events: [StoredEvent] = []
    var eventFloor: Int64 = 0
    var resourceVersion: Int64 = 0

    /// Index of the first event newer than `resourceVersion` (binary search; the log is sorted).
    func firstEventIndex(after resourceVersion: Int64) -> Int {
        var low = 0
        var high = events.count
        while low < high {
            let mid = (low + high) / 2
            if events[mid].resourceVersion <= resourceVersion { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// When the log (plus the event about to be added) outgrows `limit` by a tenth, how many
    /// of the oldest entries to drop and the new floor. Trimming in batches keeps the common
    /// write a plain insert.
    func trimTarget(limit: Int) -> (count: Int, floor: Int64)? {
        let slack = max(1, limit / 10)
        guard events.count + 1 > limit + slack else { return nil }
        let count = events.count + 1 - limit
        return (count, events[count - 1].resourceVersion)
    }
}
