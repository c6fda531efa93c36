import CCurl
import Foundation

/// What libcurl's callbacks write into during one transfer: the body (or, for a stream, the
/// sink for each piece), the response headers, and the cancellation flag the progress
/// callback polls.
final class CurlTransfer {
    let handle: CurlEasyHandle
    let cancellation: CancellationFlag
    private let onData: (@Sendable ([UInt8]) -> Bool)?
    private(set) var body: [UInt8] = []
    private(set) var headers: [String: String] = [:]
    /// For streams: whether this response's body goes to `onData` (2xx) or into `body`.
    private var streamsBody: Bool?

    init(handle: CurlEasyHandle, cancellation: CancellationFlag, onData: (@Sendable ([UInt8]) -> Bool)?) {
        self.handle = handle
        self.cancellation = cancellation
        self.onData = onData
    }

    /// Set when `onData` asked to stop; the transfer's write error is then a normal end.
    private(set) var stoppedByReceiver = false

    /// Returns `false` to make libcurl abort the transfer.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let onData else {
            body.append(contentsOf: bytes)
            return true
        }
        if streamsBody == nil {
            streamsBody = (200..<300).contains(handle.responseCode)
        }
        guard streamsBody == true else {
            body.append(contentsOf: bytes)
            return true
        }
        if onData([UInt8](bytes)) { return true }
        stoppedByReceiver = true
        return false
    }

    func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        if bytes.starts(with: "HTTP/".utf8) {
            // A new response (after a 100 Continue or a retried connection) starts over.
            headers.removeAll(keepingCapacity: true)
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return }
        // Header values are trimmed of spaces, tabs and the line's CR LF byte by byte:
        // Foundation's character-set trimming costs more than the rest of a small request.
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var start = colon + 1
        var end = bytes.count
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        guard let rawName = String(validating: bytes[..<colon], as: UTF8.self),
            let value = String(validating: bytes[start..<end], as: UTF8.self)
        else { return }
        let name = rawName.lowercased()
        headers[name] = value
        // A large list arrives in 16 KiB pieces; growing the buffer once saves copying it
        // over and over. Capped so a lying header cannot reserve unbounded memory.
        if name == "content-length", onData == nil, let length = Int(value), length > 0 {
            body.reserveCapacity(min(length, 1 << 28))
        }
    }
}

/// Set from any thread to stop a transfer; libcurl's progress callback checks it and aborts.
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    var isCancelled: Bool { lock.withLock { cancelled } }

    func cancel() {
        lock.withLock { cancelled = true }
    }
}

/// The C callbacks. They cannot capture context, so the transfer travels as the user-data
/// pointer, kept alive by the caller for the duration of `curl_easy_perform`.
enum CurlCallbacks {
    static let write: ccurl_data_cb = { pointer, size, count, userData in
        guard let userData else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
        let length = size * count
        if let pointer, length > 0 {
            // Returning a count other than `length` aborts the transfer.
            return transfer.receiveBody(UnsafeRawBufferPointer(start: pointer, count: length)) ? length : 0
        }
        return length
    }

    static let header: ccurl_data_cb = { pointer, size, count, userData in
        guard let userData else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
        let length = size * count
        if let pointer, length > 0 {
            transfer.receiveHeader(UnsafeRawBufferPointer(start: pointer, count: length))
        }
        return length
    }

    /// Non-zero aborts the transfer with `CURLE_ABORTED_BY_CALLBACK`.
    static let progress: curl_xferinfo_callback = { userData, _, _, _, _ in
        guard let userData else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
        return transfer.cancellation.isCancelled ? 1 : 0
    }
}
