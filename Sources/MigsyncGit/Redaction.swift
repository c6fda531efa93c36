/// Removes secrets from text before it reaches an error message or a log line.
///
/// Two kinds of secret are scrubbed: any literal secret the caller knows (a password, a token,
/// a key passphrase), and the user-info part of URLs (`https://user:token@host`), because a
/// remote URL is the usual way a token leaks into libgit2's own messages.
public enum Redaction {
    /// The text put in place of a secret.
    public static let mask = "***"

    /// `text` with every occurrence of `secrets` and every URL password replaced by ``mask``.
    public static func redact(_ text: String, secrets: [String] = []) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = result.replacing(secret, with: mask)
        }
        return redactURLUserInfo(result)
    }

    /// A URL with its user-info reduced to the user name (`https://user:***@host`); a lone
    /// user-info over HTTP(S) is treated as a token (`https://***@host`).
    public static func redactURL(_ url: String) -> String {
        redactURLUserInfo(url)
    }

    /// The secrets a URL carries in its user-info (the password, or a lone HTTP(S) token), so
    /// they can be scrubbed even where a message quotes them without the URL around them.
    public static func secrets(inURL url: String) -> [String] {
        guard let schemeEnd = url.firstRange(of: "://") else { return [] }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return [] }
        let userInfo = authority[..<at]
        if let colon = userInfo.firstIndex(of: ":") {
            let password = userInfo[userInfo.index(after: colon)...]
            return password.isEmpty ? [] : [String(password)]
        }
        return (scheme == "http" || scheme == "https") && !userInfo.isEmpty ? [String(userInfo)] : []
    }

    private static func redactURLUserInfo(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let schemeRange = rest.firstRange(of: "://") {
            let schemeStart =
                rest[..<schemeRange.lowerBound].lastIndex(where: { !($0.isLetter || $0.isNumber || "+.-".contains($0)) }
                )
                .map { rest.index(after: $0) } ?? rest.startIndex
            let scheme = rest[schemeStart..<schemeRange.lowerBound].lowercased()
            output += rest[..<schemeRange.upperBound]
            rest = rest[schemeRange.upperBound...]
            // The authority ends at the first '/', whitespace or quote; user-info ends at its last '@'.
            let authorityEnd =
                rest.firstIndex(where: {
                    $0 == "/" || $0 == "?" || $0 == "#" || $0.isWhitespace || $0 == "'" || $0 == "\""
                })
                ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                if let colon = userInfo.firstIndex(of: ":") {
                    output += userInfo[..<colon] + ":" + mask
                } else if scheme == "http" || scheme == "https" {
                    output += mask
                } else {
                    output += userInfo
                }
                output += "@"
                rest = rest[rest.index(after: at)...]
            }
        }
        output += rest
        return output
    }
}
