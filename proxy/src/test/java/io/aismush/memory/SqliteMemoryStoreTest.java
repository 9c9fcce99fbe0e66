package io.aismush.memory;

import io.aismush.config.StorageSettings;

/** The memory store's rules on SQLite (FTS5 with BM25). */
class SqliteMemoryStoreTest extends MemoryStoreContract {
    @Override
    StorageSettings freshDatabase() {
        return StorageSettings.defaults();
    }
}
