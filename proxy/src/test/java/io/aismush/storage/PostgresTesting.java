package io.aismush.storage;

import org.junit.jupiter.api.Assumptions;

import java.sql.DriverManager;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The PostgreSQL server for tests: {@code AISMUSH_TEST_PG_URL} (bin/test starts a throwaway one with
 * bin/lib/postgres.sh). Without it the PostgreSQL tests are skipped locally, and fail on CI ({@code CI} set).
 */
public final class PostgresTesting {
    private PostgresTesting() {}

    public static String serverUrl() {
        String url = System.getenv("AISMUSH_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            String why = "AISMUSH_TEST_PG_URL is not set: start a server with `. bin/lib/postgres.sh && pg_start` (bin/test does)";
            if (System.getenv("CI") != null) throw new AssertionError("PostgreSQL tests must run on CI, but " + why);
            Assumptions.abort("PostgreSQL tests skipped: " + why);
        }
        return url;
    }

    /** A URL whose default schema is a new, empty one: tests do not see each other's rows. */
    public static String freshSchemaUrl() throws Exception {
        String url = serverUrl();
        String schema = "t" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (var c = DriverManager.getConnection(url); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
