package io.aismush.storage;

import io.aismush.config.StorageSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The proxy's database, opened on first use and reopened when it must be: a SQLite file deleted while the proxy runs
 * is created again (migrated afresh) instead of writing on into the deleted file's ghost. The writer and the queries
 * share it. Thread-safe.
 */
public final class Store implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Store.class);

    /** Work done with one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final StorageSettings settings;
    private final Path dataDir;
    private final boolean newFile; // a SQLite file that did not exist when this store was made
    private volatile boolean opened;
    private Database db;
    private boolean closed;

    public Store(StorageSettings settings, Path dataDir) {
        this.settings = settings;
        this.dataDir = dataDir;
        Path file = Database.sqliteFile(settings.jdbcUrl(dataDir));
        this.newFile = file != null && !Files.exists(file);
    }

    /**
     * True while this store is creating its database: a SQLite file that did not exist when the store was made, not
     * opened yet. It holds no rows then (rows are written through an open store), so a reader may take "none" for an
     * answer at once instead of waiting for the opening and the migrations. A second process creating the same file
     * at the same moment is not seen; what it writes in that moment is read once this store is open.
     */
    public boolean creating() {
        return newFile && !opened;
    }

    /**
     * Starts opening (and migrating) the database in the background, so a problem shows at start without delaying
     * it: opening SQLite and running the migrations costs most of a second on a cold JVM, and nothing on the request
     * path needs the database. A failure is logged and retried on use; the first use waits for the opening.
     */
    public Store tryOpen() {
        Thread.ofPlatform().daemon().name("aismush-db-open").start(() -> {
            try {
                database();
            } catch (RuntimeException | SQLException e) {
                log.warn("the database {} is not available yet ({}); the proxy serves anyway and keeps trying",
                        StorageSettings.maskUrl(settings.jdbcUrl(dataDir)), Failures.describe(e));
            }
        });
        return this;
    }

    /** Runs {@code work} with a connection in auto-commit mode. */
    public <T> T read(Work<T> work) throws SQLException {
        try (Connection c = database().connection()) {
            return work.run(c);
        }
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = database().connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; the pool discards it
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private synchronized Database database() throws SQLException {
        if (closed) throw new SQLException("the store is closed");
        if (db != null && db.fileVanished()) {
            log.warn("the database file was deleted while aismush ran; creating it again");
            db.close();
            db = null;
        }
        if (db == null) {
            try {
                db = Database.open(settings, dataDir);
            } catch (RuntimeException e) {
                throw new SQLException("cannot open the database: " + Failures.describe(e), e);
            }
            opened = true;
            log.info("request history in {}", db.description());
        }
        return db;
    }

    /** "sqlite" or "postgresql". */
    public String vendor() {
        return settings.jdbcUrl(dataDir).startsWith("jdbc:postgresql:") ? "postgresql" : "sqlite";
    }

    public String description() {
        return settings.jdbcUrl(dataDir).startsWith("jdbc:postgresql:") ? "postgresql " + StorageSettings.maskUrl(settings.jdbcUrl(dataDir))
                : "sqlite " + StorageSettings.maskUrl(settings.jdbcUrl(dataDir));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (db != null) db.close();
        db = null;
    }
}
