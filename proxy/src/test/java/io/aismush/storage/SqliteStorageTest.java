package io.aismush.storage;

import io.aismush.config.StorageSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.DriverManager;

import static org.assertj.core.api.Assertions.assertThat;

/** The storage rules on SQLite, the default: a WAL file in the data folder. */
class SqliteStorageTest extends StorageContract {
    @Override
    StorageSettings freshDatabase() {
        return StorageSettings.defaults();
    }

    @Test
    void theDefaultDatabaseIsAWalFileInTheDataFolderMigratedOnFirstUse() throws Exception {
        assertThat(ledger.totals().requests()).isZero();
        assertThat(Files.exists(dataDir.resolve("proxy.db"))).isTrue();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("proxy.db")); var st = c.createStatement()) {
            try (var rs = st.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            try (var rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("1");
            }
        }
    }
}
