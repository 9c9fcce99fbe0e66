package io.aismush.storage;

import io.aismush.config.StorageSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void aNewSqliteFileIsBeingCreatedUntilItIsOpenAnExistingOneOrPostgresqlNever() throws Exception {
        Path fresh = Files.createTempDirectory("aismush-storage-new");
        try (var created = new Store(StorageSettings.defaults(), fresh)) {
            assertThat(created.creating()).isTrue();
            created.read(c -> null);
            assertThat(created.creating()).isFalse();
        }
        try (var reopened = new Store(StorageSettings.defaults(), fresh)) {
            assertThat(reopened.creating()).isFalse();
        }
        var postgres = StorageSettings.defaults().withDatabaseUrl("jdbc:postgresql://127.0.0.1:9/none");
        try (var remote = new Store(postgres, fresh)) {
            assertThat(remote.creating()).isFalse();
        }
    }

    @Test
    void theListOfMigrationsTheStartCheckIsTheMigrationFolder() throws Exception {
        try (var files = Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
            var scripts = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .sorted(java.util.Comparator.comparingInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))).toList();
            assertThat(Database.MIGRATION_SCRIPTS).isEqualTo(scripts);
            assertThat(Database.MIGRATIONS).isEqualTo(scripts.stream().map(n -> n.substring(1, n.indexOf("__"))).toList());
        }
    }

    @Test
    void aDatabaseCountsAsMigratedOnlyWithEveryMigrationApplied() throws Exception {
        var empty = new org.sqlite.SQLiteDataSource();
        empty.setUrl("jdbc:sqlite:" + dataDir.resolve("empty.db"));
        assertThat(Database.migrated(empty)).isFalse();

        assertThat(ledger.totals().requests()).isZero(); // opened and migrated by now
        var migrated = new org.sqlite.SQLiteDataSource();
        migrated.setUrl("jdbc:sqlite:" + dataDir.resolve("proxy.db"));
        assertThat(Database.migrated(migrated)).isTrue();
        try (var c = migrated.getConnection(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE flyway_schema_history SET success = 0 WHERE version = '6'");
        }
        assertThat(Database.migrated(migrated)).isFalse();
    }
}
