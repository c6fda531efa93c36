/// Removes known secrets (the bearer token, the basic-auth password) from text before it goes
/// into an error or a log line. The server should never echo them, but a proxy or a buggy
/// server might, and an error message is the usual way such a leak reaches a log.
struct Redactor: Sendable {
    private var secrets: [String]

    init(secrets: [String] = []) {
        // Very short strings would shred ordinary words and cannot be meaningful secrets.
        self.secrets = secrets.filter { $0.count >= 4 }
    }

    func scrub(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: "<redacted>")
        }
        return result
    }
}
