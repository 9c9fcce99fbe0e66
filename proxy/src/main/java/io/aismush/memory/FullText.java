package io.aismush.memory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The full-text side of the memory store, per vendor: SQLite's FTS5 (BM25 ranking, Porter stemming) kept in step by
 * hand, or PostgreSQL's text search over an expression index ({@code ts_rank_cd}). Both match any of the query's
 * words, so a memory sharing one rare word with the prompt is found.
 */
final class FullText {
    private static final Set<String> STOP = Set.of("the", "and", "for", "with", "that", "this", "from", "what", "how", "why", "are",
            "was", "were", "have", "has", "had", "you", "your", "our", "can", "could", "should", "would", "will", "into", "about",
            "then", "than", "them", "they", "there", "here", "when", "where", "which", "who", "all", "any", "not", "but", "its",
            "it's", "let", "please", "make", "does", "did", "use", "using");
    private static final int MAX_WORDS = 32;

    private final boolean sqlite;
    private volatile boolean ready;

    FullText(boolean sqlite) {
        this.sqlite = sqlite;
    }

    /**
     * Creates the index when missing (first use, or a SQLite file created afresh). Call with an auto-commit connection:
     * two transactions creating it at once deadlock in PostgreSQL.
     */
    synchronized void ensure(Connection c) throws SQLException {
        if (ready) return;
        try (Statement st = c.createStatement()) {
            st.execute(sqlite ? "CREATE VIRTUAL TABLE IF NOT EXISTS memories_fts USING fts5(text, id UNINDEXED, tokenize='porter unicode61')"
                    : "CREATE INDEX IF NOT EXISTS memories_text_search ON memories USING GIN (to_tsvector('english', text))");
        }
        ready = true;
    }

    boolean ready() {
        return ready;
    }

    /** Forget that the index exists: after a failure it is checked again. */
    void recheck() {
        ready = false;
    }

    void indexed(Connection c, long id, String text) throws SQLException {
        if (!sqlite) return; // PostgreSQL's expression index follows the table by itself
        removed(c, id);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO memories_fts (text, id) VALUES (?, ?)")) {
            ps.setString(1, text);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    void removed(Connection c, long id) throws SQLException {
        if (!sqlite) return;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM memories_fts WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /** After bulk deletes from {@code memories}: drop index rows whose memory is gone. */
    void prune(Connection c) throws SQLException {
        if (!sqlite) return;
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM memories_fts WHERE id NOT IN (SELECT id FROM memories)");
        }
    }

    /**
     * A query selecting {@code id, rel} of the memories in scope ({@code project} and global) matching the words, best
     * first; parameters: the match expression, the project.
     */
    String matchSql() {
        return sqlite
                ? "SELECT f.id AS id, -bm25(memories_fts) AS rel FROM memories_fts f JOIN memories m ON m.id = f.id"
                  + " WHERE memories_fts MATCH ? AND m.project IN (?, '*') ORDER BY rel DESC LIMIT 200"
                : "SELECT m.id AS id, ts_rank_cd(to_tsvector('english', m.text), q) AS rel FROM memories m, to_tsquery('english', ?) q"
                  + " WHERE m.project IN (?, '*') AND to_tsvector('english', m.text) @@ q ORDER BY rel DESC LIMIT 200";
    }

    /** The match expression for {@code text}: its distinctive words, OR-ed; null when it has none. */
    String expression(String text) {
        var words = new LinkedHashSet<String>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() >= 3 && !STOP.contains(w)) words.add(w);
            if (words.size() == MAX_WORDS) break;
        }
        if (words.isEmpty()) return null;
        var sb = new StringBuilder();
        for (String w : words) {
            if (!sb.isEmpty()) sb.append(sqlite ? " OR " : " | ");
            sb.append(sqlite ? "\"" + w + "\"" : w);
        }
        return sb.toString();
    }
}
