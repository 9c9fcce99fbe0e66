package io.aismush.storage;

import io.aismush.config.StorageSettings;

/** The storage rules on a real PostgreSQL server (see {@link PostgresTesting}). */
class PostgresStorageTest extends StorageContract {
    @Override
    StorageSettings freshDatabase() throws Exception {
        return StorageSettings.defaults().withDatabaseUrl(PostgresTesting.freshSchemaUrl());
    }
}
