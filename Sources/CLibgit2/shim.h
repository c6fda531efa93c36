// libgit2 as one C module. Only the MigsyncGit Swift module imports it.
#include <git2.h>

// git_libgit2_opts is C-variadic, which Swift cannot call; these typed wrappers cover the
// options migsync sets.

/// Replaces the certificate authorities TLS connections are verified against
/// (GIT_OPT_SET_SSL_CERT_LOCATIONS); either argument may be NULL.
static inline int migsync_git_set_ssl_cert_locations(const char *file, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path);
}

#include <git2/sys/stream.h>

/// migsync's plain TCP stream for libgit2 (see NoDelaySocketStream.swift).
///
/// The layout repeats libgit2's own socket stream (`git_socket_stream`: the stream, host,
/// port, socket): the SSH transport reads the socket out of whatever stream it was given,
/// assuming that layout, and hands it to libssh2.
typedef struct {
    git_stream parent;
    char *host;
    char *port;
    int socket;
} migsync_socket_stream;
