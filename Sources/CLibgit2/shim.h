// libgit2 as one C module. Only the MigsyncGit Swift module imports it.
#include <git2.h>

// git_libgit2_opts is C-variadic, which Swift cannot call; these typed wrappers cover the
// options migsync sets.

/// Replaces the certificate authorities TLS connections are verified against
/// (GIT_OPT_SET_SSL_CERT_LOCATIONS); either argument may be NULL.
static inline int migsync_git_set_ssl_cert_locations(const char *file, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path);
}
