/// Everything the client needs to reach one API server: where it is, how to trust it, and
/// who to be. Built from a kubeconfig file or from in-cluster service-account files by
/// ``KubeConfig/resolve(explicitPath:context:environment:inClusterRoot:)``.
public struct KubeConfig: Sendable, Hashable, CustomStringConvertible {
    /// Base URL of the API server, e.g. `https://10.0.0.1:6443`; may carry a path prefix.
    public var server: String
    /// CA bundle that signs the server's certificate. `nil` means the system trust store.
    public var certificateAuthority: PEMSource?
    /// Accept any server certificate. Only ever set from an explicit kubeconfig flag.
    public var insecureSkipTLSVerify: Bool
    /// Name to verify the server certificate against instead of the URL's host.
    public var tlsServerName: String?
    public var clientCertificate: PEMSource?
    public var clientKey: PEMSource?
    /// A static bearer token.
    public var token: SecretString?
    /// A file holding the bearer token, re-read as it rotates (service-account tokens do).
    public var tokenFile: String?
    public var username: String?
    public var password: SecretString?
    /// The namespace of the selected context; callers fall back to it when they name none.
    public var namespace: String?
    /// The context this configuration came from (`nil` for in-cluster).
    public var contextName: String?

    public init(
        server: String, certificateAuthority: PEMSource? = nil, insecureSkipTLSVerify: Bool = false,
        tlsServerName: String? = nil, clientCertificate: PEMSource? = nil, clientKey: PEMSource? = nil,
        token: SecretString? = nil, tokenFile: String? = nil, username: String? = nil, password: SecretString? = nil,
        namespace: String? = nil, contextName: String? = nil
    ) {
        self.server = server
        self.certificateAuthority = certificateAuthority
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.token = token
        self.tokenFile = tokenFile
        self.username = username
        self.password = password
        self.namespace = namespace
        self.contextName = contextName
    }

    /// Names the server and which kinds of credentials are set, never their values.
    public var description: String {
        var parts = ["server: \(server)"]
        if let contextName { parts.append("context: \(contextName)") }
        if let namespace { parts.append("namespace: \(namespace)") }
        if let certificateAuthority { parts.append("ca: \(certificateAuthority)") }
        if insecureSkipTLSVerify { parts.append("insecure-skip-tls-verify") }
        if clientCertificate != nil { parts.append("client certificate") }
        if token != nil { parts.append("token") }
        if let tokenFile { parts.append("token file: \(tokenFile)") }
        if username != nil { parts.append("basic auth") }
        return "KubeConfig(\(parts.joined(separator: ", ")))"
    }
}

/// A kubeconfig or in-cluster configuration could not be read or does not make sense.
public enum KubeConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    case fileNotFound(path: String)
    case unreadable(path: String, reason: String)
    case contextNotFound(String)
    case noCurrentContext(path: String)
    case clusterNotFound(String)
    case userNotFound(String)
    case missingServer(cluster: String)
    case invalidBase64(field: String)
    case incompleteClientCertificate(user: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path): return "kubeconfig \(path) does not exist"
        case .unreadable(let path, let reason): return "cannot read kubeconfig \(path): \(reason)"
        case .contextNotFound(let name): return "context \"\(name)\" is not in the kubeconfig"
        case .noCurrentContext(let path): return "kubeconfig \(path) sets no current-context and none was given"
        case .clusterNotFound(let name): return "cluster \"\(name)\" is not in the kubeconfig"
        case .userNotFound(let name): return "user \"\(name)\" is not in the kubeconfig"
        case .missingServer(let cluster): return "cluster \"\(cluster)\" has no server URL"
        case .invalidBase64(let field): return "\(field) is not valid base64"
        case .incompleteClientCertificate(let user):
            return "user \"\(user)\" sets a client certificate without a key, or a key without a certificate"
        }
    }
}
