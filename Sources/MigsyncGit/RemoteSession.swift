import CLibgit2

/// The state one network operation (ls-remote, fetch, push) shares with libgit2's callbacks.
///
/// libgit2 callbacks are C function pointers and cannot capture Swift values, so this object
/// travels as the callbacks' `payload` (unretained; the caller keeps it alive for the call).
/// After the call it tells what the callbacks saw: an authentication that went nowhere, an SSH
/// host key refused, references the server rejected.
final class RemoteSession {
    let url: String
    let credentials: GitCredentials
    /// Credential types already handed to libgit2; asking again for one means it was refused.
    private var offeredTypes: Set<UInt32> = []
    private(set) var authenticationFailed = false
    private(set) var hostKeyFailure: (host: String, reason: String)?
    /// `(remote ref, server's reason)` for each reference the server refused during a push.
    private(set) var rejectedReferences: [(ref: String, reason: String)] = []
    /// What a push is about to do, per destination reference: the remote's current tip and the
    /// local commit it should become (`nil` = zero id).
    private(set) var pushUpdates: [(ref: String, remoteOld: GitObjectID?, localNew: GitObjectID?)] = []

    init(url: String, credentials: GitCredentials) {
        self.url = url
        self.credentials = credentials
    }

    /// Everything that must not appear in a message: the configured secrets and any password
    /// or token embedded in the URL.
    var secrets: [String] { credentials.secrets + Redaction.secrets(inURL: url) }

    /// The URL as it may appear in messages.
    var redactedURL: String { Redaction.redact(url, secrets: secrets) }

    /// Callbacks wired to this session. The session must outlive every libgit2 call that uses them.
    func makeCallbacks() -> git_remote_callbacks {
        var callbacks = git_remote_callbacks()
        git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION))
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, _, usernameFromURL, allowedTypes, payload in
            guard let out, let payload else { return GIT_PASSTHROUGH.rawValue }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            return session.provideCredential(
                out,
                usernameFromURL: usernameFromURL.map { String(cString: $0) },
                allowedTypes: allowedTypes
            )
        }
        callbacks.certificate_check = { certificate, _, host, payload in
            guard let certificate, let payload else { return GIT_PASSTHROUGH.rawValue }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            return session.checkCertificate(certificate, host: host.map { String(cString: $0) } ?? "")
        }
        callbacks.push_update_reference = { refname, status, payload in
            guard let payload, let status else { return 0 }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            let ref = refname.map { String(cString: $0) } ?? "(unknown reference)"
            session.rejectedReferences.append((ref, String(cString: status)))
            return 0
        }
        callbacks.push_negotiation = { updates, count, payload in
            guard let payload, let updates else { return 0 }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            for index in 0..<count {
                guard let update = updates[index]?.pointee else { continue }
                let ref = update.dst_refname.map { String(cString: $0) } ?? ""
                let old = GitObjectID(update.src)
                let new = GitObjectID(update.dst)
                session.pushUpdates.append((ref, old.isZero ? nil : old, new.isZero ? nil : new))
            }
            return 0
        }
        return callbacks
    }

    /// The error for a failed libgit2 network call, preferring what the callbacks learnt
    /// (libgit2's own message is vague after a callback aborts).
    func failure(code: Int32, operation: String) -> GitError {
        if let hostKeyFailure {
            git_error_clear()
            return .hostKeyRejected(host: hostKeyFailure.host, reason: hostKeyFailure.reason)
        }
        if authenticationFailed {
            git_error_clear()
            return .authenticationFailed(url: redactedURL)
        }
        let error = GitError.lastError(code: code, operation: operation, secrets: secrets)
        if case .operationFailed(_, _, let message) = error, Self.looksLikeAuthenticationFailure(message) {
            return .authenticationFailed(url: redactedURL)
        }
        return error
    }

    /// Runs a libgit2 network call, turning a negative result into ``failure(code:operation:)``.
    func check(_ code: Int32, _ operation: @autoclosure () -> String) throws {
        guard code < 0 else { return }
        throw failure(code: code, operation: operation())
    }

    private static func looksLikeAuthenticationFailure(_ message: String) -> Bool {
        let lower = message.lowercased()
        return lower.contains("authentication") || lower.contains("401") || lower.contains("403")
            || lower.contains("unauthorized")
    }

    // MARK: - Credentials

    private func provideCredential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>,
        usernameFromURL: String?,
        allowedTypes: UInt32
    ) -> Int32 {
        func allowed(_ type: git_credential_t) -> Bool { allowedTypes & type.rawValue != 0 }
        func offer(_ type: git_credential_t, _ make: () -> Int32) -> Int32 {
            // libgit2 asks again after the server refused what it was given; the same secret will
            // not work a second time, so stop instead of looping until libgit2 gives up vaguely.
            guard offeredTypes.insert(type.rawValue).inserted else { return refuse() }
            return make()
        }
        switch credentials {
        case .userPassword(let username, let password):
            guard allowed(GIT_CREDENTIAL_USERPASS_PLAINTEXT) else { return refuse() }
            return offer(GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
                git_credential_userpass_plaintext_new(out, username, password)
            }
        case .sshKey(let username, let privateKeyPath, let publicKeyPath, let passphrase, _):
            let user = username ?? usernameFromURL ?? "git"
            if allowed(GIT_CREDENTIAL_SSH_KEY) {
                return offer(GIT_CREDENTIAL_SSH_KEY) {
                    git_credential_ssh_key_new(out, user, publicKeyPath, privateKeyPath, passphrase ?? "")
                }
            }
            if allowed(GIT_CREDENTIAL_USERNAME) {
                return offer(GIT_CREDENTIAL_USERNAME) { git_credential_username_new(out, user) }
            }
            return refuse()
        case .none:
            if allowed(GIT_CREDENTIAL_USERNAME), let usernameFromURL {
                return offer(GIT_CREDENTIAL_USERNAME) { git_credential_username_new(out, usernameFromURL) }
            }
            return refuse()
        }
    }

    private func refuse() -> Int32 {
        authenticationFailed = true
        // Without this, git_error_last() would still hold an unrelated earlier message.
        git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "authentication failed")
        return GIT_EUSER.rawValue
    }

    // MARK: - Host keys

    private func checkCertificate(_ certificate: UnsafeMutablePointer<git_cert>, host: String) -> Int32 {
        guard certificate.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else {
            // TLS certificates: libgit2 has already verified the chain against the system store.
            return GIT_PASSTHROUGH.rawValue
        }
        let hostKey = UnsafeRawPointer(certificate).assumingMemoryBound(to: git_cert_hostkey.self).pointee
        guard hostKey.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostKey.hostkey, hostKey.hostkey_len > 0
        else {
            return rejectHostKey(host: host, reason: "the server offered no host key to check")
        }
        let key = Array(UnsafeRawBufferPointer(start: raw, count: hostKey.hostkey_len))
        let knownHostsPath: String? =
            if case .sshKey(_, _, _, _, let path) = credentials { path } else { nil }
        let verdict = KnownHosts.verify(
            host: host,
            port: KnownHosts.port(inURL: url),
            key: key,
            knownHostsPath: knownHostsPath ?? KnownHosts.defaultPath
        )
        switch verdict {
        case .trusted:
            return 0
        case .rejected(let reason):
            return rejectHostKey(host: host, reason: reason)
        }
    }

    private func rejectHostKey(host: String, reason: String) -> Int32 {
        hostKeyFailure = (host, reason)
        git_error_set_str(Int32(GIT_ERROR_SSH.rawValue), "host key rejected")
        return GIT_ECERTIFICATE.rawValue
    }
}

extension GitObjectID {
    /// The all-zero id libgit2 uses for "no object" (a reference that does not exist yet).
    var isZero: Bool { hex.utf8.allSatisfy { $0 == UInt8(ascii: "0") } }
}
