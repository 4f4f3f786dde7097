#ifndef FORMC_SYSTEM_H
#define FORMC_SYSTEM_H

#include <stddef.h>
#include <stdint.h>

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE). Returns 0 on success,
/// -1 with errno set otherwise (for example on filesystems that do not support it).
int formc_exchange_paths(const char *first, const char *second);

/// Writes the filesystem that holds `fd` to disk (Linux syncfs; sync elsewhere): one call that makes
/// every file written under a folder durable. Returns 0 on success, -1 with errno set otherwise.
int formc_sync_filesystem(int fd);

/// Runs SHA-256's compression over `blocks` 64-byte blocks of `data`, updating `state` (the eight
/// words a, b, … h), with the processor's SHA instructions. Returns 1 when it did, 0 when this
/// processor (or platform) has none: the caller then compresses the blocks itself.
int formc_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

/// SHA-256's 64 round constants, for the portable loop.
const uint32_t *formc_sha256_round_constants(void);

/// 1 when formc_sha256_blocks uses the processor's SHA instructions, 0 when it declines.
int formc_sha256_accelerated(void);

#endif
