package io.aismush.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.aismush.config.StorageSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * One open database: a HikariCP pool over SQLite (WAL) or PostgreSQL, migrated by Flyway when opened
 * ({@code db/migration}, one schema for both; {@link Migrations}). Thread-safe; close it to close the pool.
 */
public final class Database implements AutoCloseable {
    /** SQLite waits this long for a lock before a write fails (and is retried by the writer). */
    static final int SQLITE_BUSY_TIMEOUT_MS = 5_000;

    public enum Vendor { SQLITE, POSTGRESQL }

    private final HikariDataSource pool;
    private final Vendor vendor;
    private final Path file;
    private final String description;
    private final Object fileKey;

    private Database(HikariDataSource pool, Vendor vendor, Path file, String description) {
        this.pool = pool;
        this.vendor = vendor;
        this.file = file;
        this.description = description;
        this.fileKey = fileKey(file);
    }

    /** The file's identity (device and inode on Linux), or null. */
    private static Object fileKey(Path file) {
        if (file == null) return null;
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Opens and migrates the configured database.
     *
     * @throws RuntimeException (Hikari's or Flyway's) when it cannot be reached or migrated
     */
    public static Database open(StorageSettings settings, Path dataDir) {
        String url = settings.jdbcUrl(dataDir);
        Vendor vendor = url.startsWith("jdbc:postgresql:") ? Vendor.POSTGRESQL : Vendor.SQLITE;
        var hikari = new HikariConfig();
        hikari.setPoolName("aismush-db");
        hikari.setConnectionTimeout(5_000);
        hikari.setInitializationFailTimeout(-1); // open lazily: a database that is down must not stop the proxy
        Path file = null;
        if (vendor == Vendor.SQLITE) {
            SqliteLibrary.useCopyIn(dataDir);
            file = sqliteFile(url);
            if (file != null) createPrivate(file); // SQLite gives its -wal and -shm files the database file's mode
            hikari.setJdbcUrl(withSqlitePragmas(url));
            hikari.setMaximumPoolSize(4); // one writer (SQLite allows one) and readers for /stats, WAL lets them overlap
        } else {
            hikari.setJdbcUrl(url);
            hikari.setMaximumPoolSize(8);
            if (settings.databaseUser() != null) hikari.setUsername(settings.databaseUser());
            if (settings.databasePassword() != null) hikari.setPassword(settings.databasePassword());
        }
        var pool = new HikariDataSource(hikari);
        try {
            if (!migrated(pool)) Migrations.migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, vendor, file, vendor.name().toLowerCase(Locale.ROOT) + " " + StorageSettings.maskUrl(url));
    }

    /** The migration scripts in {@code db/migration}, oldest first (a test keeps this list true). */
    public static final List<String> MIGRATION_SCRIPTS = List.of("V1__requests_and_sessions.sql", "V6__memories.sql");

    /** Their versions. */
    public static final List<String> MIGRATIONS = MIGRATION_SCRIPTS.stream().map(s -> s.substring(1, s.indexOf("__"))).toList();

    /**
     * Whether every migration is applied already, as on every start but the first after an install or upgrade. Then
     * Flyway is not loaded at all: it and what it brings are about nine hundred classes, a good part of the start's
     * work and of the memory the proxy keeps. Any doubt (no history table yet, a failed migration) says no.
     */
    static boolean migrated(javax.sql.DataSource pool) {
        try (Connection c = pool.getConnection();
             var rs = c.createStatement().executeQuery("SELECT version FROM flyway_schema_history WHERE success")) {
            var applied = new java.util.HashSet<String>();
            while (rs.next()) applied.add(rs.getString(1));
            return applied.containsAll(MIGRATIONS);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The file of a SQLite URL; null for an in-memory database or another vendor's URL. */
    static Path sqliteFile(String url) {
        if (!url.startsWith("jdbc:sqlite:")) return null;
        String rest = url.substring("jdbc:sqlite:".length());
        int q = rest.indexOf('?');
        if (q >= 0) rest = rest.substring(0, q);
        if (rest.startsWith("file:")) rest = rest.substring(5);
        return rest.isEmpty() || rest.equals(":memory:") ? null : Path.of(rest);
    }

    private static String withSqlitePragmas(String url) {
        String sep = url.contains("?") ? "&" : "?";
        StringBuilder sb = new StringBuilder(url);
        if (!url.contains("journal_mode=")) sb.append(sep).append("journal_mode=WAL");
        sep = "&";
        if (!url.contains("busy_timeout=")) sb.append(sep).append("busy_timeout=").append(SQLITE_BUSY_TIMEOUT_MS);
        if (!url.contains("synchronous=")) sb.append(sep).append("synchronous=NORMAL");
        return sb.toString();
    }

    private static void createPrivate(Path file) {
        try {
            if (file.getParent() != null) io.aismush.config.DataDir.create(file.toAbsolutePath().getParent());
            io.aismush.config.DataDir.privateFile(file);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    public Vendor vendor() {
        return vendor;
    }

    /**
     * True for a SQLite database whose file has disappeared (deleted while running) or been replaced by another file
     * at the same path (a connection that opened the path after the deletion creates an empty one).
     */
    boolean fileVanished() {
        if (file == null) return false;
        if (!Files.exists(file)) return true;
        Object now = fileKey(file);
        return fileKey != null && now != null && !fileKey.equals(now);
    }

    /** The vendor and the URL, password masked. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        pool.close();
    }
}
