package io.aismush.app;

import io.aismush.config.Config;
import io.aismush.config.ConfigException;
import io.aismush.http.Endpoints;
import io.aismush.http.InstallToken;
import io.aismush.http.MemoryApi;
import io.aismush.memory.JdbcMemoryStore;
import io.aismush.memory.Memories;
import io.aismush.memory.SessionSummaries;
import io.aismush.providers.Provider;
import io.aismush.storage.Recorder;
import io.aismush.storage.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;

/** Persistent memory, wired: its store in the proxy's database, and its endpoints next to the accounting ones. */
final class MemoryWiring {
    private static final Logger log = LoggerFactory.getLogger(MemoryWiring.class);
    /** The first request of a session waits at most this long for its memories. */
    static final Duration RETRIEVAL_TIMEOUT = Duration.ofMillis(500);

    private MemoryWiring() {}

    /**
     * The memory feature, or null when it is off or there is no database to keep memories in. It keeps a log of the
     * sessions for their summary when the summary is on and there is a cheap provider ({@code cheap}, null when none).
     */
    static Memories memories(Config config, Store store, InstantSource clock, Provider cheap) {
        if (!config.memory().enabled()) return null;
        if (store == null) {
            log.info("memory is off: it needs the database, and database.url is none");
            return null;
        }
        if (config.memory().summary() && cheap == null) log.info("memory.summary is on, but there is no cheap provider to summarise with");
        return new Memories(new NewDatabaseMemories(new JdbcMemoryStore(store), store), config.memory(), clock, RETRIEVAL_TIMEOUT, config.memory().summary() && cheap != null);
    }

    /** The idle-session summary, started; null when memory or the summary is off or there is no cheap provider. */
    static SessionSummaries summaries(Memories memories, Provider cheap, Recorder recorder, InstantSource clock) {
        if (memories == null || cheap == null || !memories.settings().summary()) return null;
        log.info("sessions idle for {} minutes are summarised as memories by {}", memories.settings().summaryIdle().toMinutes(), cheap.name());
        return new SessionSummaries(memories, cheap, cheap.name(), recorder::record, clock).start(SessionSummaries.TICK);
    }

    /** {@code accounting}'s endpoints, then {@code /memories} when memory is on. */
    static Endpoints endpoints(Endpoints accounting, Memories memories, Config config) {
        if (memories == null) return accounting;
        MemoryApi api;
        try {
            api = new MemoryApi(memories, InstallToken.load(config.dataDir()));
        } catch (IOException e) {
            throw new ConfigException("cannot read the install token in " + config.dataDir() + ": " + e.getMessage());
        }
        return (method, path, request, response) -> accounting.handle(method, path, request, response)
                || api.handle(method, path, request, response);
    }
}
