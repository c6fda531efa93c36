import Foundation
import Hummingbird
import KubeObjects

/// Timing of watch streams.
public struct WatchOptions: Sendable {
    /// How often a watch that asked for bookmarks gets one while nothing changes.
    public var bookmarkInterval: Duration
    /// The longest a watch stays open; clients reconnect from their last resource version.
    public var maximumDuration: Duration

    public init(bookmarkInterval: Duration = .seconds(5), maximumDuration: Duration = .seconds(1800)) {
        self.bookmarkInterval = bookmarkInterval
        self.maximumDuration = maximumDuration
    }
}

/// A `?watch=1` response: newline-delimited JSON watch events (`ADDED`, `MODIFIED`,
/// `DELETED`, `BOOKMARK`, `ERROR`) streamed with chunked transfer encoding, read from the
/// store's event log and woken by the store's change notifications.
struct WatchStream {
    let store: SQLiteObjectStore
    let resource: ServedResource
    let namespace: String?
    let query: RequestQuery
    let asTable: Bool
    let options: WatchOptions

    func response() throws -> Response {
        let labels = try query.labelSelector()
        let fields = try query.fieldSelector()
        let bookmarks = query.flag("allowWatchBookmarks")
        var duration = options.maximumDuration
        if let text = query["timeoutSeconds"], let seconds = Int(text), seconds > 0 {
            duration = min(duration, .seconds(seconds))
        }
        let matches: @Sendable (KubeObject) -> Bool = { object in
            (labels?.matches(object.labels) ?? true) && (fields?.matches(object) ?? true)
        }

        // Where the stream starts: "" or "0" means "the current state, then changes".
        var initial: [StoredObject] = []
        let start: Int64
        switch query["resourceVersion"] ?? "" {
        case "", "0":
            let (items, resourceVersion) = store.listStored(resource.type, namespace: namespace)
            initial = items.filter { matches($0.object) }
            start = resourceVersion
        case let text:
            guard let resourceVersion = Int64(text), resourceVersion >= 0 else {
                throw APIError.badRequest("invalid resourceVersion \"\(text)\"")
            }
            start = resourceVersion
        }

        let encoder = EventEncoder(resource: resource, asTable: asTable, include: includeObject())
        if start < store.oldestWatchableResourceVersion {
            let expired = APIError.gone(start, oldest: store.oldestWatchableResourceVersion)
            return streamResponse(ResponseBody(byteBuffer: encoder.error(expired)))
        }

        let store = self.store
        let resource = self.resource
        let namespace = self.namespace
        let initialObjects = initial
        let maximumDuration = duration
        let tick = min(options.bookmarkInterval, .seconds(1))
        let bookmarkInterval = options.bookmarkInterval
        let body = ResponseBody { writer in
            let wakeups = Wakeups(store: store, tick: tick)
            defer { wakeups.cancel() }
            let clock = ContinuousClock()
            let deadline = clock.now + maximumDuration
            var nextBookmark = clock.now + bookmarkInterval
            for object in initialObjects {
                try await writer.write(encoder.event("ADDED", object.object, json: object.json))
            }
            var position = start
            loop: for await _ in wakeups.stream {
                while true {
                    let current = (try? store.currentResourceVersion()) ?? position
                    let events: [StoredEvent]
                    do {
                        events = try store.storedEvents(
                            of: resource.type, namespace: namespace, after: position, limit: 500)
                    } catch {
                        try await writer.write(
                            encoder.error(.gone(position, oldest: store.oldestWatchableResourceVersion)))
                        break loop
                    }
                    for event in events {
                        guard let kind = Self.visibleKind(of: event, labels: labels, matches: matches) else { continue }
                        try await writer.write(encoder.event(kind, event.stored.object, json: event.stored.json))
                    }
                    if let last = events.last {
                        position = last.resourceVersion
                        continue
                    }
                    // Nothing newer of this type: everything up to `current` has been seen.
                    position = max(position, current)
                    break
                }
                let now = clock.now
                if now >= deadline { break }
                if bookmarks, now >= nextBookmark {
                    try await writer.write(encoder.bookmark(position))
                    nextBookmark = now + bookmarkInterval
                }
            }
            try await writer.finish(nil)
        }
        return streamResponse(body)
    }

    /// How a change looks through a label selector: an object whose labels stop matching is
    /// DELETED for this watch, one whose labels start matching is ADDED; nil when it is not
    /// seen at all.
    static func visibleKind(
        of event: StoredEvent, labels: LabelSelector?, matches: (KubeObject) -> Bool
    ) -> String? {
        let now = matches(event.stored.object)
        guard event.kind == .modified, let labels, let previous = event.previousLabels else {
            return now ? event.kind.rawValue : nil
        }
        switch (labels.matches(previous), now) {
        case (true, true): return "MODIFIED"
        case (false, true): return "ADDED"
        case (true, false): return "DELETED"
        case (false, false): return nil
        }
    }

    private func streamResponse(_ body: ResponseBody) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: body)
    }

    private func includeObject() -> TableRenderer.IncludeObject {
        query["includeObject"].flatMap(TableRenderer.IncludeObject.init(rawValue:)) ?? .metadata
    }
}

/// Serialises watch events, one JSON object per line.
private struct EventEncoder: Sendable {
    let resource: ServedResource
    let asTable: Bool
    let include: TableRenderer.IncludeObject

    func event(_ type: String, _ object: KubeObject, json: Data) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: json.count + 32)
        buffer.writeString("{\"type\":\"\(type)\",\"object\":")
        if asTable {
            let table = TableRenderer.table(for: resource, objects: [object], resourceVersion: nil, include: include)
            buffer.writeBytes((try? table.serialized()) ?? Data("{}".utf8))
        } else {
            buffer.writeBytes(json)
        }
        buffer.writeString("}\n")
        return buffer
    }

    func bookmark(_ resourceVersion: Int64) -> ByteBuffer {
        let object: JSONValue = [
            "kind": .string(resource.type.kind), "apiVersion": .string(resource.type.apiVersion),
            "metadata": ["resourceVersion": .string(String(resourceVersion))],
        ]
        return line(["type": "BOOKMARK", "object": object])
    }

    func error(_ error: APIError) -> ByteBuffer {
        line(["type": "ERROR", "object": error.status])
    }

    private func line(_ value: JSONValue) -> ByteBuffer {
        var buffer = ByteBuffer(data: (try? value.serialized()) ?? Data("{}".utf8))
        buffer.writeString("\n")
        return buffer
    }
}

/// One stream of wake-ups for a watch: every store change, plus a periodic tick for bookmarks
/// and the deadline. Ends when the store closes its watchers (the server is stopping).
private final class Wakeups: Sendable {
    let stream: AsyncStream<Void>
    private let tasks: [Task<Void, Never>]

    init(store: SQLiteObjectStore, tick: Duration) {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.stream = stream
        let changes = store.changes()
        continuation.yield()
        let forward = Task {
            for await _ in changes { continuation.yield() }
            continuation.finish()
        }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: tick)
                continuation.yield()
            }
        }
        tasks = [forward, ticker]
    }

    func cancel() {
        for task in tasks { task.cancel() }
    }
}
