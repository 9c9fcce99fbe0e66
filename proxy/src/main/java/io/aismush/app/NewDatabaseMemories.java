package io.aismush.app;

import io.aismush.memory.Candidate;
import io.aismush.memory.Memory;
import io.aismush.memory.MemoryStore;
import io.aismush.storage.Store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The memory store, answering its reads at once while the database is being created ({@link Store#creating()}): a
 * new database holds no memories yet. The first request of a session waits for its memories (up to
 * {@link MemoryWiring#RETRIEVAL_TIMEOUT}), and on a first start, opening and migrating a new SQLite file took most of
 * that wait, for nothing. Writes, and every read once the database is open, go to {@code stored}. Thread-safe.
 */
final class NewDatabaseMemories implements MemoryStore {
    private final MemoryStore stored;
    private final Store database;

    NewDatabaseMemories(MemoryStore stored, Store database) {
        this.stored = stored;
        this.database = database;
    }

    @Override
    public List<Found> search(String project, String query, int limit) throws SQLException {
        return database.creating() ? List.of() : stored.search(project, query, limit);
    }

    @Override
    public List<Memory> list(String project, int limit) throws SQLException {
        return database.creating() ? List.of() : stored.list(project, limit);
    }

    @Override
    public Optional<String> sessionBlock(String sessionId) throws SQLException {
        return database.creating() ? Optional.empty() : stored.sessionBlock(sessionId);
    }

    @Override
    public long remember(String project, Candidate c, String sessionId, Instant now) throws SQLException {
        return stored.remember(project, c, sessionId, now);
    }

    @Override
    public void accessed(Collection<Long> ids, Instant now) throws SQLException {
        stored.accessed(ids, now);
    }

    @Override
    public boolean delete(long id) throws SQLException {
        return stored.delete(id);
    }

    @Override
    public int clear(String project) throws SQLException {
        return stored.clear(project);
    }

    @Override
    public int expire(Instant cutoff) throws SQLException {
        return stored.expire(cutoff);
    }

    @Override
    public String saveSessionBlock(String sessionId, String project, String block, Instant now) throws SQLException {
        return stored.saveSessionBlock(sessionId, project, block, now);
    }
}
