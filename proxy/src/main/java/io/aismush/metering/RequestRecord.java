package io.aismush.metering;

import io.aismush.pipeline.Reduction;
import io.aismush.wire.Usage;

import java.time.Instant;
import java.util.List;

/**
 * What one request did, built by a {@link ResponseObserver} when the answer is complete. Holds no bodies, keys or
 * headers.
 *
 * @param id             the proxy's request id
 * @param startedAt      when the request arrived
 * @param endpoint       the path, e.g. {@code /v1/messages}
 * @param provider       the provider that answered, or {@code null} if none was reached
 * @param modelRequested the model the client asked for
 * @param modelServed    the model the upstream says served the turn
 * @param stream         whether the client asked for a stream
 * @param status         the HTTP status the client received
 * @param outcome        how the exchange ended
 * @param errorType      the Anthropic error type, when there was one
 * @param stopReason     the turn's stop reason, when it completed
 * @param usage          tokens as the upstream reported them
 * @param ttfbMillis     time from arrival to the first body byte sent to the client, or -1
 * @param totalMillis    time from arrival to the end of the answer
 * @param sessionId      Claude Code's session id, or null
 * @param routeReason    why the turn went where it went, or null when it was not routed
 * @param fallbackFrom   the provider that failed first when a fallback served the turn, else null
 * @param client         the client's {@code User-Agent} (e.g. {@code claude-cli/2.1.330 (external, cli)}), or null
 * @param project        the working directory Claude Code states in its prompt, or null when unknown
 * @param compressionTokensSaved estimated prompt tokens the proxy removed before sending (0 when none)
 * @param compressionSavingsUsd  what those tokens would have cost, when the remover knows it; 0 lets metering
 *                               price them (see {@code metering.Meter})
 * @param reductions     what each kind of compression (and a trim) did to the request: results, bytes and estimated
 *                       tokens before and after; empty when nothing was removed
 */
public record RequestRecord(String id, Instant startedAt, String endpoint, String provider, String modelRequested,
                            String modelServed, boolean stream, int status, Outcome outcome, String errorType,
                            String stopReason, Usage usage, double ttfbMillis, double totalMillis, String sessionId,
                            String routeReason, String fallbackFrom, String client, String project, long compressionTokensSaved,
                            double compressionSavingsUsd, List<Reduction> reductions) {

    public RequestRecord {
        reductions = reductions == null ? List.of() : List.copyOf(reductions);
    }

    /** A record with no reductions named one by one. */
    public RequestRecord(String id, Instant startedAt, String endpoint, String provider, String modelRequested,
                         String modelServed, boolean stream, int status, Outcome outcome, String errorType,
                         String stopReason, Usage usage, double ttfbMillis, double totalMillis, String sessionId,
                         String routeReason, String fallbackFrom, String client, String project, long compressionTokensSaved,
                         double compressionSavingsUsd) {
        this(id, startedAt, endpoint, provider, modelRequested, modelServed, stream, status, outcome, errorType, stopReason,
                usage, ttfbMillis, totalMillis, sessionId, routeReason, fallbackFrom, client, project, compressionTokensSaved,
                compressionSavingsUsd, List.of());
    }

    /** A record with no project and no compression. */
    public RequestRecord(String id, Instant startedAt, String endpoint, String provider, String modelRequested,
                         String modelServed, boolean stream, int status, Outcome outcome, String errorType,
                         String stopReason, Usage usage, double ttfbMillis, double totalMillis, String sessionId,
                         String routeReason, String fallbackFrom) {
        this(id, startedAt, endpoint, provider, modelRequested, modelServed, stream, status, outcome, errorType, stopReason,
                usage, ttfbMillis, totalMillis, sessionId, routeReason, fallbackFrom, null, null, 0, 0, List.of());
    }

    public RequestRecord withClient(String newClient, String newProject) {
        return new RequestRecord(id, startedAt, endpoint, provider, modelRequested, modelServed, stream, status, outcome,
                errorType, stopReason, usage, ttfbMillis, totalMillis, sessionId, routeReason, fallbackFrom, newClient, newProject,
                compressionTokensSaved, compressionSavingsUsd, reductions);
    }

    public RequestRecord withCompression(long tokensSaved, double savingsUsd) {
        return new RequestRecord(id, startedAt, endpoint, provider, modelRequested, modelServed, stream, status, outcome,
                errorType, stopReason, usage, ttfbMillis, totalMillis, sessionId, routeReason, fallbackFrom, client, project,
                tokensSaved, savingsUsd, reductions);
    }

    public RequestRecord withReductions(List<Reduction> newReductions) {
        return new RequestRecord(id, startedAt, endpoint, provider, modelRequested, modelServed, stream, status, outcome,
                errorType, stopReason, usage, ttfbMillis, totalMillis, sessionId, routeReason, fallbackFrom, client, project,
                compressionTokensSaved, compressionSavingsUsd, newReductions);
    }

    /** How an exchange ended. */
    public enum Outcome {
        /** The upstream's answer reached the client whole, and it was not an error. */
        COMPLETED,
        /** The upstream answered with an error status or an error event, relayed unchanged. */
        UPSTREAM_ERROR,
        /** The proxy answered with an error of its own (bad input, overload, unreachable upstream). */
        PROXY_ERROR,
        /** The upstream stream broke after it had started; the client got an error event. */
        STREAM_CUT,
        /** The client hung up before the answer was complete. */
        CLIENT_CLOSED
    }
}
