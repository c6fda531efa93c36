import Dispatch
import Foundation
import KubeObjects

extension JSONReader {
    /// A list response: the envelope's members (`metadata`, `kind`, ...) and the `items`.
    struct ListDocument {
        var members: [String: JSONValue]
        var items: [JSONValue]?
    }

    /// Below this many bytes of items, threads cost more than they save.
    static let parallelThreshold = 1 << 20

    /// Parses a list response, reading its items on up to `parallelism` threads.
    ///
    /// A 10,000-object list is tens of megabytes, and building the values is most of the
    /// client's time for it. The items are independent documents, so after one fast pass that
    /// only finds where each begins and ends, they are built in parallel.
    static func parseList(_ bytes: [UInt8], parallelism: Int) throws -> ListDocument {
        try bytes.withUnsafeBytes { buffer in
            var reader = JSONReader(buffer: buffer)
            reader.skipWhitespace()
            guard reader.position < buffer.count, buffer[reader.position] == UInt8(ascii: "{") else {
                throw reader.error("expected a JSON object")
            }
            reader.position += 1
            var members: [String: JSONValue] = [:]
            var itemRanges: [Range<Int>]?
            reader.skipWhitespace()
            if reader.position < buffer.count, buffer[reader.position] == UInt8(ascii: "}") {
                reader.position += 1
            } else {
                members: while true {
                    reader.skipWhitespace()
                    guard reader.position < buffer.count, buffer[reader.position] == UInt8(ascii: "\"") else {
                        throw reader.error("expected a member name")
                    }
                    let key = try reader.readString()
                    reader.skipWhitespace()
                    guard reader.position < buffer.count, buffer[reader.position] == UInt8(ascii: ":") else {
                        throw reader.error("expected ':'")
                    }
                    reader.position += 1
                    reader.skipWhitespace()
                    if key == "items", reader.position < buffer.count, buffer[reader.position] == UInt8(ascii: "[") {
                        itemRanges = try reader.scanArrayElements()
                    } else {
                        members[key] = try reader.readValue(depth: 1)
                    }
                    reader.skipWhitespace()
                    guard reader.position < buffer.count else { throw reader.error("unexpected end of input") }
                    let next = buffer[reader.position]
                    reader.position += 1
                    if next == UInt8(ascii: ",") { continue }
                    if next == UInt8(ascii: "}") { break members }
                    reader.position -= 1
                    throw reader.error("expected ',' or '}'")
                }
            }
            reader.skipWhitespace()
            guard reader.position == buffer.count else { throw reader.error("unexpected data after the document") }
            let items = try itemRanges.map { try parseElements($0, in: buffer, parallelism: parallelism) }
            return ListDocument(members: members, items: items)
        }
    }

    /// Finds each element of the array starting at `position` without building it.
    mutating func scanArrayElements() throws -> [Range<Int>] {
        position += 1
        var ranges: [Range<Int>] = []
        skipWhitespace()
        if position < buffer.count, buffer[position] == UInt8(ascii: "]") {
            position += 1
            return ranges
        }
        while true {
            skipWhitespace()
            let start = position
            try skipValue()
            ranges.append(start..<position)
            skipWhitespace()
            guard position < buffer.count else { throw error("unexpected end of input") }
            let next = buffer[position]
            position += 1
            if next == UInt8(ascii: ",") { continue }
            if next == UInt8(ascii: "]") { return ranges }
            position -= 1
            throw error("expected ',' or ']'")
        }
    }

    /// Moves past one value, following only strings and nesting. The value's own syntax is
    /// checked when it is parsed.
    mutating func skipValue() throws {
        guard position < buffer.count else { throw error("unexpected end of input") }
        let first = buffer[position]
        if first != UInt8(ascii: "{"), first != UInt8(ascii: "["), first != UInt8(ascii: "\"") {
            // A scalar ends at the next delimiter.
            while position < buffer.count {
                switch buffer[position] {
                case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x0A, 0x0D, 0x09: return
                default: position += 1
                }
            }
            return
        }
        var depth = 0
        while position < buffer.count {
            let byte = buffer[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                skipStringBody()
                if depth == 0 { return }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return }
                if depth < 0 { throw error("unbalanced brackets") }
            default:
                break
            }
        }
        throw error("unexpected end of input")
    }

    /// Moves past the rest of a string whose opening quote was just read, to after its closing
    /// quote (or to the end of the input).
    ///
    /// This scan runs on one thread before the items are parsed in parallel, and most bytes of
    /// a list are inside strings, so it looks at eight bytes at a time until a word holds a
    /// quote or a backslash (as `readString` does), then finishes byte by byte.
    mutating func skipStringBody() {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        while position + 8 <= buffer.count {
            let word = buffer.loadUnaligned(fromByteOffset: position, as: UInt64.self)
            let quote = word ^ 0x2222_2222_2222_2222
            let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
            if (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highBits != 0 { break }
            position += 8
        }
        while position < buffer.count {
            let inner = buffer[position]
            position += inner == UInt8(ascii: "\\") ? 2 : 1
            if inner == UInt8(ascii: "\"") { return }
        }
    }

    private static func parseElements(_ ranges: [Range<Int>], in buffer: UnsafeRawBufferPointer, parallelism: Int)
        throws -> [JSONValue]
    {
        guard let first = ranges.first, let last = ranges.last else { return [] }
        let workers = last.upperBound - first.lowerBound < parallelThreshold ? 1 : min(parallelism, ranges.count)
        guard workers > 1 else {
            return try ranges.map { try parse(UnsafeRawBufferPointer(rebasing: buffer[$0])) }
        }
        let parts = PartResults(count: workers)
        let perWorker = (ranges.count + workers - 1) / workers
        let base = UInt(bitPattern: buffer.baseAddress)
        let count = buffer.count
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            // Rebuilt from the address: the buffer outlives this call, which waits for all workers.
            let shared = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: base), count: count)
            let slice = ranges[min(worker * perWorker, ranges.count)..<min((worker + 1) * perWorker, ranges.count)]
            do {
                parts.store(
                    try slice.map { try parse(UnsafeRawBufferPointer(rebasing: shared[$0])) }, at: worker)
            } catch {
                parts.fail(error)
            }
        }
        return try parts.joined()
    }
}

/// Collects the workers' parts of a parallel parse, in order.
private final class PartResults: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var parts: [[JSONValue]]
    private var failure: (any Error)?

    init(count: Int) {
        parts = Array(repeating: [], count: count)
    }

    func store(_ part: [JSONValue], at index: Int) {
        lock.withLock { parts[index] = part }
    }

    func fail(_ error: any Error) {
        lock.withLock { failure = failure ?? error }
    }

    func joined() throws -> [JSONValue] {
        try lock.withLock {
            if let failure { throw failure }
            return parts.flatMap { $0 }
        }
    }
}
