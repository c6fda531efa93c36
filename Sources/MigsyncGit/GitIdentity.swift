/// The name and e-mail written as author and committer of commits and notes migsync makes.
public struct GitIdentity: Sendable, Hashable {
    public let name: String
    public let email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    /// The identity used when the configuration names none.
    public static let migsync = GitIdentity(name: "migsync", email: "migsync@localhost")
}
