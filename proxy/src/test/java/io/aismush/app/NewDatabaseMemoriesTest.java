package io.aismush.app;

import io.aismush.config.StorageSettings;
import io.aismush.memory.Candidate;
import io.aismush.memory.JdbcMemoryStore;
import io.aismush.memory.Kind;
import io.aismush.memory.Memory;
import io.aismush.memory.MemoryStore;
import io.aismush.storage.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A database being created holds no memories: reads and removals say so at once; once it is open, they ask it. */
class NewDatabaseMemoriesTest {
    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");

    @TempDir
    Path dataDir;
    private Store store;

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    /** A database that never answers: any read that reaches it fails the test. */
    private static final class Unreachable implements MemoryStore {
        @Override
        public long remember(String project, Candidate c, String sessionId, Instant now) {
            throw new AssertionError("write reached the database");
        }

        @Override
        public List<Found> search(String project, String query, int limit) {
            throw new AssertionError("search waited for the database");
        }

        @Override
        public List<Memory> list(String project, int limit) {
            throw new AssertionError("list waited for the database");
        }

        @Override
        public void accessed(Collection<Long> ids, Instant now) {
            throw new AssertionError("write reached the database");
        }

        @Override
        public boolean delete(long id) {
            throw new AssertionError("delete waited for the database");
        }

        @Override
        public int clear(String project) {
            throw new AssertionError("clear waited for the database");
        }

        @Override
        public int expire(Instant cutoff) {
            throw new AssertionError("expire waited for the database");
        }

        @Override
        public Optional<String> sessionBlock(String sessionId) {
            throw new AssertionError("sessionBlock waited for the database");
        }

        @Override
        public String saveSessionBlock(String sessionId, String project, String block, Instant now) {
            throw new AssertionError("write reached the database");
        }
    }

    @Test
    void readsAndRemovalsOfADatabaseBeingCreatedFindNothingWithoutAskingIt() throws Exception {
        store = new Store(StorageSettings.defaults(), dataDir); // a new SQLite file, not opened yet
        var memories = new NewDatabaseMemories(new Unreachable(), store);
        assertThat(memories.search("/home/dev/shop", "discount codes", 500)).isEmpty();
        assertThat(memories.sessionBlock("s-1")).isEmpty();
        assertThat(memories.list(null, 100)).isEmpty();
        assertThat(memories.expire(NOW)).isZero();
        assertThat(memories.delete(42)).isFalse();
        assertThat(memories.clear("/home/dev/shop")).isZero();
    }

    @Test
    void onceTheNewDatabaseIsOpenEverythingAsksIt() throws Exception {
        store = new Store(StorageSettings.defaults(), dataDir);
        var memories = new NewDatabaseMemories(new JdbcMemoryStore(store), store);
        memories.remember("/home/dev/shop", new Candidate(Kind.DECISION, "We store prices as integer cents.", 0.6, false), "s-1", NOW);
        memories.saveSessionBlock("s-1", "/home/dev/shop", "block", NOW);
        assertThat(memories.search("/home/dev/shop", "prices", 10)).extracting(f -> f.memory().text())
                .containsExactly("We store prices as integer cents.");
        assertThat(memories.list("/home/dev/shop", 10)).hasSize(1);
        assertThat(memories.sessionBlock("s-1")).contains("block");
        long id = memories.list("/home/dev/shop", 10).getFirst().id();
        assertThat(memories.delete(id)).isTrue();
        assertThat(memories.list("/home/dev/shop", 10)).isEmpty();
    }

    @Test
    void anExistingDatabaseIsAlwaysAsked() throws Exception {
        try (var first = new Store(StorageSettings.defaults(), dataDir)) {
            new JdbcMemoryStore(first).remember("/home/dev/shop", new Candidate(Kind.DECISION, "We use pnpm.", 0.6, false), "s-1", NOW);
        }
        store = new Store(StorageSettings.defaults(), dataDir); // the file exists: not opened yet, but not new either
        var memories = new NewDatabaseMemories(new JdbcMemoryStore(store), store);
        assertThat(memories.search("/home/dev/shop", "pnpm", 10)).extracting(f -> f.memory().text()).containsExactly("We use pnpm.");
    }
}
