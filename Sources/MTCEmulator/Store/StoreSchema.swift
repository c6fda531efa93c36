import GRDB

/// The SQLite tables behind `SQLiteObjectStore`.
///
/// `objects` holds the current version of every object, `events` the recent change log that
/// watches replay, `counters` the resource version and the oldest version the log still
/// reaches, `state` the controller's own keyed blobs.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE objects (
                        type TEXT NOT NULL,
                        namespace TEXT NOT NULL,
                        name TEXT NOT NULL,
                        resource_version INTEGER NOT NULL,
                        body BLOB NOT NULL,
                        PRIMARY KEY (type, namespace, name)
                    ) WITHOUT ROWID;
                    CREATE TABLE events (
                        resource_version INTEGER PRIMARY KEY,
                        type TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        body BLOB NOT NULL
                    );
                    CREATE TABLE counters (
                        key TEXT PRIMARY KEY,
                        value INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE state (
                        key TEXT PRIMARY KEY,
                        value BLOB NOT NULL
                    ) WITHOUT ROWID;
                    INSERT INTO counters (key, value) VALUES ('resourceVersion', 0), ('eventFloor', 0);
                    """)
        }
        return migrator
    }
}
