/// Where PEM material (a CA bundle, a client certificate or a client key) comes from:
/// a file path, or the bytes themselves (kubeconfig `*-data` fields, already base64-decoded).
public enum PEMSource: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    case file(String)
    case data([UInt8])

    /// File paths are shown; inline bytes are not, because one of them is a private key.
    public var description: String {
        switch self {
        case .file(let path): return "file \(path)"
        case .data(let bytes): return "<\(bytes.count) bytes>"
        }
    }

    public var customMirror: Mirror { Mirror(self, children: ["source": description], displayStyle: .enum) }
}
