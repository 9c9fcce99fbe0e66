package io.aismush.memory;

import io.aismush.config.StorageSettings;
import io.aismush.storage.PostgresTesting;

/** The memory store's rules on a real PostgreSQL server (text search); skipped locally without one, required on CI. */
class PostgresMemoryStoreTest extends MemoryStoreContract {
    @Override
    StorageSettings freshDatabase() throws Exception {
        return StorageSettings.defaults().withDatabaseUrl(PostgresTesting.freshSchemaUrl());
    }
}
