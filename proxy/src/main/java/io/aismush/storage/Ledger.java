package io.aismush.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the request history: sums, groupings, pages of requests and sessions. Thread-safe (stateless over a store). */
public final class Ledger {
    private final Store store;

    public Ledger(Store store) {
        this.store = store;
    }

    /** Sums over every request. */
    public Totals totals() throws SQLException {
        return totals("", List.of());
    }

    /** Sums over one UTC day ({@code yyyy-mm-dd}). */
    public Totals day(String day) throws SQLException {
        return totals(" WHERE day = ?", List.of(day));
    }

    public Totals session(String sessionId) throws SQLException {
        return totals(" WHERE session_id = ?", List.of(sessionId));
    }

    private Totals totals(String where, List<Object> args) throws SQLException {
        return store.read(c -> {
            try (PreparedStatement ps = prepare(c, "SELECT " + Totals.COLUMNS + " FROM requests" + where, args); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Totals.read(rs, 1);
            }
        });
    }

    /** What it groups by. */
    public enum Group {
        PROVIDER("COALESCE(provider, '(none)')"), MODEL("COALESCE(model_served, model_requested, '(none)')"), DAY("day");

        private final String expression;

        Group(String expression) {
            this.expression = expression;
        }
    }

    /** Sums per provider, served model or day; days newest first, at most {@code limit} groups. */
    public Map<String, Totals> grouped(Group group, int limit) throws SQLException {
        String order = group == Group.DAY ? "1 DESC" : "1";
        return store.read(c -> {
            var out = new LinkedHashMap<String, Totals>();
            String sql = "SELECT " + group.expression + ", " + Totals.COLUMNS + " FROM requests GROUP BY " + group.expression
                    + " ORDER BY " + order + " LIMIT " + limit;
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), Totals.read(rs, 2));
            }
            return out;
        });
    }

    /**
     * Requests newest first. {@code before} is a request id or an ISO-8601 instant (exclusive); {@code session}
     * filters by session id; either may be null.
     */
    public List<Map<String, Object>> history(int limit, String before, String session) throws SQLException {
        return store.read(c -> {
            var where = new ArrayList<String>();
            var args = new ArrayList<Object>();
            if (session != null) {
                where.add("session_id = ?");
                args.add(session);
            }
            if (before != null) {
                Long at = instantMillis(before);
                if (at != null) {
                    where.add("started_at < ?");
                    args.add(at);
                } else {
                    where.add("(started_at < (SELECT started_at FROM requests WHERE id = ?) OR (started_at = (SELECT started_at FROM requests WHERE id = ?) AND id < ?))");
                    args.add(before);
                    args.add(before);
                    args.add(before);
                }
            }
            String sql = "SELECT * FROM requests" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                    + " ORDER BY started_at DESC, id DESC LIMIT " + limit;
            return rows(c, sql, args);
        });
    }

    /** Sessions, most recently active first; {@code before} (ISO-8601) pages by last activity. */
    public List<Map<String, Object>> sessions(int limit, String before) throws SQLException {
        return store.read(c -> {
            Long at = before == null ? null : instantMillis(before);
            String sql = "SELECT * FROM sessions" + (at == null ? "" : " WHERE last_seen < ?") + " ORDER BY last_seen DESC, id DESC LIMIT " + limit;
            return rows(c, sql, at == null ? List.of() : List.of(at));
        });
    }

    /** Deletes every request and session. */
    public long reset() throws SQLException {
        return store.inTransaction(c -> {
            long n;
            try (var st = c.createStatement()) {
                n = st.executeUpdate("DELETE FROM requests");
                st.executeUpdate("DELETE FROM sessions");
            }
            return n;
        });
    }

    private static Long instantMillis(String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
        return ps;
    }

    /** Rows as maps, column names as keys; epoch-millisecond columns also as ISO-8601 text. */
    private static List<Map<String, Object>> rows(Connection c, String sql, List<Object> args) throws SQLException {
        var out = new ArrayList<Map<String, Object>>();
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) out.add(Rows.toMap(rs, md));
        }
        return out;
    }
}
