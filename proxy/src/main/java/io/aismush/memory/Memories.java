package io.aismush.memory;

import io.aismush.config.MemorySettings;
import io.aismush.wire.Json;
import io.aismush.wire.Outline;
import io.aismush.wire.SseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The memory feature as the rest of the proxy sees it: the block each session gets (computed once, then reused
 * byte for byte), extraction of completed turns on a background worker, expiry, and the operations behind the
 * {@code /memories} endpoints. Thread-safe.
 */
public final class Memories implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Memories.class);
    private static final int MAX_SESSIONS = 10_000;
    /** What a session without memories gets: nothing. */
    static final byte[] NONE = new byte[0];

    /** A session's fixed state: its key, its project, and the block (as JSON, {@link #NONE} for none) it receives. */
    public record Session(String key, String project, byte[] block) {}

    private final MemoryStore store;
    private final MemorySettings settings;
    private final InstantSource clock;
    private final Duration retrievalTimeout;
    private final Extractor extractor = new Extractor();
    private final Ranker ranker;
    private final MemoryWorker worker = new MemoryWorker(4_096);
    private final Map<String, CompletableFuture<Session>> sessions = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Session>> eldest) {
            return size() > MAX_SESSIONS;
        }
    };
    private volatile Instant lastExpiry = Instant.EPOCH;
    private final SessionLog sessionLog; // null unless idle sessions are summarised

    public Memories(MemoryStore store, MemorySettings settings, InstantSource clock, Duration retrievalTimeout) {
        this(store, settings, clock, retrievalTimeout, false);
    }

    /** @param keepSessionLog keep each session's activity and material for {@link SessionSummaries} */
    public Memories(MemoryStore store, MemorySettings settings, InstantSource clock, Duration retrievalTimeout, boolean keepSessionLog) {
        this.sessionLog = keepSessionLog ? new SessionLog() : null;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.retrievalTimeout = retrievalTimeout;
        this.ranker = new Ranker(settings.halfLife());
        worker.submit(this::expire);
    }

    public MemoryStore store() {
        return store;
    }

    /**
     * The session's state, computed from its first request the first time it is asked for and the same value on every
     * later call. Waits at most the retrieval timeout for the database; a session whose memories could not be read in
     * time gets no block, for its whole length (a block appearing later would change its prompt prefix).
     */
    Session session(String sessionId, byte[] body, BodyLayout layout) {
        return session(sessionId, body, layout, Outline.of(body));
    }

    /** As {@link #session(String, byte[], BodyLayout)}, with the body's outline made already. */
    Session session(String sessionId, byte[] body, BodyLayout layout, Outline outline) {
        Session s = open(sessionId, body, layout, outline);
        if (sessionLog != null) sessionLog.seen(s.key(), s.project(), clock.instant());
        return s;
    }

    private Session open(String sessionId, byte[] body, BodyLayout layout, Outline outline) {
        String key = sessionId != null ? sessionId : anonymousKey(body, layout);
        CompletableFuture<Session> future;
        boolean mine = false;
        synchronized (sessions) {
            future = sessions.get(key);
            if (future == null) {
                future = new CompletableFuture<>();
                sessions.put(key, future);
                mine = true;
            }
        }
        if (mine) {
            CompletableFuture<Session> f = future;
            try {
                Opening opening = Opening.of(body, outline);
                Thread.ofVirtual().name("aismush-memory-retrieval").start(() -> compute(key, opening, f));
                boolean newestIsFirst = layout.firstMessage() != null && layout.firstMessage()[0] == layout.lastMessage()[0];
                if (opening.atStart() && !newestIsFirst) {
                    worker.submit(() -> remember(new Turn(key, opening.project(), opening.firstHumanText(), "", List.of())));
                }
            } catch (RuntimeException e) {
                f.complete(new Session(key, null, NONE));
            }
        }
        try {
            return future.get(retrievalTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Session empty = new Session(key, null, NONE);
            if (future.complete(empty)) log.warn("memories for session {} took longer than {} ms; the session runs without", key, retrievalTimeout.toMillis());
            return future.join();
        } catch (Exception e) {
            return new Session(key, null, NONE);
        }
    }

    private void compute(String key, Opening opening, CompletableFuture<Session> future) {
        try {
            var stored = store.sessionBlock(key);
            if (stored.isPresent() || !opening.atStart()) {
                String text = stored.orElse("");
                future.complete(new Session(key, opening.project(), text.isEmpty() ? NONE : SystemSplice.blockJson(text)));
                return;
            }
            Instant now = clock.instant();
            var ranked = ranker.rank(store.search(opening.project(), opening.firstHumanText(), 500), now);
            MemoryBlock.Built built = MemoryBlock.build(ranked, settings.budgetTokens());
            Session s = new Session(key, opening.project(), built.isEmpty() ? NONE : SystemSplice.blockJson(built.text()));
            if (future.complete(s)) {
                worker.submit(() -> {
                    store.saveSessionBlock(key, opening.project(), built.text(), now);
                    store.accessed(built.ids(), now);
                });
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("memories for session {} could not be read ({}); the session runs without", key, e.toString());
            future.complete(new Session(key, opening.project(), NONE));
        }
    }

    /** Without a session id, a conversation is known by its first message (which never changes) and its project. */
    private static String anonymousKey(byte[] body, BodyLayout layout) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            if (layout.firstMessage() != null) sha.update(body, layout.firstMessage()[0], layout.firstMessage()[1] - layout.firstMessage()[0]);
            return "anon-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A turn of {@code session} completed: extract from it in the background. Never blocks. */
    void completed(Session session, byte[] newestMessage, List<SseEvent> events) {
        worker.submit(() -> {
            String human = newestMessage == null ? "" : Opening.humanText(Json.MAPPER.readTree(newestMessage));
            AnswerReader.Answer answer = AnswerReader.read(events);
            Turn turn = new Turn(session.key(), session.project(), human, answer.text(), answer.toolCalls());
            if (sessionLog != null) sessionLog.turn(turn, clock.instant());
            remember(turn);
            if (Duration.between(lastExpiry, clock.instant()).toHours() >= 6) expire();
        });
    }

    void remember(Turn turn) throws SQLException {
        Instant now = clock.instant();
        for (Candidate c : extractor.extract(turn)) {
            if (!c.global() && turn.project() == null) continue; // a project memory needs a project
            store.remember(turn.project(), c, turn.sessionId(), now);
        }
    }

    private void expire() throws SQLException {
        Instant now = clock.instant();
        lastExpiry = now;
        int n = store.expire(now.minus(settings.expiry()));
        if (n > 0) log.info("{} old low-importance memories expired", n);
    }

    /** Runs expiry now (tests, with a moved clock). */
    public int expireNow() throws SQLException {
        return store.expire(clock.instant().minus(settings.expiry()));
    }

    /** Memories of {@code project} ranked for {@code query} (all projects when null, newest first without a query). */
    public List<Map<String, Object>> search(String project, String query, int limit) throws SQLException {
        if (query == null || query.isBlank() || project == null) {
            var list = store.list(project, query == null || query.isBlank() ? limit : 1_000);
            return list.stream().filter(m -> query == null || query.isBlank() || contains(m.text(), query)).limit(limit).map(Memory::toMap).toList();
        }
        return ranker.rank(store.search(project, query, 500), clock.instant()).stream().limit(limit).map(r -> {
            var m = new LinkedHashMap<>(r.memory().toMap());
            m.put("score", Math.round(r.score() * 1000) / 1000.0);
            return (Map<String, Object>) m;
        }).toList();
    }

    private static boolean contains(String text, String query) {
        String t = text.toLowerCase(Locale.ROOT);
        for (String w : query.toLowerCase(Locale.ROOT).split("\\s+")) if (!w.isEmpty() && t.contains(w)) return true;
        return false;
    }

    /** Adds a memory by hand (importance 0.9: the user said so). */
    public long add(String project, Kind kind, String text, boolean global) throws SQLException {
        return store.remember(project, new Candidate(kind, text.strip(), 0.9, global), null, clock.instant());
    }

    /** The sessions' activity and material, or null when idle sessions are not summarised. */
    SessionLog sessionLog() {
        return sessionLog;
    }

    InstantSource clock() {
        return clock;
    }

    public MemorySettings settings() {
        return settings;
    }

    /** Jobs done by the worker (tests wait until extraction caught up). */
    public long jobsDone() {
        return worker.done();
    }

    public int jobsQueued() {
        return worker.queued();
    }

    public Map<String, Object> stats() {
        return Map.of("jobs_done", worker.done(), "jobs_dropped", worker.dropped(), "jobs_failed", worker.failed());
    }

    @Override
    public void close() {
        worker.close();
    }
}
