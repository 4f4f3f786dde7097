#ifndef FORMC_SYSTEM_H
#define FORMC_SYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE). Returns 0 on success,
/// -1 with errno set otherwise (for example on filesystems that do not support it).
int formc_exchange_paths(const char *first, const char *second);

/// Writes the filesystem that holds `fd` to disk (Linux syncfs; sync elsewhere): one call that makes
/// every file written under a folder durable. Returns 0 on success, -1 with errno set otherwise.
int formc_sync_filesystem(int fd);

#endif
