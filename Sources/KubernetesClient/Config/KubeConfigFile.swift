import Foundation
import Yams

/// The on-disk kubeconfig format (`kind: Config`), only the fields this client uses.
/// Unknown fields (exec plugins, extensions, preferences) are ignored.
struct KubeConfigFile: Decodable, Sendable {
    struct NamedCluster: Decodable, Sendable {
        var name: String
        var cluster: Cluster
    }

    struct Cluster: Decodable, Sendable {
        var server: String?
        var certificateAuthority: String?
        var certificateAuthorityData: String?
        var insecureSkipTLSVerify: Bool?
        var tlsServerName: String?

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
        }
    }

    struct NamedContext: Decodable, Sendable {
        var name: String
        var context: Context
    }

    struct Context: Decodable, Sendable {
        var cluster: String
        var user: String?
        var namespace: String?
    }

    struct NamedUser: Decodable, Sendable {
        var name: String
        var user: User
    }

    struct User: Decodable, Sendable {
        var clientCertificate: String?
        var clientCertificateData: String?
        var clientKey: String?
        var clientKeyData: String?
        var token: String?
        var tokenFile: String?
        var username: String?
        var password: String?

        enum CodingKeys: String, CodingKey {
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
            case token
            case tokenFile
            case username
            case password
        }
    }

    var currentContext: String?
    var clusters: [NamedCluster]
    var contexts: [NamedContext]
    var users: [NamedUser]
    /// Directory of the file, against which relative paths inside it resolve (as kubectl does).
    var directory: String = ""

    enum CodingKeys: String, CodingKey {
        case currentContext = "current-context"
        case clusters, contexts, users
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        currentContext = try container.decodeIfPresent(String.self, forKey: .currentContext)
        clusters = try container.decodeIfPresent([NamedCluster].self, forKey: .clusters) ?? []
        contexts = try container.decodeIfPresent([NamedContext].self, forKey: .contexts) ?? []
        users = try container.decodeIfPresent([NamedUser].self, forKey: .users) ?? []
    }

    /// Reads and decodes one kubeconfig file. An empty file is an empty config.
    static func load(path: String) throws -> KubeConfigFile {
        guard FileManager.default.fileExists(atPath: path) else { throw KubeConfigError.fileNotFound(path: path) }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KubeConfigError.unreadable(path: path, reason: "not readable as UTF-8 text")
        }
        var file: KubeConfigFile
        if text.allSatisfy(\.isWhitespace) {
            file = KubeConfigFile()
        } else {
            do {
                file = try YAMLDecoder().decode(KubeConfigFile.self, from: text)
            } catch let error as DecodingError {
                throw KubeConfigError.unreadable(path: path, reason: Self.describe(error))
            } catch {
                // Yams parser errors quote the offending line, which may hold a token.
                throw KubeConfigError.unreadable(path: path, reason: "not valid YAML")
            }
        }
        file.directory = (path as NSString).deletingLastPathComponent
        return file
    }

    private init() {
        clusters = []
        contexts = []
        users = []
    }

    /// Merges files the way kubectl merges `$KUBECONFIG`: the first file to name a cluster,
    /// context or user (or to set `current-context`) wins. Relative paths keep resolving
    /// against the file they came from, so each entry is made absolute first.
    static func merged(_ files: [KubeConfigFile]) -> KubeConfigFile {
        var result = KubeConfigFile()
        for file in files {
            if result.currentContext == nil || result.currentContext == "" {
                result.currentContext = file.currentContext
            }
            for entry in file.clusters where !result.clusters.contains(where: { $0.name == entry.name }) {
                var entry = entry
                entry.cluster.certificateAuthority = entry.cluster.certificateAuthority.map(file.absolute)
                result.clusters.append(entry)
            }
            for entry in file.contexts where !result.contexts.contains(where: { $0.name == entry.name }) {
                result.contexts.append(entry)
            }
            for entry in file.users where !result.users.contains(where: { $0.name == entry.name }) {
                var entry = entry
                entry.user.clientCertificate = entry.user.clientCertificate.map(file.absolute)
                entry.user.clientKey = entry.user.clientKey.map(file.absolute)
                entry.user.tokenFile = entry.user.tokenFile.map(file.absolute)
                result.users.append(entry)
            }
        }
        return result
    }

    func absolute(_ path: String) -> String {
        if path.hasPrefix("/") || directory.isEmpty { return path }
        return "\(directory)/\(path)"
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            let field = path.isEmpty ? "document" : path.joined(separator: ".")
            if case .keyNotFound(let key, _) = error { return "\(field): missing field \(key.stringValue)" }
            return "\(field): unexpected value"
        @unknown default:
            return "unexpected structure"
        }
    }
}
