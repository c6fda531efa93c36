import CLibgit2

/// TLS settings for `https://` remotes.
///
/// libgit2 keeps these process-wide; set them once at start-up, before the first fetch.
public enum GitTLS {
    /// Verifies HTTPS servers against the certificate authorities in `file` (PEM) and/or the
    /// hashed certificate folder `directory`, for Git servers with a private CA.
    ///
    /// - Important: With the mbedTLS backend Debian's libgit2 uses, this *replaces* the system
    ///   trust store rather than adding to it; pass a bundle that also holds the public CAs if
    ///   public hosts must still be reachable.
    public static func useCertificateAuthorities(file: String?, directory: String? = nil) throws {
        GitLibrary.ensureInitialized()
        try check(
            migsync_git_set_ssl_cert_locations(file, directory),
            "use certificate authorities from \(file ?? directory ?? "nothing")"
        )
    }
}
