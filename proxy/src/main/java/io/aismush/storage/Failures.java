package io.aismush.storage;

/** Short descriptions of database failures for logs and /stats: the innermost message, never a URL's password. */
final class Failures {
    private Failures() {}

    /** An integrity constraint failed (SQL state class 23, or SQLite's SQLITE_CONSTRAINT): retrying cannot help. */
    static boolean isConstraint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException s && (s.getSQLState() != null && s.getSQLState().startsWith("23")
                    || String.valueOf(s.getMessage()).contains("SQLITE_CONSTRAINT"))) return true;
        }
        return false;
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = io.aismush.config.StorageSettings.maskUrl(m);
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }
}
