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
 * The memory store, answering at once what only concerns existing memories while the database is being created
 * ({@link Store#creating()}): a new database holds none yet, so reads find nothing and expiring, deleting or clearing
 * changes nothing. The first request of a session waits for its memories (up to {@link MemoryWiring#RETRIEVAL_TIMEOUT}),
 * and on a first start, opening and migrating a new SQLite file took most of that wait, for nothing; the expiry run
 * at start opened it while the server was starting. What adds memories, and everything once the database is open,
 * goes to {@code stored}. Thread-safe.
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
        return !database.creating() && stored.delete(id);
    }

    @Override
    public int clear(String project) throws SQLException {
        return database.creating() ? 0 : stored.clear(project);
    }

    @Override
    public int expire(Instant cutoff) throws SQLException {
        return database.creating() ? 0 : stored.expire(cutoff);
    }

    @Override
    public String saveSessionBlock(String sessionId, String project, String block, Instant now) throws SQLException {
        return stored.saveSessionBlock(sessionId, project, block, now);
    }
}
