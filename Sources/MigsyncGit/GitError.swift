import CLibgit2

/// A failure in the Git layer, naming what was being done.
///
/// Messages come from libgit2's thread-local error slot, read on the same thread right after the
/// failing call, and are passed through ``Redaction`` so that no credential, token or
/// credential-bearing URL ever appears in an error.
public enum GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A libgit2 call failed; `code` is libgit2's (negative) error code.
    case operationFailed(operation: String, code: Int32, message: String)
    /// The object, reference or path asked for does not exist.
    case notFound(operation: String, message: String)
    /// The server refused to update `ref` (a hook, a protected branch, a policy); `reason` is the
    /// server's own explanation.
    case pushRejected(ref: String, reason: String)
    /// The remote `ref` has commits the pushed commit does not contain; fetch, rebase and retry.
    case nonFastForward(ref: String)
    /// The remote at `url` did not accept the configured credentials.
    case authenticationFailed(url: String)
    /// The SSH host key of `host` is not in the configured known_hosts file, or does not match it.
    case hostKeyRejected(host: String, reason: String)
    /// A caller passed something the Git layer cannot work with (a malformed object id, an
    /// unreadable credentials file).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .operationFailed(let operation, let code, let message):
            return "git \(operation) failed (\(code)): \(message)"
        case .notFound(let operation, let message):
            return "git \(operation): not found: \(message)"
        case .pushRejected(let ref, let reason):
            return "git push: the server rejected \(ref): \(reason)"
        case .nonFastForward(let ref):
            return "git push: \(ref) is not a fast-forward of the remote branch; fetch and retry"
        case .authenticationFailed(let url):
            return "git: authentication failed for \(url)"
        case .hostKeyRejected(let host, let reason):
            return "git: SSH host key for \(host) rejected: \(reason)"
        case .invalidArgument(let message):
            return "git: \(message)"
        }
    }

    /// True when the error says that something does not exist.
    public var isNotFound: Bool {
        if case .notFound = self { return true }
        return false
    }

    /// Builds the error for a failed libgit2 call from the thread's last error.
    ///
    /// - Parameters:
    ///   - code: the negative return code.
    ///   - operation: what was being done, e.g. `"fetch"` or `"resolve main"`.
    ///   - secrets: strings that must not appear in the message (passwords, tokens).
    static func lastError(code: Int32, operation: String, secrets: [String] = []) -> GitError {
        var message = "unknown error"
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text)
        }
        let cleanMessage = Redaction.redact(message, secrets: secrets)
        let cleanOperation = Redaction.redact(operation, secrets: secrets)
        if code == GIT_ENOTFOUND.rawValue {
            return .notFound(operation: cleanOperation, message: cleanMessage)
        }
        return .operationFailed(operation: cleanOperation, code: code, message: cleanMessage)
    }
}

/// Throws ``GitError`` when a libgit2 call returned a negative code.
///
/// The operation name is an autoclosure so that building it costs nothing on success.
@discardableResult
func check(_ code: Int32, _ operation: @autoclosure () -> String, secrets: [String] = []) throws -> Int32 {
    guard code < 0 else { return code }
    throw GitError.lastError(code: code, operation: operation(), secrets: secrets)
}
