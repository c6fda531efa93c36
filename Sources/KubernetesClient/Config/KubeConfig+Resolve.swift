import Foundation

extension KubeConfig {
    /// Where a pod's service-account token, CA and namespace are mounted.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Finds the configuration the way kubectl does: an explicit `--kubeconfig` path, else the
    /// files in `$KUBECONFIG` (merged, first wins; missing ones skipped), else
    /// `~/.kube/config`, else the in-cluster service account.
    ///
    /// - Parameters:
    ///   - explicitPath: `--kubeconfig`; when set the file must exist.
    ///   - context: `--context`; otherwise the file's `current-context`.
    ///   - environment: the process environment (`KUBECONFIG`, `HOME`, `KUBERNETES_SERVICE_*`).
    ///   - inClusterRoot: the service-account directory, injectable for tests.
    /// - Returns: `nil` when nothing is configured, so the caller can start the embedded emulator.
    /// - Throws: ``KubeConfigError`` when a configuration exists but is broken.
    public static func resolve(
        explicitPath: String?, context: String?, environment: [String: String],
        inClusterRoot: String = serviceAccountDirectory
    ) throws -> KubeConfig? {
        if let explicitPath, !explicitPath.isEmpty {
            return try fromFile(KubeConfigFile.load(path: explicitPath), source: explicitPath, context: context)
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            let paths = list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
            let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
            if !existing.isEmpty {
                let merged = KubeConfigFile.merged(try existing.map(KubeConfigFile.load(path:)))
                return try fromFile(merged, source: existing[0], context: context)
            }
        }
        if let home = environment["HOME"], !home.isEmpty {
            let path = "\(home)/.kube/config"
            if FileManager.default.fileExists(atPath: path) {
                return try fromFile(KubeConfigFile.load(path: path), source: path, context: context)
            }
        }
        return try inCluster(environment: environment, root: inClusterRoot)
    }

    /// Loads one kubeconfig file and selects `context` (or its current context).
    public static func load(path: String, context: String? = nil) throws -> KubeConfig {
        try fromFile(KubeConfigFile.load(path: path), source: path, context: context)
    }

    /// The in-cluster configuration, or `nil` outside a pod (no `KUBERNETES_SERVICE_HOST`
    /// or no mounted token).
    public static func inCluster(environment: [String: String], root: String = serviceAccountDirectory) throws
        -> KubeConfig?
    {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty else { return nil }
        let tokenPath = "\(root)/token"
        guard FileManager.default.fileExists(atPath: tokenPath) else { return nil }
        let port = environment["KUBERNETES_SERVICE_PORT"].flatMap { $0.isEmpty ? nil : $0 } ?? "443"
        let bracketed = host.contains(":") ? "[\(host)]" : host
        let caPath = "\(root)/ca.crt"
        let namespace = (try? String(contentsOfFile: "\(root)/namespace", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return KubeConfig(
            server: "https://\(bracketed):\(port)",
            certificateAuthority: FileManager.default.fileExists(atPath: caPath) ? .file(caPath) : nil,
            tokenFile: tokenPath,
            namespace: namespace.flatMap { $0.isEmpty ? nil : $0 })
    }

    static func fromFile(_ file: KubeConfigFile, source: String, context requested: String?) throws -> KubeConfig {
        let contextName: String
        if let requested, !requested.isEmpty {
            contextName = requested
        } else if let current = file.currentContext, !current.isEmpty {
            contextName = current
        } else {
            throw KubeConfigError.noCurrentContext(path: source)
        }
        guard let context = file.contexts.first(where: { $0.name == contextName })?.context else {
            throw KubeConfigError.contextNotFound(contextName)
        }
        guard let cluster = file.clusters.first(where: { $0.name == context.cluster })?.cluster else {
            throw KubeConfigError.clusterNotFound(context.cluster)
        }
        guard let server = cluster.server, !server.isEmpty else {
            throw KubeConfigError.missingServer(cluster: context.cluster)
        }
        var config = KubeConfig(server: server, namespace: context.namespace, contextName: contextName)
        config.insecureSkipTLSVerify = cluster.insecureSkipTLSVerify ?? false
        config.tlsServerName = cluster.tlsServerName
        config.certificateAuthority = try pem(
            data: cluster.certificateAuthorityData, path: cluster.certificateAuthority, file: file,
            field: "certificate-authority-data")

        if let userName = context.user, !userName.isEmpty {
            guard let user = file.users.first(where: { $0.name == userName })?.user else {
                throw KubeConfigError.userNotFound(userName)
            }
            config.clientCertificate = try pem(
                data: user.clientCertificateData, path: user.clientCertificate, file: file,
                field: "client-certificate-data")
            config.clientKey = try pem(
                data: user.clientKeyData, path: user.clientKey, file: file, field: "client-key-data")
            if (config.clientCertificate == nil) != (config.clientKey == nil) {
                throw KubeConfigError.incompleteClientCertificate(user: userName)
            }
            config.token = user.token.flatMap { $0.isEmpty ? nil : SecretString($0) }
            config.tokenFile = user.tokenFile.flatMap { $0.isEmpty ? nil : file.absolute($0) }
            config.username = user.username
            config.password = user.password.map(SecretString.init)
        }
        return config
    }

    /// Inline data wins over a path, as in kubectl.
    private static func pem(data: String?, path: String?, file: KubeConfigFile, field: String) throws -> PEMSource? {
        if let data, !data.isEmpty {
            let compact = data.filter { !$0.isWhitespace }
            guard let decoded = Data(base64Encoded: compact) else { throw KubeConfigError.invalidBase64(field: field) }
            return .data([UInt8](decoded))
        }
        if let path, !path.isEmpty { return .file(file.absolute(path)) }
        return nil
    }
}
