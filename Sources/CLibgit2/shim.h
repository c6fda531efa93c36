// libgit2 as one C module. Only the MigsyncGit Swift module imports it.
#include <git2.h>

// git_libgit2_opts is C-variadic, which Swift cannot call; these typed wrappers cover the
// options migsync sets.

/// Replaces the certificate authorities TLS connections are verified against
/// (GIT_OPT_SET_SSL_CERT_LOCATIONS); either argument may be NULL.
static inline int migsync_git_set_ssl_cert_locations(const char *file, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path);
}

/// The largest object of `type` kept in libgit2's object cache (GIT_OPT_SET_CACHE_OBJECT_LIMIT).
static inline int migsync_git_set_cache_object_limit(git_object_t type, size_t size) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, size);
}

/// The most memory libgit2's object cache may hold (GIT_OPT_SET_CACHE_MAX_SIZE).
static inline int migsync_git_set_cache_max_size(ssize_t size) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, size);
}

/// How many pack files libgit2 keeps open at once (GIT_OPT_SET_MWINDOW_FILE_LIMIT; 0 is
/// unlimited, the default).
static inline int migsync_git_set_mwindow_file_limit(size_t limit) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_FILE_LIMIT, limit);
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
