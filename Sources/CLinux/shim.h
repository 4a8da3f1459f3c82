// Linux calls that Swift's Glibc module leaves out (glibc declares them only under
// _GNU_SOURCE, which that module is built without). Declared here, as glibc 2.28 and later
// define them.
#ifndef DIGEST_CLINUX_SHIM_H
#define DIGEST_CLINUX_SHIM_H

extern int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);

/// Swaps the two paths in one step (renameat2 with RENAME_EXCHANGE): both must exist.
/// 0, or -1 with errno set (EINVAL where the file system cannot exchange).
static inline int digest_exchange_paths(const char *first, const char *second) {
    return renameat2(-100 /* AT_FDCWD */, first, -100, second, 1u << 1 /* RENAME_EXCHANGE */);
}

#endif
