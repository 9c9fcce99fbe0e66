package io.aismush.pipeline;

import io.aismush.wire.ClaudeCode;
import io.aismush.wire.Headers;
import io.aismush.wire.Outline;
import io.aismush.wire.RequestSummary;

/**
 * One client request as it travels through the pipeline. Immutable: a stage that changes the request passes a
 * new value to {@link Chain#proceed}; an unchanged request keeps the client's exact body bytes.
 *
 * @param id         the proxy's own id for this request (logs, records)
 * @param method     the HTTP method
 * @param path       the request path, e.g. {@code /v1/messages}
 * @param query      the raw query string without {@code ?}, or {@code null}
 * @param headers    the client's headers, hop-by-hop fields already removed
 * @param body       the body; empty for GET
 * @param summary    what was read of a Messages body; {@link RequestSummary#NONE} for other endpoints
 * @param startNanos {@link System#nanoTime()} when the request arrived
 * @param route      where the turn goes; {@link Route#PASS_THROUGH} until a routing stage decides
 * @param notes      what the stages did to this request (reductions), for its record; shared by every copy
 */
public record Exchange(String id, String method, String path, String query, Headers headers, RequestBody body,
                       RequestSummary summary, long startNanos, Route route, Notes notes) {

    public Exchange(String id, String method, String path, String query, Headers headers, RequestBody body,
                    RequestSummary summary, long startNanos) {
        this(id, method, path, query, headers, body, summary, startNanos, Route.PASS_THROUGH, new Notes());
    }

    /** Claude Code's session id for this request (header, else {@code metadata.user_id}), or null. */
    public String sessionId() {
        return ClaudeCode.sessionId(headers, summary.userId());
    }

    /** The path with its query, as the client sent it. */
    public String pathAndQuery() {
        return query == null ? path : path + "?" + query;
    }

    public boolean isMessages() {
        return path.equals("/v1/messages");
    }

    /** A copy carrying a rewritten body. */
    public Exchange withBody(byte[] newBody, RequestSummary newSummary) {
        return withBody(newBody, newSummary, null);
    }

    /** A copy carrying a rewritten body and that body's outline (null: made when a stage first asks). */
    public Exchange withBody(byte[] newBody, RequestSummary newSummary, Outline outline) {
        return new Exchange(id, method, path, query, headers, new RequestBody(newBody, outline), newSummary, startNanos, route, notes);
    }

    public Exchange withHeaders(Headers newHeaders) {
        return new Exchange(id, method, path, query, newHeaders, body, summary, startNanos, route, notes);
    }

    public Exchange withRoute(Route newRoute) {
        return new Exchange(id, method, path, query, headers, body, summary, startNanos, newRoute, notes);
    }
}
