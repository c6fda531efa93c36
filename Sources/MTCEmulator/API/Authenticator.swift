import Hummingbird
import NIOCore
import NIOSSL

/// Decides whether a request carries valid credentials: the configured bearer token, or a
/// client certificate the TLS layer already verified against the emulator's CA.
struct Authenticator: Sendable {
    var token: String?
    var acceptsClientCertificates: Bool

    /// With neither a token nor client certificates configured, every request is allowed.
    var isEnabled: Bool { token != nil || acceptsClientCertificates }

    /// Paths answered without credentials, as a real API server allows anonymous health and
    /// version checks.
    static func isPublic(_ path: String) -> Bool {
        ["/version", "/healthz", "/livez", "/readyz"].contains(path)
    }

    func authenticate(_ request: Request, context: EmulatorRequestContext) async throws(APIError) {
        guard isEnabled else { return }
        if let token, let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            if Self.constantTimeEquals(String(header.dropFirst("Bearer ".count)), token) { return }
        }
        if acceptsClientCertificates {
            // The handshake (optional verification) rejected any certificate the CA did not
            // sign, so a certificate being present here means it is valid.
            let certificate = try? await context.channel.nioSSL_peerCertificate().get()
            if certificate != nil { return }
        }
        throw APIError.unauthorized
    }

    /// Compares without an early exit, so response timing does not reveal a token prefix.
    private static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
