/// The statements every store write runs, kept in one place so that each is compiled once per
/// connection (`Database.cachedStatement`) and matches the tables `StoreSchema` creates.
enum StoreSQL {
    /// A write transaction; `IMMEDIATE` takes the write lock at once, as GRDB's writes do.
    static let begin = "BEGIN IMMEDIATE TRANSACTION"
    static let commit = "COMMIT TRANSACTION"

    /// Inserts an object or replaces its stored version.
    static let upsertObject = """
        INSERT INTO objects (type, namespace, name, resource_version, body) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(type, namespace, name) DO UPDATE
        SET resource_version = excluded.resource_version, body = excluded.body
        """

    static let deleteObject = "DELETE FROM objects WHERE type = ? AND namespace = ? AND name = ?"

    /// Appends one change to the event log that watches replay.
    static let appendEvent = "INSERT INTO events (resource_version, type, kind, body) VALUES (?, ?, ?, ?)"

    static let setResourceVersion = "UPDATE counters SET value = ? WHERE key = 'resourceVersion'"
}
