package io.aismush.storage;

import io.aismush.config.StorageSettings;
import io.aismush.testing.TestProxy;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database misbehaves (read-only, locked, deleted, full) and the proxy serves on: every answer reaches the
 * client, and every record is either stored or counted as lost (never silently dropped).
 */
class StorageFaultsTest {
    private TestProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) proxy.close();
    }

    private TestProxy start(UnaryOperator<io.aismush.config.Config> adjust) {
        proxy = TestProxy.start(adjust);
        return proxy;
    }

    private long sendTurns(int n) {
        long slowest = 0;
        for (int i = 0; i < n; i++) {
            byte[] body = ("{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi " + i + "\"}],"
                    + "\"metadata\":{\"user_id\":\"{\\\"session_id\\\":\\\"faults\\\"}\"}}").getBytes(StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            assertThat(proxy.send(proxy.messages(body).build()).statusCode()).isEqualTo(200);
            slowest = Math.max(slowest, System.nanoTime() - t0);
        }
        return Duration.ofNanos(slowest).toMillis();
    }

    private JsonNode stats() {
        return Json.MAPPER.readTree(proxy.get("/stats").body());
    }

    private static long rows(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM requests")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Creates and migrates a database file, then leaves it. */
    private static Path existingDatabase() throws Exception {
        Path dir = Files.createTempDirectory("aismush-faults");
        try (var store = new Store(StorageSettings.defaults(), dir)) {
            new Ledger(store).totals();
        }
        return dir.resolve("proxy.db");
    }

    @Test
    void aReadOnlyDatabaseCountsEveryRecordAsLostAndTheProxyServesOn() throws Exception {
        Path db = existingDatabase();
        db.toFile().setReadOnly();
        // mode=ro opens it read-only, as SQLite does for a file it may not write (root ignores file modes).
        start(c -> c.withStorage(c.storage().withDatabaseUrl("jdbc:sqlite:file:" + db + "?mode=ro")));
        assertThat(sendTurns(5)).isLessThan(2_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> stats().path("storage").path("last_error").isString());
        assertThat(stats().path("records_pending").asLong() + stats().path("records_lost").asLong()).isEqualTo(5);
        proxy.close();
        var writer = proxy.server.recordWriter();
        proxy = null;
        assertThat(writer.written()).isZero();
        assertThat(writer.lost()).isEqualTo(5);
        assertThat(rows(db)).isZero();
    }

    @Test
    void aDatabaseLockedForTenSecondsLosesNothing() throws Exception {
        start(c -> c);
        Path db = proxy.dataDir().resolve("proxy.db");
        sendTurns(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.server.recordWriter().written() == 1);
        try (Connection locker = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            locker.setAutoCommit(false);
            try (var st = locker.createStatement()) {
                st.execute("INSERT INTO sessions (id, first_seen, last_seen) VALUES ('locker', 0, 0)"); // takes the write lock
            }
            long t0 = System.nanoTime();
            assertThat(sendTurns(5)).as("answers are not held up by the lock").isLessThan(2_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.server.recordWriter().failedAttempts() > 0);
            assertThat(stats().path("records_pending").asLong()).isEqualTo(5);
            Thread.sleep(Math.max(0, 10_000 - Duration.ofNanos(System.nanoTime() - t0).toMillis()));
            locker.rollback();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> proxy.server.recordWriter().written() == 6);
        assertThat(proxy.server.recordWriter().lost()).isZero();
        assertThat(rows(db)).isEqualTo(6);
    }

    @Test
    void aDatabaseDeletedWhileRunningIsCreatedAgainAndLaterRecordsAreStored() throws Exception {
        start(c -> c);
        Path db = proxy.dataDir().resolve("proxy.db");
        sendTurns(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.server.recordWriter().written() == 2);
        for (String suffix : new String[] {"", "-wal", "-shm"}) Files.deleteIfExists(Path.of(db + suffix));
        sendTurns(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.server.recordWriter().written() == 5);
        assertThat(Files.exists(db)).isTrue();
        assertThat(rows(db)).isEqualTo(3);
        assertThat(proxy.server.recordWriter().lost()).isZero();
        assertThat(stats().path("totals").path("requests").asLong()).isEqualTo(3);
    }

    @Test
    void aFullDiskCountsWhatCannotBeStoredAndTheProxyServesOn() throws Exception {
        Path db = existingDatabase();
        long pages;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement(); var rs = st.executeQuery("PRAGMA page_count")) {
            rs.next();
            pages = rs.getLong(1);
        }
        // SQLite answers SQLITE_FULL ("database or disk is full") once the file reaches max_page_count pages: room for a few rows.
        start(c -> c.withStorage(c.storage().withDatabaseUrl("jdbc:sqlite:" + db + "?max_page_count=" + (pages + 4))));
        int n = 80;
        assertThat(sendTurns(n)).isLessThan(2_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> stats().path("storage").path("last_error").isString());
        proxy.close();
        var writer = proxy.server.recordWriter();
        proxy = null;
        assertThat(writer.lost()).isPositive();
        assertThat(writer.written() + writer.lost()).isEqualTo(n);
        assertThat(rows(db)).isEqualTo(writer.written());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement();
             var rs = st.executeQuery("SELECT COALESCE(SUM(requests), 0) FROM sessions")) {
            rs.next();
            assertThat(rs.getLong(1)).as("session totals count exactly the stored requests").isEqualTo(writer.written());
        }
    }
}
