public import Foundation

/// The kubeconfig the emulator writes for its clients (kubectl, the migsync client).
public enum EmulatorKubeconfig {
    /// The credentials a kubeconfig's user entry carries.
    public struct Credentials: Sendable {
        public var token: String?
        public var clientCertificatePEM: Data?
        public var clientKeyPEM: Data?

        public init(token: String? = nil, clientCertificatePEM: Data? = nil, clientKeyPEM: Data? = nil) {
            self.token = token
            self.clientCertificatePEM = clientCertificatePEM
            self.clientKeyPEM = clientKeyPEM
        }

        public static let none = Credentials()
    }

    public static let contextName = "migsync-emulator"

    /// A kubeconfig with one cluster, user and context, the context's namespace set to
    /// `openshift-migration` where the MTC resources live.
    public static func render(
        server: String, caCertificatePEM: Data?, credentials: Credentials, namespace: String = "openshift-migration"
    ) -> String {
        var lines = [
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: \(contextName)",
            "  cluster:",
            "    server: \(quoted(server))",
        ]
        if let caCertificatePEM {
            lines.append("    certificate-authority-data: \(caCertificatePEM.base64EncodedString())")
        }
        lines += [
            "users:",
            "- name: \(contextName)",
            "  user:" + (credentials.token == nil && credentials.clientCertificatePEM == nil ? " {}" : ""),
        ]
        if let token = credentials.token { lines.append("    token: \(quoted(token))") }
        if let certificate = credentials.clientCertificatePEM, let key = credentials.clientKeyPEM {
            lines.append("    client-certificate-data: \(certificate.base64EncodedString())")
            lines.append("    client-key-data: \(key.base64EncodedString())")
        }
        lines += [
            "contexts:",
            "- name: \(contextName)",
            "  context:",
            "    cluster: \(contextName)",
            "    user: \(contextName)",
            "    namespace: \(quoted(namespace))",
            "current-context: \(contextName)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar.
    private static func quoted(_ text: String) -> String {
        var escaped = ""
        for character in text.unicodeScalars {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return "\"\(escaped)\""
    }

    /// Writes `contents` readable by the owner only: kubeconfigs hold credentials.
    static func write(_ contents: String, to path: String) throws {
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}
