import Foundation
import KubeObjects

extension KubernetesClient {
    /// Watches a type for changes, for as long as the stream is consumed.
    ///
    /// The watch survives what happens to long-lived connections: when the connection drops
    /// or the server restarts, it reconnects (with backoff) and resumes from the last
    /// resource version seen, so no event is lost or repeated. When the server no longer has
    /// that version (410 Gone), it lists again and reports the difference to what it had
    /// seen as synthetic `ADDED`/`MODIFIED`/`DELETED` events, then continues from the list.
    /// A synthetic `DELETED` event's object carries identity only (`apiVersion`, `kind`,
    /// name, namespace, `uid`, `resourceVersion`): the watch remembers that much of each
    /// object, not its last content, so it holds little memory however many objects it sees.
    /// `BOOKMARK` events are passed on; they carry the latest resource version only. After
    /// every list (the first one and each relist) the stream yields a bookmark annotated
    /// ``WatchEvent/initialEventsEndAnnotation`` (`k8s.io/initial-events-end: "true"`, as
    /// Kubernetes marks the end of initial events): a consumer holding a cache knows from it
    /// that the cache now matches a consistent list.
    ///
    /// - Parameters:
    ///   - namespace: `nil` watches every namespace.
    ///   - resourceVersion: start after this version (only later changes are reported).
    ///     `nil` lists first and reports every existing object as `ADDED`, then its changes.
    /// - Returns: a stream that ends only when the consumer stops, with an error when the
    ///   watch cannot go on (unauthorized, forbidden, unknown resource, a malformed event).
    public func watch(
        _ type: ResourceType, namespace: String? = nil, labelSelector: LabelSelector? = nil,
        resourceVersion: String? = nil
    ) -> AsyncThrowingStream<WatchEvent, any Error> {
        watch(type, namespace: namespace, labelSelector: labelSelector, resourceVersion: resourceVersion) { $0 }
    }

    /// ``watch(_:namespace:labelSelector:resourceVersion:)`` with each event turned into what
    /// the consumer keeps as soon as it arrives, on the thread that reads the response.
    ///
    /// A stream buffers what its consumer has not taken yet. While a busy consumer lags
    /// behind thousands of events, whole decoded objects would pile up in that buffer; a
    /// consumer that keeps a compact form of each object converts it here instead, so only
    /// the compact forms wait. `transform` returns `nil` to drop an event.
    public func watch<Element: Sendable>(
        _ type: ResourceType, namespace: String? = nil, labelSelector: LabelSelector? = nil,
        resourceVersion: String? = nil, transform: @escaping @Sendable (WatchEvent) -> Element?
    ) -> AsyncThrowingStream<Element, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Element, any Error>.makeStream()
        let session = WatchSession(
            client: self, type: type, namespace: namespace, labelSelector: labelSelector,
            emit: { event in
                if let element = transform(event) { continuation.yield(element) }
            },
            finish: { error in continuation.finish(throwing: error) })
        let task = Task { await session.run(from: resourceVersion) }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}

/// The state of one watch across reconnects: the last resource version, the objects seen
/// (their identities, to report the difference after a relist), and the partial line of the
/// current response.
final class WatchSession: @unchecked Sendable {
    // @unchecked: the mutable state is guarded by `lock`. It is touched by the session's task
    // and, while a response streams, by the transport's thread.
    private let client: KubernetesClient
    private let type: ResourceType
    private let namespace: String?
    private let labelSelector: LabelSelector?
    /// Hands an event to the consumer.
    private let emit: @Sendable (WatchEvent) -> Void
    /// Ends the consumer's stream, with the error that stopped the watch if any.
    private let finish: @Sendable ((any Error)?) -> Void

    private let lock = NSLock()
    private var decoder = WatchLineDecoder()
    private var resourceVersion = ""
    private var known: [String: SeenObject] = [:]
    private var receivedBytes = false
    private var expired = false
    private var streamFailure: (any Error)?

    /// The server ends each watch after this long (randomised, as client-go does, so that
    /// many watchers do not reconnect together); the session then simply reconnects.
    private static let serverTimeoutRange = 240...300

    init(
        client: KubernetesClient, type: ResourceType, namespace: String?, labelSelector: LabelSelector?,
        emit: @escaping @Sendable (WatchEvent) -> Void, finish: @escaping @Sendable ((any Error)?) -> Void
    ) {
        self.client = client
        self.type = type
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.emit = emit
        self.finish = finish
    }

    func run(from start: String?) async {
        do {
            if let start {
                lock.withLock { resourceVersion = start }
            } else {
                try await relist(initial: true)
            }
            var failures = 0
            while !Task.isCancelled {
                switch try await watchOnce() {
                case .resume:
                    failures = 0
                case .relist:
                    try await relist(initial: false)
                    failures = 0
                case .backOff(let error):
                    failures += 1
                    var delay = client.retryPolicy.backoff(afterAttempt: failures, random: client.random())
                    if case .tooManyRequests(_, let retryAfter?) = error {
                        delay = max(delay, min(retryAfter, client.retryPolicy.maxRetryAfter))
                    }
                    client.logger.info(
                        "watch reconnecting",
                        metadata: [
                            "k8s.resource": "\(type)", "k8s.resourceVersion": "\(lock.withLock { resourceVersion })",
                            "attempt": "\(failures)", "delay": "\(delay)", "error": "\(error)",
                        ])
                    try await client.sleep(delay)
                }
            }
            finish(nil)
        } catch is CancellationError {
            finish(nil)
        } catch {
            finish(error)
        }
    }

    private enum Outcome {
        /// The server ended the watch normally; start the next one where it stopped.
        case resume
        /// The resource version expired.
        case relist
        /// A transient failure; wait, then resume.
        case backOff(KubeError)
    }

    private func watchOnce() async throws -> Outcome {
        let version = lock.withLock {
            decoder = WatchLineDecoder()
            receivedBytes = false
            expired = false
            streamFailure = nil
            return resourceVersion
        }
        let target = RequestBuilder.target(
            RequestBuilder.path(type, namespace: namespace),
            query: RequestBuilder.watchQuery(
                labelSelector: labelSelector, resourceVersion: version,
                timeoutSeconds: Int.random(in: Self.serverTimeoutRange)))
        let (request, redactor) = try client.authorize(HTTPRequest(method: .get, target: target, timeout: nil))
        let response: HTTPResponse
        do {
            response = try await client.transport.stream(request) { [self] bytes in consume(bytes) }
        } catch let error as KubeError {
            if case .transport(let failure) = error, failure.kind == .tls { throw redactor.scrub(error) }
            return .backOff(redactor.scrub(error))
        }
        if !response.isSuccess {
            let error = KubeError.from(response: response, redactor: redactor)
            if case .gone = error { return .relist }
            guard client.retryPolicy.isRetryable(error, method: .get) else { throw error }
            return .backOff(error)
        }
        let (wasExpired, failure, sawData) = lock.withLock { (expired, streamFailure, receivedBytes) }
        if wasExpired { return .relist }
        if let failure = failure as? KubeError { return .backOff(failure) }
        if let failure { throw failure }
        // A server that closes watches at once must not be hammered.
        return sawData ? .resume : .backOff(.timeout(message: "watch ended without data"))
    }

    /// Handles bytes of the current response (on the transport's thread). Returns `false` to
    /// end the response after an `ERROR` event or a malformed line.
    private func consume(_ bytes: [UInt8]) -> Bool {
        lock.withLock {
            receivedBytes = true
            let items: [WatchLineDecoder.Item]
            do {
                items = try decoder.feed(bytes, type: type)
            } catch {
                streamFailure = error
                return false
            }
            for item in items {
                switch item {
                case .event(let event):
                    if let version = event.object.resourceVersion, !version.isEmpty { resourceVersion = version }
                    switch event.type {
                    case .added, .modified: known[key(event.object)] = SeenObject(event.object)
                    case .deleted: known[key(event.object)] = nil
                    case .bookmark: break
                    }
                    emit(event)
                case .error(let status):
                    if status["code"]?.intValue == 410 || status["reason"]?.stringValue == "Expired"
                        || status["reason"]?.stringValue == "Gone"
                    {
                        expired = true
                    } else {
                        streamFailure = KubeError.from(
                            response: HTTPResponse(
                                status: Int(status["code"]?.intValue ?? 500),
                                body: (try? status.serializedBytes()) ?? []))
                    }
                    return false
                }
            }
            return true
        }
    }

    /// Lists afresh and reports what changed since the objects last seen (at first, everything).
    private func relist(initial: Bool) async throws {
        let list = try await client.listAll(type, namespace: namespace, labelSelector: labelSelector)
        let events = lock.withLock { () -> [WatchEvent] in
            var events: [WatchEvent] = []
            var current: [String: SeenObject] = [:]
            for object in list.items {
                let key = key(object)
                current[key] = SeenObject(object)
                if let previous = known[key] {
                    if previous.resourceVersion != object.resourceVersion {
                        events.append(WatchEvent(type: .modified, object: object))
                    }
                } else {
                    events.append(WatchEvent(type: .added, object: object))
                }
            }
            for (key, seen) in known.sorted(by: { $0.key < $1.key }) where current[key] == nil {
                events.append(WatchEvent(type: .deleted, object: seen.object))
            }
            known = current
            resourceVersion = list.resourceVersion
            return events
        }
        if !initial {
            client.logger.info(
                "watch relisted",
                metadata: [
                    "k8s.resource": "\(type)", "k8s.resourceVersion": "\(list.resourceVersion)",
                    "k8s.changes": "\(events.count)",
                ])
        }
        for event in events { emit(event) }
        emit(WatchEvent.initialEventsEnd(resourceVersion: list.resourceVersion))
    }

    private func key(_ object: KubeObject) -> String {
        "\(object.namespace ?? "")/\(object.name)"
    }
}

/// What a watch session keeps of an object it has seen: enough to tell a changed version
/// after a relist and to report a deletion, not the content (a cache of thousands of objects
/// belongs to the consumer, not to every watch). Plain strings, not a JSON tree: a session
/// holds one per object for as long as it runs.
struct SeenObject: Sendable, Hashable {
    var apiVersion: String?
    var kind: String?
    var name: String?
    var namespace: String?
    var uid: String?
    var resourceVersion: String?

    init(_ object: KubeObject) {
        apiVersion = object.json["apiVersion"]?.stringValue
        kind = object.json["kind"]?.stringValue
        name = object.json[path: ["metadata", "name"]]?.stringValue
        namespace = object.json[path: ["metadata", "namespace"]]?.stringValue
        uid = object.json[path: ["metadata", "uid"]]?.stringValue
        resourceVersion = object.json[path: ["metadata", "resourceVersion"]]?.stringValue
    }

    /// The object a synthetic `DELETED` event carries: identity fields only.
    var object: KubeObject {
        var metadata: [String: JSONValue] = [:]
        for (field, value) in [
            ("name", name), ("namespace", namespace), ("uid", uid), ("resourceVersion", resourceVersion),
        ] {
            if let value { metadata[field] = .string(value) }
        }
        var members: [String: JSONValue] = ["metadata": .object(metadata)]
        if let apiVersion { members["apiVersion"] = .string(apiVersion) }
        if let kind { members["kind"] = .string(kind) }
        return KubeObject(json: .object(members))
    }
}
