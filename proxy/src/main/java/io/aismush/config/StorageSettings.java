package io.aismush.config;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where request records go and how costs are priced.
 *
 * @param databaseUrl      a JDBC URL: {@code null} for the default SQLite file {@code <dataDir>/proxy.db}, a
 *                         {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL, or {@code none} to keep no history
 * @param databaseUser     the database user, or null (it may also be in the URL)
 * @param databasePassword the database password, or null; never logged or shown
 * @param pricesFile       the user's own price table (aismush's format or LiteLLM's), or null for the built-in one
 */
public record StorageSettings(String databaseUrl, String databaseUser, String databasePassword, Path pricesFile) {
    private static final Pattern URL_SECRET = Pattern.compile("(?i)(password=)[^&;]*|(//[^/:@]+:)[^@/]*@");

    public static StorageSettings defaults() {
        return new StorageSettings(null, null, null, null);
    }

    /** True when the user asked for no database at all. */
    public boolean disabled() {
        return "none".equalsIgnoreCase(databaseUrl);
    }

    /** The effective JDBC URL: the configured one, or the default SQLite file in the data folder. */
    public String jdbcUrl(Path dataDir) {
        return databaseUrl == null ? "jdbc:sqlite:" + dataDir.resolve("proxy.db") : databaseUrl;
    }

    /** The URL with any password in it masked, for logs and {@code --config}. */
    public static String maskUrl(String url) {
        if (url == null) return null;
        return URL_SECRET.matcher(url).replaceAll(m -> m.group(1) != null ? Matcher.quoteReplacement(m.group(1)) + "***"
                : Matcher.quoteReplacement(m.group(2)) + "***@");
    }

    public StorageSettings withDatabaseUrl(String url) {
        return new StorageSettings(url, databaseUser, databasePassword, pricesFile);
    }

    public StorageSettings withPricesFile(Path file) {
        return new StorageSettings(databaseUrl, databaseUser, databasePassword, file);
    }

    @Override
    public String toString() {
        return "StorageSettings[databaseUrl=" + maskUrl(databaseUrl) + ", user=" + databaseUser + ", password="
                + Config.mask(databasePassword) + ", pricesFile=" + pricesFile + "]";
    }
}
