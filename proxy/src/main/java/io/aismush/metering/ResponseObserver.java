package io.aismush.metering;

import io.aismush.pipeline.Reduction;
import io.aismush.wire.Json;
import io.aismush.wire.SseEvent;
import io.aismush.wire.Usage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads a copy of one response as it is relayed (events, or body bytes) and turns what it saw into a
 * {@link RequestRecord}. It only reads: the relay has already sent each piece before showing it here, and a piece
 * the observer cannot parse changes nothing for the client. One observer per request; not thread-safe.
 */
public final class ResponseObserver {
    /** Non-streamed bodies larger than this are relayed but not parsed for usage. */
    private static final int MAX_OBSERVED_BODY = 4 * 1024 * 1024;

    private final String id;
    private final Instant startedAt;
    private final long startNanos;
    private final String endpoint;
    private final String modelRequested;
    private final boolean stream;

    private String provider;
    private String sessionId;
    private String routeReason;
    private String fallbackFrom;
    private String project;
    private String client;
    private Supplier<List<Reduction>> reductions = List::of;
    private int status;
    private String modelServed;
    private String stopReason;
    private String errorType;
    private Usage usage = Usage.ZERO;
    private long firstByteNanos = -1;
    private boolean messageStopped;
    private ByteArrayOutputStream body;

    public ResponseObserver(String id, Instant startedAt, long startNanos, String endpoint, String modelRequested, boolean stream) {
        this.id = id;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
        this.endpoint = endpoint;
        this.modelRequested = modelRequested;
        this.stream = stream;
    }

    /** The response's status line is known. */
    public void onStatus(String provider, int status) {
        this.provider = provider;
        this.status = status;
    }

    /** Which conversation the request belongs to, and how it was routed (null when not routed). */
    public void onRoute(String sessionId, String routeReason, String fallbackFrom) {
        this.sessionId = sessionId;
        this.routeReason = routeReason;
        this.fallbackFrom = fallbackFrom;
    }

    /**
     * What the pipeline removed before sending, kind by kind, asked for when the record is made (after the answer: the
     * token estimates are made then, not on the way to the first byte); the tokens of compression count as saved (a
     * trim is a cache break, not a saving).
     */
    public void onReductions(Supplier<List<Reduction>> reductions) {
        this.reductions = reductions;
    }

    /** Who sent the request (its {@code User-Agent}), and the project its session works on, when known. */
    public void onClient(String client, String project) {
        this.client = client == null || client.length() <= 200 ? client : client.substring(0, 200);
        this.project = project;
    }

    /** Some body bytes reached the client. */
    public void onFirstByte() {
        if (firstByteNanos < 0) firstByteNanos = System.nanoTime();
    }

    /** One SSE event reached the client. */
    public void onEvent(SseEvent event) {
        onFirstByte();
        String name = event.name();
        if (name == null) return;
        switch (name) {
            case "message_start" -> {
                JsonNode message = parse(event.data()).path("message");
                if (message.path("model").isString()) modelServed = message.path("model").asString();
                usage = Usage.from(message.path("usage"));
            }
            case "message_delta" -> {
                JsonNode data = parse(event.data());
                usage = usage.updatedBy(data.path("usage"));
                JsonNode reason = data.path("delta").path("stop_reason");
                if (reason.isString()) stopReason = reason.asString();
            }
            case "message_stop" -> messageStopped = true;
            case "error" -> errorType = parse(event.data()).path("error").path("type").asString(null);
            default -> { } // content blocks and pings carry nothing the record needs
        }
    }

    /** Some bytes of a non-streamed body reached the client. */
    public void onBytes(byte[] chunk, int offset, int length) {
        onFirstByte();
        if (body == null) body = new ByteArrayOutputStream(Math.min(length, 64 * 1024));
        if (body.size() + length <= MAX_OBSERVED_BODY) body.write(chunk, offset, length);
    }

    /** True once the stream delivered {@code message_stop} or an {@code error} event: nothing is missing. */
    public boolean streamEnded() {
        return messageStopped || errorType != null;
    }

    /** True once the upstream's stream carried an {@code error} event: the answer, relayed whole, is an error. */
    public boolean sawErrorEvent() {
        return errorType != null;
    }

    /** Finishes the record; a complete non-streamed body is parsed here, off the relay's hot loop. */
    public RequestRecord finish(RequestRecord.Outcome outcome, String proxyErrorType) {
        if (body != null && body.size() > 0) readBody(body.toByteArray());
        String error = proxyErrorType != null ? proxyErrorType : errorType;
        double ttfb = firstByteNanos < 0 ? -1 : (firstByteNanos - startNanos) / 1e6;
        List<Reduction> removed = reductions.get();
        long saved = 0;
        for (Reduction r : removed) if (!r.kind().equals("trim")) saved += r.tokensSaved();
        return new RequestRecord(id, startedAt, endpoint, provider, modelRequested, modelServed, stream, status,
                outcome, error, stopReason, usage, ttfb, (System.nanoTime() - startNanos) / 1e6, sessionId, routeReason, fallbackFrom)
                .withClient(client, project).withCompression(saved, 0).withReductions(removed);
    }

    private void readBody(byte[] bytes) {
        JsonNode root = parse(bytes);
        if (root.path("type").asString("").equals("error")) {
            errorType = root.path("error").path("type").asString(null);
            return;
        }
        if (root.path("model").isString()) modelServed = root.path("model").asString();
        if (root.path("stop_reason").isString()) stopReason = root.path("stop_reason").asString();
        if (root.has("usage")) usage = Usage.from(root.path("usage"));
    }

    private static JsonNode parse(String data) {
        return data == null ? Json.MAPPER.missingNode() : parse(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static JsonNode parse(byte[] data) {
        try {
            JsonNode node = Json.MAPPER.readTree(data);
            return node == null ? Json.MAPPER.missingNode() : node;
        } catch (JacksonException e) {
            return Json.MAPPER.missingNode(); // an unreadable piece only means a less complete record
        }
    }
}
