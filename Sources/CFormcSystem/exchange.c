#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "formc_system.h"

int formc_exchange_paths(const char *first, const char *second) {
#if defined(__linux__) && defined(SYS_renameat2)
    // Called through syscall() so that it works with C libraries that lack the wrapper.
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, 2 /* RENAME_EXCHANGE */);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int formc_sync_filesystem(int fd) {
#if defined(__linux__)
    return syncfs(fd);
#else
    // Elsewhere: sync everything (slower, as durable).
    sync();
    return 0;
#endif
}
