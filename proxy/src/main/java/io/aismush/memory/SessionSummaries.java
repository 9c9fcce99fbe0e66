package io.aismush.memory;

import io.aismush.metering.RequestRecord;
import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.RequestBody;
import io.aismush.pipeline.Route;
import io.aismush.pipeline.Terminal;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.wire.ApiError;
import io.aismush.wire.Headers;
import io.aismush.wire.Json;
import io.aismush.wire.RequestSummary;
import io.aismush.wire.SseEvent;
import io.aismush.wire.Usage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The idle-session summary. Every {@link #TICK}, on one daemon thread, each session idle for the configured time, with
 * a project and at least {@link #MIN_TURNS} completed turns, and not summarised before, is sent once to the cheap
 * provider (its default model, one short non-streamed request) to be turned into 3–8 memories, which are stored in
 * the session's project like any extracted memory. The call is recorded like any request (route reason
 * {@value #ROUTE_REASON}), so its cost is counted. A failure is logged once per run of failures and never touches
 * serving. Thread-safe; {@link #close} stops the thread.
 */
public final class SessionSummaries implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionSummaries.class);
    public static final Duration TICK = Duration.ofSeconds(30);
    static final int MIN_TURNS = 3;
    static final int MAX_TOKENS = 600;
    static final String ROUTE_REASON = "memory summary";
    private static final int MAX_ANSWER_BYTES = 256 * 1024;
    private static final String INSTRUCTIONS = "You turn a finished coding session into durable memories for the next session in the same "
            + "project. Answer with 3 to 8 lines and nothing else, one memory per line, each as `kind: text` where kind is one of "
            + "decision, fix, preference, convention, change, fact and text is one self-contained sentence naming the files, "
            + "tools and reasons involved. Keep only what stays true after this session: decisions and why, root causes and "
            + "their fixes, the user's preferences, the project's conventions, lasting facts. No plans, no chatter, no questions.";

    private final Memories memories;
    private final SessionLog sessions;
    private final Terminal provider;
    private final String providerName;
    private final Consumer<RequestRecord> records;
    private final InstantSource clock;
    private final AtomicLong calls = new AtomicLong();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("aismush-memory-summary").factory());
    private volatile boolean failing;

    /**
     * @param memories     the memory feature, built to keep its session log
     * @param provider     the cheap provider the summaries go to
     * @param providerName its configured name (for the route and the records)
     * @param records      where the calls' records go (the recorder)
     */
    public SessionSummaries(Memories memories, Terminal provider, String providerName, Consumer<RequestRecord> records, InstantSource clock) {
        if (memories.sessionLog() == null) throw new IllegalArgumentException("the memories keep no session log");
        this.memories = memories;
        this.sessions = memories.sessionLog();
        this.provider = provider;
        this.providerName = providerName;
        this.records = records;
        this.clock = clock;
    }

    /** Looks for idle sessions every {@code tick}, from now on. */
    public SessionSummaries start(Duration tick) {
        scheduler.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        try {
            runOnce();
        } catch (RuntimeException | LinkageError e) {
            log.warn("the session summary check failed: {}", e.toString()); // the next tick tries again
        }
    }

    /** Summarises every session that is due now, one after the other; returns how many were sent to the provider. */
    public int runOnce() {
        Instant cutoff = clock.instant().minus(memories.settings().summaryIdle());
        int sent = 0;
        for (SessionLog.Due due : sessions.takeDue(cutoff, MIN_TURNS)) {
            summarise(due);
            sent++;
        }
        return sent;
    }

    /** Summary calls made since the start (tests). */
    public long calls() {
        return calls.get();
    }

    private void summarise(SessionLog.Due due) {
        calls.incrementAndGet();
        String id = "summary-" + calls.get();
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        byte[] body = requestBody(due.material());
        var exchange = new Exchange(id, "POST", "/v1/messages", null, Headers.of("content-type", "application/json"),
                new RequestBody(body), RequestSummary.of(body), start).withRoute(new Route(providerName, null, ROUTE_REASON, false));
        Answer answer;
        try (UpstreamResponse response = provider.call(exchange)) {
            answer = Answer.read(response);
        } catch (IOException | RuntimeException e) {
            int status = e instanceof ApiError.Failure f ? f.error().status() : 502;
            String type = e instanceof ApiError.Failure f ? f.error().type() : "api_error";
            answer = new Answer(null, status, null, "", null, Usage.ZERO, type); // no provider reached
        }
        records.accept(answer.record(id, startedAt, (System.nanoTime() - start) / 1e6, due).withClient("aismush (memory summary)", due.project()));
        if (answer.status() / 100 != 2) {
            failed("session {}: the memory summary failed ({} {})", due.sessionId(), answer.status(), answer.errorType());
            return;
        }
        List<Candidate> found = SummaryLines.parse(answer.text());
        if (found.isEmpty()) {
            failed("session {}: the memory summary held no `kind: text` lines; nothing stored", due.sessionId(), null, null);
            return;
        }
        try {
            Instant now = clock.instant();
            for (Candidate c : found) memories.store().remember(due.project(), c, due.sessionId(), now);
            failing = false;
            log.info("session {}: {} memories from its summary", due.sessionId(), found.size());
        } catch (Exception e) {
            failed("session {}: the summary's memories could not be stored ({})", due.sessionId(), e.toString(), null);
        }
    }

    /** Logs the first failure of a run of failures as a warning, the rest quietly. */
    private void failed(String message, Object a, Object b, Object c) {
        if (failing) log.debug(message, a, b, c);
        else log.warn(message, a, b, c);
        failing = true;
    }

    private static byte[] requestBody(String material) {
        ObjectNode r = Json.MAPPER.createObjectNode().put("model", "default").put("max_tokens", MAX_TOKENS).put("stream", false);
        r.put("system", INSTRUCTIONS);
        r.putArray("messages").addObject().put("role", "user").put("content", "The session, newest last:\n\n" + material
                + "\n\nIts durable memories, one `kind: text` per line:");
        return Json.MAPPER.writeValueAsBytes(r);
    }

    /** What came back: the text of the message, or the failure. */
    private record Answer(String provider, int status, String model, String text, String stopReason, Usage usage, String errorType) {

        static Answer read(UpstreamResponse response) throws IOException {
            if (!response.isSuccess()) {
                String type = "api_error";
                if (response.body() instanceof UpstreamResponse.Bytes bytes) {
                    try (InputStream in = bytes.in()) {
                        type = Json.MAPPER.readTree(in.readNBytes(64 * 1024)).path("error").path("type").asString(type);
                    } catch (RuntimeException notJson) {
                        // the status says enough
                    }
                }
                return new Answer(response.provider(), response.status(), null, "", null, Usage.ZERO, type);
            }
            return switch (response.body()) {
                case UpstreamResponse.Bytes bytes -> message(response, Json.MAPPER.readTree(bytes.in().readNBytes(MAX_ANSWER_BYTES)));
                case UpstreamResponse.EventStream events -> streamed(response, events);
            };
        }

        private static Answer message(UpstreamResponse response, JsonNode m) {
            var text = new StringBuilder();
            for (JsonNode b : m.path("content")) if ("text".equals(b.path("type").asString(""))) text.append(b.path("text").asString("")).append('\n');
            return new Answer(response.provider(), response.status(), m.path("model").asString(null), text.toString(),
                    m.path("stop_reason").asString(null), Usage.from(m.path("usage")), null);
        }

        /** A provider that streams anyway: the events are read to the end. */
        private static Answer streamed(UpstreamResponse response, UpstreamResponse.EventStream events) throws IOException {
            var content = new ArrayList<SseEvent>();
            String model = null;
            String stop = null;
            Usage usage = Usage.ZERO;
            long bytes = 0;
            for (SseEvent e = events.events().next(); e != null && bytes < MAX_ANSWER_BYTES; e = events.events().next()) {
                bytes += e.raw().length;
                if (e.name() == null) continue;
                switch (e.name()) {
                    case "message_start" -> {
                        JsonNode m = Json.MAPPER.readTree(e.data()).path("message");
                        model = m.path("model").asString(null);
                        usage = Usage.from(m.path("usage"));
                    }
                    case "message_delta" -> {
                        JsonNode d = Json.MAPPER.readTree(e.data());
                        stop = d.path("delta").path("stop_reason").asString(null);
                        usage = usage.updatedBy(d.path("usage"));
                    }
                    case "content_block_start", "content_block_delta" -> content.add(e);
                    default -> { } // pings, stops
                }
            }
            return new Answer(response.provider(), response.status(), model, AnswerReader.read(content).text(), stop, usage, null);
        }

        RequestRecord record(String id, Instant startedAt, double millis, SessionLog.Due due) {
            boolean ok = status / 100 == 2;
            RequestRecord.Outcome outcome = ok ? RequestRecord.Outcome.COMPLETED
                    : provider == null ? RequestRecord.Outcome.PROXY_ERROR : RequestRecord.Outcome.UPSTREAM_ERROR;
            return new RequestRecord(id, startedAt, "/v1/messages", provider, null, model, false, status, outcome, errorType, stopReason,
                    usage, -1, millis, due.sessionId(), ROUTE_REASON, null);
        }
    }

    /** Stops the thread; a summary under way is interrupted. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
