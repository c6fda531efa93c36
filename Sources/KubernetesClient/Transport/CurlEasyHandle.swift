import CCurl

/// Owns one libcurl easy handle and its error buffer; frees both when released.
///
/// A handle keeps its connection open between requests, so reusing one handle for the next
/// request to the same server skips the TCP and TLS handshakes. A handle is used by one
/// thread at a time (``CurlHandlePool`` hands it out exclusively).
final class CurlEasyHandle {
    let raw: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws {
        CurlGlobal.initialize()
        guard let raw = curl_easy_init() else {
            throw KubeError.transport(TransportFailure(kind: .other, message: "curl_easy_init failed"))
        }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        _ = ccurl_setopt_ptr(raw, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    func set(_ option: CURLoption, _ value: Int) throws {
        try check(ccurl_setopt_long(raw, option, value), option)
    }

    func set(_ option: CURLoption, _ value: String?) throws {
        if let value {
            try check(ccurl_setopt_string(raw, option, value), option)
        } else {
            try check(ccurl_setopt_string(raw, option, nil), option)
        }
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws {
        try check(ccurl_setopt_ptr(raw, option, pointer), option)
    }

    /// Hands libcurl a copy of `bytes` (PEM material that must not touch the disk).
    func set(_ option: CURLoption, blob bytes: [UInt8]) throws {
        var copy = bytes
        try copy.withUnsafeMutableBytes { buffer in
            var blob = curl_blob(data: buffer.baseAddress, len: buffer.count, flags: UInt32(CURL_BLOB_COPY))
            try check(ccurl_setopt_blob(raw, option, &blob), option)
        }
    }

    func set(_ option: CURLoption, list: CurlStringList?) throws {
        try check(ccurl_setopt_slist(raw, option, list?.raw), option)
    }

    /// Clears the error buffer so a message left by the previous transfer cannot be reported
    /// for this one.
    func clearError() {
        errorBuffer[0] = 0
    }

    /// libcurl's detailed message for the last failure, or its generic text for `code`.
    func errorMessage(for code: CURLcode) -> String {
        if errorBuffer[0] != 0 {
            return String(cString: errorBuffer)
        }
        return String(cString: curl_easy_strerror(code))
    }

    var responseCode: Int {
        var code = 0
        _ = ccurl_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// Bytes of request (line and headers) the last transfer sent; 0 when it failed before
    /// the request went out, during the TCP connect or the TLS handshake.
    var requestBytesSent: Int {
        var size = 0
        _ = ccurl_getinfo_long(raw, CURLINFO_REQUEST_SIZE, &size)
        return size
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws {
        guard code != CURLE_OK else { return }
        throw KubeError.transport(
            TransportFailure(
                kind: .other,
                message: "libcurl refused option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))"))
    }
}

/// Owns a `curl_slist` (request headers, CONNECT_TO entries); freed when released, after the
/// transfers using it.
final class CurlStringList {
    private(set) var raw: UnsafeMutablePointer<curl_slist>?

    init(_ lines: [String]) {
        for line in lines {
            raw = curl_slist_append(raw, line)
        }
    }

    deinit {
        curl_slist_free_all(raw)
    }
}

/// `curl_global_init` must run once before any handle exists.
enum CurlGlobal {
    private static let once: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    static func initialize() {
        _ = once
    }
}
