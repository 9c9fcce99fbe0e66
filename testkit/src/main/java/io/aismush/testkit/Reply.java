package io.aismush.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * What a fake upstream does with one request. Each misbehaviour a real upstream shows has a name here, so a test
 * reads as the rule it checks.
 */
public sealed interface Reply {

    /** A complete JSON response. */
    record Json(int status, Map<String, String> headers, String body) implements Reply {}

    /**
     * An SSE response. Before each event after the first it waits {@code gap}; with a {@code gate}, it instead waits
     * for one permit before every event after the first (so a test can prove each event arrived on its own).
     * With {@code cutAfter} ≥ 0, the connection is dropped after that many events.
     */
    record Stream(int status, Map<String, String> headers, List<String> events, Duration firstByteDelay, Duration gap,
                  Semaphore gate, int cutAfter) implements Reply {
        public Stream withGap(Duration newGap) {
            return new Stream(status, headers, events, firstByteDelay, newGap, gate, cutAfter);
        }

        public Stream gatedBy(Semaphore newGate) {
            return new Stream(status, headers, events, firstByteDelay, gap, newGate, cutAfter);
        }

        public Stream cutAfter(int n) {
            return new Stream(status, headers, events, firstByteDelay, gap, gate, n);
        }

        public Stream withFirstByteDelay(Duration delay) {
            return new Stream(status, headers, events, delay, gap, gate, cutAfter);
        }
    }

    /** Raw bytes as the body, with the given content type (for garbage). */
    record Raw(int status, String contentType, byte[] body) implements Reply {}

    /** Holds the request open without ever answering, until the client gives up. */
    record NeverAnswer() implements Reply {}

    /** Sends headers, then keep-alive comments every {@code interval} forever: a stream that never ends. */
    record EndlessKeepAlive(Duration interval) implements Reply {}

    /**
     * Sends the status, the headers and {@code head} (possibly nothing) at once, then falls silent, holding the
     * response open until the client goes away: an upstream stalled at a chosen point of its answer.
     */
    record Stall(int status, Map<String, String> headers, byte[] head) implements Reply {}

    /**
     * Sends a 200 with {@code contentType}, then {@code piece} every {@code interval} until the client leaves: a body that
     * never ends ({@link Stall} is headers, then silence).
     */
    record Drip(String contentType, String piece, Duration interval) implements Reply {}

    // ---- well-behaved replies ----

    static Stream stream(List<String> events) {
        return new Stream(200, sseHeaders(), events, Duration.ZERO, Duration.ZERO, null, -1);
    }

    static Json json(int status, String body) {
        return new Json(status, Map.of("content-type", "application/json", "request-id", "req_fake"), body);
    }

    /** A tool call as the client asked for it: streamed or as one message. */
    static Reply toolUse(boolean stream, String model, String leadIn, String id, String name, String inputJson, AnthropicSse.Tokens tokens) {
        return stream ? stream(AnthropicSse.toolUseTurn(model, leadIn, id, name, inputJson, tokens))
                : json(200, AnthropicSse.toolUseMessage(model, leadIn, id, name, inputJson, tokens));
    }

    /** A text answer as the client asked for it: streamed or as one message. */
    static Reply text(boolean stream, String model, String text, AnthropicSse.Tokens tokens) {
        return stream ? stream(AnthropicSse.textTurn(model, text, tokens)) : json(200, AnthropicSse.message(model, text, tokens));
    }

    // ---- named misbehaviours ----

    /** Each event after a pause. */
    static Stream slowStream(List<String> events, Duration gap) {
        return stream(events).withGap(gap);
    }

    /** The connection drops after {@code n} events, without message_stop. */
    static Stream cutMidStream(List<String> events, int n) {
        return stream(events).cutAfter(n);
    }

    /** An {@code event: error} (overloaded) after {@code n} events, then the end of the stream, as Anthropic does. */
    static Stream errorEventMidStream(List<String> events, int n) {
        var list = new java.util.ArrayList<>(events.subList(0, n));
        list.add(AnthropicSse.errorEvent("overloaded_error", "Overloaded"));
        return stream(list);
    }

    static Json rateLimited(int retryAfterSeconds) {
        return new Json(429, Map.of("content-type", "application/json", "retry-after", String.valueOf(retryAfterSeconds),
                "anthropic-ratelimit-requests-remaining", "0", "anthropic-ratelimit-requests-limit", "50",
                "anthropic-ratelimit-requests-reset", "2026-11-23T00:00:30Z", "x-should-retry", "true", "request-id", "req_fake429"),
                AnthropicSse.errorBody("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"));
    }

    static Json overloaded() {
        return new Json(529, Map.of("content-type", "application/json", "x-should-retry", "true", "request-id", "req_fake529"),
                AnthropicSse.errorBody("overloaded_error", "Overloaded"));
    }

    static Json serverError() {
        return new Json(500, Map.of("content-type", "application/json", "request-id", "req_fake500"),
                AnthropicSse.errorBody("api_error", "Internal server error"));
    }

    /** A 200 event stream whose body is not SSE at all. */
    static Raw garbageSse() {
        return new Raw(200, "text/event-stream", "\u0000\u0001garbage{{{ not an event stream".getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A stream that sends its headers and the first {@code n} events, then nothing more (n = 0: headers only). */
    static Stall stallAfter(List<String> events, int n) {
        return new Stall(200, sseHeaders(), String.join("", events.subList(0, n)).getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON body whose content-length promises all of {@code body} but of which only the first half is sent. */
    static Stall stallMidBody(String body) {
        byte[] whole = body.getBytes(StandardCharsets.UTF_8);
        return new Stall(200, Map.of("content-type", "application/json", "content-length", String.valueOf(whole.length)),
                java.util.Arrays.copyOf(whole, whole.length / 2));
    }

    /** A complete answer whose headers come only after {@code delay}: a slow first byte. */
    static Stream late(Json reply, Duration delay) {
        return new Stream(reply.status(), reply.headers(), List.of(reply.body()), delay, Duration.ZERO, null, -1);
    }

    /** A whole-body answer whose connection drops after its first {@code bytes} bytes. */
    static Stream cutBody(Json reply, int bytes) {
        return new Stream(reply.status(), reply.headers(), List.of(reply.body().substring(0, bytes), reply.body().substring(bytes)),
                Duration.ZERO, Duration.ZERO, null, 1);
    }

    /** {@code n} events, then lines that are not SSE (binary junk, an unparsable data line), then the rest. */
    static Stream garbageLinesMidStream(List<String> events, int n) {
        var list = new java.util.ArrayList<>(events.subList(0, n));
        list.add("\u0001\u0002 garbage that is no field\ndata: {{{ not json\n\n");
        list.addAll(events.subList(n, events.size()));
        return new Stream(200, sseHeaders(), list, Duration.ZERO, Duration.ZERO, null, -1);
    }

    /** Only {@code keepAlive} every {@code gap} for {@code total}, then the events: a long wait the upstream keeps warm. */
    static Stream keepAlivesThen(String keepAlive, Duration gap, Duration total, Map<String, String> headers, List<String> events) {
        var list = new java.util.ArrayList<String>();
        for (long t = 0; t < total.toMillis(); t += gap.toMillis()) list.add(keepAlive);
        list.addAll(events);
        return new Stream(200, headers, list, Duration.ZERO, gap, null, -1);
    }

    static NeverAnswer neverAnswers() {
        return new NeverAnswer();
    }

    static Map<String, String> sseHeaders() {
        return Map.of("content-type", "text/event-stream; charset=utf-8", "cache-control", "no-cache", "request-id", "req_fake_stream",
                "anthropic-ratelimit-requests-remaining", "49");
    }
}
