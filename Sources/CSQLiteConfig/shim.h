#ifndef PRAXIS_CSQLITECONFIG_SHIM_H
#define PRAXIS_CSQLITECONFIG_SHIM_H
// Process-wide SQLite settings, which must be made before SQLite's first use. sqlite3_config is
// variadic, so Swift cannot call it; these typed wrappers can. Debian: libsqlite3-dev.
#include <sqlite3.h>

// Connections and statements without their own mutexes ("multi-thread" mode): GRDB already runs
// every use of a connection on that connection's serial queue, so the locks only cost time.
static inline int praxis_sqlite_config_multithread(void) {
    return sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
}

// No memory statistics: with them on, every allocation SQLite makes takes a global mutex.
static inline int praxis_sqlite_config_no_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
#endif
