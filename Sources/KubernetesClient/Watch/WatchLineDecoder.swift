import KubeObjects

/// Splits a watch response body into its newline-delimited JSON events, however the bytes
/// were chunked on the wire.
struct WatchLineDecoder {
    /// A decoded line: an event, or the `Status` of an `ERROR` event.
    enum Item: Sendable {
        case event(WatchEvent)
        case error(status: JSONValue)
    }

    private var pending: [UInt8] = []

    /// Feeds received bytes; returns the events completed by them, in order.
    mutating func feed(_ bytes: [UInt8], type: ResourceType) throws -> [Item] {
        var items: [Item] = []
        var start = 0
        if pending.isEmpty, let last = bytes.lastIndex(of: 0x0A) {
            // Fast path: parse lines straight out of the received chunk.
            var lineStart = 0
            for index in 0...last where bytes[index] == 0x0A {
                if index > lineStart {
                    try bytes[lineStart..<index].withUnsafeBytes { items += try decodeLine($0, type: type) }
                }
                lineStart = index + 1
            }
            start = last + 1
        } else if !pending.isEmpty {
            for (index, byte) in bytes.enumerated() where byte == 0x0A {
                pending.append(contentsOf: bytes[start..<index])
                let line = pending
                pending.removeAll(keepingCapacity: true)
                start = index + 1
                if !line.isEmpty {
                    try line.withUnsafeBytes { items += try decodeLine($0, type: type) }
                }
            }
        }
        pending.append(contentsOf: bytes[start...])
        return items
    }

    private func decodeLine(_ line: UnsafeRawBufferPointer, type: ResourceType) throws -> [Item] {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { return [] }
        let value = try JSONReader.parse(line)
        guard let typeName = value["type"]?.stringValue, let object = value["object"] else {
            throw KubeError.invalidResponse("watch event without type or object")
        }
        if typeName == "ERROR" { return [.error(status: object)] }
        guard let eventType = WatchEvent.EventType(rawValue: typeName) else {
            throw KubeError.invalidResponse("unknown watch event type \(typeName)")
        }
        return [
            .event(
                WatchEvent(type: eventType, object: KubernetesClient.completing(KubeObject(json: object), type: type)))
        ]
    }
}
