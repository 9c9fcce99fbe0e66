package io.aismush.memory;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Where memories live. Implementations are thread-safe; every method may block on the database. */
public interface MemoryStore {

    /** A memory and how well it matches a query (0 when it does not; larger is better). */
    record Found(Memory memory, double relevance) {}

    /**
     * Remembers {@code c} in {@code project} (or globally, when the candidate is global): a near-identical memory is
     * updated (its text, a higher importance, the time) instead of a new one being added. Returns the memory's id.
     */
    long remember(String project, Candidate c, String sessionId, Instant now) throws SQLException;

    /** The memories of {@code project} and the global ones, with their relevance to {@code query} (may be blank). */
    List<Found> search(String project, String query, int limit) throws SQLException;

    /** Memories newest first; of one project (global ones included) or of all when {@code project} is null. */
    List<Memory> list(String project, int limit) throws SQLException;

    /** Counts one more use of each memory (once per session that received it). */
    void accessed(Collection<Long> ids, Instant now) throws SQLException;

    boolean delete(long id) throws SQLException;

    /** Deletes the memories of one project (its global ones stay), or every memory when {@code project} is null. */
    int clear(String project) throws SQLException;

    /** Deletes low-importance observations not used since {@code cutoff}; durable kinds stay. */
    int expire(Instant cutoff) throws SQLException;

    /** The block stored for a session, if one was computed before (by this or another instance). */
    Optional<String> sessionBlock(String sessionId) throws SQLException;

    /** Stores a session's block unless one is stored already; returns the stored one (the first wins). */
    String saveSessionBlock(String sessionId, String project, String block, Instant now) throws SQLException;
}
