package io.aismush.memory;

import io.aismush.storage.Store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** The memory store in the proxy's database (SQLite or PostgreSQL; tables from {@code V6__memories.sql}). Thread-safe. */
public final class JdbcMemoryStore implements MemoryStore {
    private static final String COLUMNS = "id, project, kind, text, importance, created_at, updated_at, accessed_at, access_count";

    private final Store store;
    private final FullText fullText;
    private final AtomicLong lastId = new AtomicLong();

    public JdbcMemoryStore(Store store) {
        this.store = store;
        this.fullText = new FullText(store.vendor().equals("sqlite"));
    }

    @Override
    public long remember(String project, Candidate c, String sessionId, Instant now) throws SQLException {
        String scope = c.global() ? Scope.GLOBAL : project;
        String norm = Normalised.key(c.text());
        String text = c.text().length() > 2000 ? c.text().substring(0, 2000) : c.text();
        return write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT id, importance FROM memories WHERE project = ? AND norm = ?")) {
                ps.setString(1, scope);
                ps.setString(2, norm);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return update(conn, rs.getLong(1), Math.max(rs.getDouble(2), c.importance()), c, text, now);
                }
            }
            long id = newId(now);
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO memories (id, project, kind, text, norm, importance, created_at,"
                    + " updated_at, access_count, seen_count, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, scope);
                ps.setString(3, c.kind().label());
                ps.setString(4, text);
                ps.setString(5, norm);
                ps.setDouble(6, c.importance());
                ps.setLong(7, now.toEpochMilli());
                ps.setLong(8, now.toEpochMilli());
                ps.setString(9, sessionId);
                ps.executeUpdate();
            }
            fullText.indexed(conn, id, text);
            return id;
        });
    }

    private long update(Connection conn, long id, double importance, Candidate c, String text, Instant now) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE memories SET text = ?, kind = ?, importance = ?, updated_at = ?,"
                + " seen_count = seen_count + 1 WHERE id = ?")) {
            ps.setString(1, text);
            ps.setString(2, c.kind().label());
            ps.setDouble(3, importance);
            ps.setLong(4, now.toEpochMilli());
            ps.setLong(5, id);
            ps.executeUpdate();
        }
        fullText.indexed(conn, id, text);
        return id;
    }

    /** Ids unique enough for one install (and several instances): milliseconds, then random digits; below 2^53 (safe in JSON). */
    private long newId(Instant now) {
        long candidate = now.toEpochMilli() * 1000 + ThreadLocalRandom.current().nextInt(1000);
        return lastId.accumulateAndGet(candidate, (last, c) -> Math.max(last + 1, c));
    }

    @Override
    public List<Found> search(String project, String query, int limit) throws SQLException {
        String scope = project == null ? Scope.GLOBAL : project;
        String expression = query == null ? null : fullText.expression(query);
        return read(conn -> {
            Map<Long, Double> relevance = new LinkedHashMap<>();
            if (expression != null) {
                try (PreparedStatement ps = conn.prepareStatement(fullText.matchSql())) {
                    ps.setString(1, expression);
                    ps.setString(2, scope);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) relevance.put(rs.getLong("id"), Math.max(0, rs.getDouble("rel")));
                    }
                }
            }
            var out = new ArrayList<Found>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM memories WHERE project IN (?, '*')"
                    + " ORDER BY importance DESC, updated_at DESC, id DESC LIMIT ?")) {
                ps.setString(1, scope);
                ps.setInt(2, Math.max(limit, 1));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Memory m = memory(rs);
                        out.add(new Found(m, relevance.getOrDefault(m.id(), 0.0)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<Memory> list(String project, int limit) throws SQLException {
        return read(conn -> {
            String where = project == null ? "" : " WHERE project IN (?, '*')";
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM memories" + where
                    + " ORDER BY updated_at DESC, id DESC LIMIT ?")) {
                int i = 1;
                if (project != null) ps.setString(i++, project);
                ps.setInt(i, limit);
                var out = new ArrayList<Memory>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(memory(rs));
                }
                return out;
            }
        });
    }

    @Override
    public void accessed(Collection<Long> ids, Instant now) throws SQLException {
        if (ids.isEmpty()) return;
        write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE memories SET access_count = access_count + 1, accessed_at = ? WHERE id = ?")) {
                for (long id : ids) {
                    ps.setLong(1, now.toEpochMilli());
                    ps.setLong(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public boolean delete(long id) throws SQLException {
        return write(conn -> {
            fullText.removed(conn, id);
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM memories WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public int clear(String project) throws SQLException {
        return write(conn -> {
            int n;
            try (PreparedStatement ps = conn.prepareStatement(project == null ? "DELETE FROM memories" : "DELETE FROM memories WHERE project = ?")) {
                if (project != null) ps.setString(1, project);
                n = ps.executeUpdate();
            }
            fullText.prune(conn);
            return n;
        });
    }

    @Override
    public int expire(Instant cutoff) throws SQLException {
        return write(conn -> {
            int n;
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM memories WHERE kind IN ('fix', 'change', 'fact') AND importance < 0.5"
                    + " AND updated_at < ? AND (accessed_at IS NULL OR accessed_at < ?)")) {
                ps.setLong(1, cutoff.toEpochMilli());
                ps.setLong(2, cutoff.toEpochMilli());
                n = ps.executeUpdate();
            }
            if (n > 0) fullText.prune(conn);
            return n;
        });
    }

    @Override
    public Optional<String> sessionBlock(String sessionId) throws SQLException {
        return read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT block FROM memory_sessions WHERE session_id = ?")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public String saveSessionBlock(String sessionId, String project, String block, Instant now) throws SQLException {
        write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO memory_sessions (session_id, project, block, created_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING")) {
                ps.setString(1, sessionId);
                ps.setString(2, project);
                ps.setString(3, block);
                ps.setLong(4, now.toEpochMilli());
                return ps.executeUpdate();
            }
        });
        return sessionBlock(sessionId).orElse(block);
    }

    private static Memory memory(ResultSet rs) throws SQLException {
        long accessed = rs.getLong("accessed_at");
        boolean never = rs.wasNull();
        return new Memory(rs.getLong("id"), rs.getString("project"), Kind.of(rs.getString("kind")), rs.getString("text"),
                rs.getDouble("importance"), Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")),
                never ? null : Instant.ofEpochMilli(accessed), rs.getLong("access_count"));
    }

    /**
     * Runs {@code work} in a transaction. SQLite refuses to upgrade a read transaction to a write after another
     * connection (the request-history writer) has written ({@code SQLITE_BUSY_SNAPSHOT}), without waiting: retried.
     */
    private <T> T write(Store.Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                ensureIndex();
                return store.inTransaction(work);
            } catch (SQLException e) {
                fullText.recheck();
                if (attempt >= 8 || !String.valueOf(e.getMessage()).contains("SQLITE_BUSY")) throw e;
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void ensureIndex() throws SQLException {
        if (fullText.ready()) return;
        store.read(conn -> {
            fullText.ensure(conn);
            return null;
        });
    }

    private <T> T read(Store.Work<T> work) throws SQLException {
        try {
            ensureIndex();
            return store.read(work);
        } catch (SQLException e) {
            fullText.recheck();
            throw e;
        }
    }
}
