package io.aismush.storage;

import io.aismush.config.StorageSettings;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flyway runs in a class loader of its own, which nothing keeps once the schema is made. */
class MigrationsTest {
    @Test
    void flywayAndJackson2AreDefinedByTheThrowawayLoaderAndEverythingElseIsShared() throws Exception {
        var loader = new Migrations.ThrowawayLoader(MigrationsTest.class.getClassLoader());
        for (String own : new String[] {"org.flywaydb.core.Flyway", "com.fasterxml.jackson.databind.ObjectMapper", Migrations.RUN}) {
            assertThat(loader.loadClass(own).getClassLoader()).as(own).isSameAs(loader);
        }
        for (String shared : new String[] {"org.slf4j.Logger", "org.sqlite.JDBC", "javax.sql.DataSource", "io.aismush.storage.Database"}) {
            assertThat(loader.loadClass(shared)).as(shared).isSameAs(Class.forName(shared));
        }
        assertThat(Migrations.RUN).isEqualTo(FlywayRun.class.getName());
    }

    @Test
    void aNewDatabaseGetsEveryMigrationAndTheLoaderIsLetGoWhileThePoolLivesOn() throws Exception {
        Path dir = Files.createTempDirectory("aismush-migrations");
        try (var db = Database.open(StorageSettings.defaults(), dir)) {
            try (var c = db.connection()) {
                assertThat(c.getMetaData().getTables(null, null, "requests", null).next()).isTrue();
            }
            assertThat(loaderCollected()).as("the loader, and with it Flyway's classes, collected within seconds").isTrue();
        }
    }

    /** Migrating ends with collections that unload the loader: this only waits for them, asking nothing of the GC. */
    private static boolean loaderCollected() throws InterruptedException {
        for (int i = 0; i < 70 && Migrations.lastLoader.get() != null; i++) Thread.sleep(100);
        return Migrations.lastLoader.get() == null;
    }

    @Test
    void aMigrationThatFailsThrowsFlywaysOwnMessage() throws Exception {
        Path dir = Files.createTempDirectory("aismush-migrations");
        var db = new SQLiteDataSource();
        db.setUrl("jdbc:sqlite:" + dir.resolve("missing-folder").resolve("new.db"));

        assertThatThrownBy(() -> Migrations.migrate(db))
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("Unable to obtain connection");
    }
}
