import CCurl
import Dispatch
import Foundation

/// The HTTP transport on libcurl: a pool of easy handles that keep their connections alive,
/// driven on a dedicated dispatch queue so that blocking `curl_easy_perform` calls never hold a
/// thread of Swift's cooperative pool.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: every mutable piece is the pool, which is guarded by its own lock.

    /// Server URL without a trailing slash.
    private let baseURL: String
    private let tls: TLSSettings
    /// `CURLOPT_CONNECT_TO` entry that sends connections for the TLS server name to the real
    /// host, when the certificate is checked against a name other than the URL's.
    private let connectTo: CurlStringList?
    private let connectTimeout: Duration
    private let pool = CurlHandlePool()
    private let queue = DispatchQueue(label: "migsync.kube.curl", attributes: .concurrent)

    /// TLS and server settings of the transport; credentials that travel in headers (tokens)
    /// are the client's business and never reach the transport's configuration.
    public struct TLSSettings: Sendable, Hashable {
        public var verifyPeer: Bool
        public var certificateAuthority: PEMSource?
        public var clientCertificate: PEMSource?
        public var clientKey: PEMSource?
        /// Verify the server certificate for this name instead of the URL's host
        /// (kubeconfig `tls-server-name`).
        public var serverName: String?

        public init(
            verifyPeer: Bool = true, certificateAuthority: PEMSource? = nil, clientCertificate: PEMSource? = nil,
            clientKey: PEMSource? = nil, serverName: String? = nil
        ) {
            self.verifyPeer = verifyPeer
            self.certificateAuthority = certificateAuthority
            self.clientCertificate = clientCertificate
            self.clientKey = clientKey
            self.serverName = serverName
        }
    }

    public init(server: String, tls: TLSSettings = TLSSettings(), connectTimeout: Duration = .seconds(10)) {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        self.tls = tls
        self.connectTimeout = connectTimeout
        // libcurl checks the certificate against the URL's host, so the URL names the TLS
        // server name and CONNECT_TO routes it to where the server really is.
        if let serverName = tls.serverName, !serverName.isEmpty, var components = URLComponents(string: base),
            let host = components.host
        {
            let port = components.port ?? (components.scheme == "http" ? 80 : 443)
            components.host = serverName
            base = components.string ?? base
            let target = host.contains(":") ? "[\(host)]" : host
            connectTo = CurlStringList(["\(serverName):\(port):\(target):\(port)"])
        } else {
            connectTo = nil
        }
        baseURL = base
    }

    /// A transport for the server and TLS settings of `config`.
    public convenience init(config: KubeConfig) {
        self.init(
            server: config.server,
            tls: TLSSettings(
                verifyPeer: !config.insecureSkipTLSVerify, certificateAuthority: config.certificateAuthority,
                clientCertificate: config.clientCertificate, clientKey: config.clientKey,
                serverName: config.tlsServerName))
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await run(request, onData: nil)
    }

    public func stream(_ request: HTTPRequest, onData: @escaping @Sendable ([UInt8]) -> Bool) async throws
        -> HTTPResponse
    {
        try await run(request, onData: onData)
    }

    private func run(_ request: HTTPRequest, onData: (@Sendable ([UInt8]) -> Bool)?) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let cancellation = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let work: @Sendable () -> Void = {
                    continuation.resume(
                        with: Result { try self.perform(request, cancellation: cancellation, onData: onData) })
                }
                if onData == nil {
                    queue.async(execute: work)
                } else {
                    // A stream (a watch) blocks its thread for minutes. On the shared queue a
                    // few of them would hold every worker the system grants it, and ordinary
                    // requests would wait seconds for one; a stream gets a thread of its own.
                    Thread(block: work).start()
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    // MARK: - Blocking part, on the transport's queue

    private func perform(
        _ request: HTTPRequest, cancellation: CancellationFlag, onData: (@Sendable ([UInt8]) -> Bool)?
    ) throws -> HTTPResponse {
        let handle = try pool.checkOut { try self.makeHandle() }
        let transfer = CurlTransfer(handle: handle, cancellation: cancellation, onData: onData)
        let headers = CurlStringList(
            request.headers.map { "\($0.name): \($0.value)" }
                // Without this libcurl waits for `100 Continue` before sending bodies over 1 KiB.
                + ["Expect:"])
        let code: CURLcode = try withExtendedLifetime((transfer, headers)) {
            try configure(handle, for: request, headers: headers)
            let context = Unmanaged.passUnretained(transfer).toOpaque()
            try handle.set(CURLOPT_WRITEDATA, pointer: context)
            try handle.set(CURLOPT_HEADERDATA, pointer: context)
            try handle.set(CURLOPT_XFERINFODATA, pointer: context)
            handle.clearError()
            let code: CURLcode
            if let body = request.body {
                code = body.withUnsafeBytes { bytes in
                    // POSTFIELDS does not copy; `bytes` stays valid until perform returns.
                    _ = ccurl_setopt_ptr(
                        handle.raw, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                    return curl_easy_perform(handle.raw)
                }
                _ = ccurl_setopt_ptr(handle.raw, CURLOPT_POSTFIELDS, nil)
            } else {
                code = curl_easy_perform(handle.raw)
            }
            try? handle.set(CURLOPT_HTTPHEADER, list: nil)
            return code
        }
        if code == CURLE_OK || (code == CURLE_WRITE_ERROR && transfer.stoppedByReceiver) {
            let response = HTTPResponse(status: handle.responseCode, headers: transfer.headers, body: transfer.body)
            // A transfer cut short leaves its connection mid-response; libcurl closes it, and
            // the handle itself stays usable.
            pool.checkIn(handle)
            return response
        }
        let message = handle.errorMessage(for: code)
        // After a failure the connection state is unknown; a fresh handle is cheap.
        if code == CURLE_ABORTED_BY_CALLBACK, cancellation.isCancelled { throw CancellationError() }
        throw Self.error(for: code, message: message, requestSent: handle.requestBytesSent > 0)
    }

    private func configure(_ handle: CurlEasyHandle, for request: HTTPRequest, headers: CurlStringList) throws {
        try handle.set(CURLOPT_URL, baseURL + request.target)
        try handle.set(CURLOPT_HTTPHEADER, list: headers)
        let timeout = request.timeout.map {
            Int($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000)
        }
        try handle.set(CURLOPT_TIMEOUT_MS, timeout ?? 0)
        switch (request.method, request.body) {
        case (.get, _):
            try handle.set(CURLOPT_HTTPGET, 1)
            try handle.set(CURLOPT_CUSTOMREQUEST, nil)
        case (.post, let body):
            try handle.set(CURLOPT_POST, 1)
            try handle.set(CURLOPT_POSTFIELDSIZE, body?.count ?? 0)
            try handle.set(CURLOPT_CUSTOMREQUEST, nil)
        case (let method, let body?):
            try handle.set(CURLOPT_POST, 1)
            try handle.set(CURLOPT_POSTFIELDSIZE, body.count)
            try handle.set(CURLOPT_CUSTOMREQUEST, method.rawValue)
        case (let method, nil):
            try handle.set(CURLOPT_HTTPGET, 1)
            try handle.set(CURLOPT_CUSTOMREQUEST, method.rawValue)
        }
    }

    /// Options that stay the same for every request of this transport.
    private func makeHandle() throws -> CurlEasyHandle {
        let handle = try CurlEasyHandle()
        // Signals cannot be used for DNS timeouts in a multi-threaded process.
        try handle.set(CURLOPT_NOSIGNAL, 1)
        try handle.set(CURLOPT_TCP_KEEPALIVE, 1)
        try handle.set(CURLOPT_TCP_NODELAY, 1)
        try handle.set(CURLOPT_FOLLOWLOCATION, 0)
        try handle.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try handle.set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        try handle.set(CURLOPT_USERAGENT, "migsync")
        let connectMillis = Int(connectTimeout.components.seconds) * 1000
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, max(connectMillis, 1))
        try handle.set(CURLOPT_NOPROGRESS, 0)
        _ = ccurl_setopt_data_cb(handle.raw, CURLOPT_WRITEFUNCTION, CurlCallbacks.write)
        _ = ccurl_setopt_data_cb(handle.raw, CURLOPT_HEADERFUNCTION, CurlCallbacks.header)
        _ = ccurl_setopt_xferinfo(handle.raw, CurlCallbacks.progress)

        if let connectTo { try handle.set(CURLOPT_CONNECT_TO, list: connectTo) }
        try handle.set(CURLOPT_SSL_VERIFYPEER, tls.verifyPeer ? 1 : 0)
        try handle.set(CURLOPT_SSL_VERIFYHOST, tls.verifyPeer ? 2 : 0)
        switch tls.certificateAuthority {
        case .file(let path):
            try handle.set(CURLOPT_CAINFO, path)
            // Only the configured CA is trusted, not the system store as well.
            try handle.set(CURLOPT_CAPATH, nil)
        case .data(let bytes):
            try handle.set(CURLOPT_CAINFO_BLOB, blob: bytes)
            try handle.set(CURLOPT_CAPATH, nil)
        case nil:
            break
        }
        switch tls.clientCertificate {
        case .file(let path): try handle.set(CURLOPT_SSLCERT, path)
        case .data(let bytes): try handle.set(CURLOPT_SSLCERT_BLOB, blob: bytes)
        case nil: break
        }
        if tls.clientCertificate != nil { try handle.set(CURLOPT_SSLCERTTYPE, "PEM") }
        switch tls.clientKey {
        case .file(let path): try handle.set(CURLOPT_SSLKEY, path)
        case .data(let bytes): try handle.set(CURLOPT_SSLKEY_BLOB, blob: bytes)
        case nil: break
        }
        if tls.clientKey != nil { try handle.set(CURLOPT_SSLKEYTYPE, "PEM") }
        return handle
    }

    /// The error a caller acts on for a failed transfer.
    ///
    /// A timeout before the request went out (a slow TCP connect or TLS handshake, as from a
    /// server too busy to accept) is a connection failure: nothing reached the server, so even a
    /// create may be sent again. A timeout after it was sent may have been applied.
    static func error(for code: CURLcode, message: String, requestSent: Bool) -> KubeError {
        switch code {
        case CURLE_OPERATION_TIMEDOUT where !requestSent:
            return .transport(TransportFailure(kind: .connect, message: message))
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout(message: message)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .transport(TransportFailure(kind: .connect, message: message))
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
            CURLE_SSL_SHUTDOWN_FAILED:
            return .transport(TransportFailure(kind: .tls, message: message))
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2_STREAM:
            return .transport(TransportFailure(kind: .interrupted, message: message))
        default:
            return .transport(TransportFailure(kind: .other, message: message))
        }
    }
}

/// Idle easy handles, most recently used first, so the handle with a warm connection is the
/// one reused.
final class CurlHandlePool: @unchecked Sendable {
    // @unchecked: `idle` is only touched under `lock`; a handle is owned by one caller between
    // checkOut and checkIn.
    private let lock = NSLock()
    private var idle: [CurlEasyHandle] = []
    /// Enough for the concurrency a reconciler uses; extra handles are freed on check-in.
    private let capacity = 16

    func checkOut(orMake make: () throws -> CurlEasyHandle) throws -> CurlEasyHandle {
        if let handle = lock.withLock({ idle.popLast() }) { return handle }
        return try make()
    }

    func checkIn(_ handle: CurlEasyHandle) {
        lock.withLock {
            if idle.count < capacity { idle.append(handle) }
        }
    }
}
