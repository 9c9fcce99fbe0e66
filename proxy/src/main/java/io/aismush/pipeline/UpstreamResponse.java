package io.aismush.pipeline;

import io.aismush.wire.Headers;
import io.aismush.wire.EventSource;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * An upstream's answer whose headers have arrived and whose body is still open. Whoever receives it closes it;
 * closing before the end aborts the upstream request.
 *
 * @param provider the name of the provider that answered (for records)
 * @param status   the HTTP status
 * @param headers  the upstream's headers, hop-by-hop fields already removed
 * @param body     the body: an event stream to relay event by event, or plain bytes
 * @param route    the route that served it (after any fallback), or null when no routing took place
 * @param fallbackFrom the provider that failed first when this answer comes from a fallback, else null
 */
public record UpstreamResponse(String provider, int status, Headers headers, Body body, Route route, String fallbackFrom)
        implements Closeable {

    public UpstreamResponse(String provider, int status, Headers headers, Body body) {
        this(provider, status, headers, body, null, null);
    }

    /** The same answer, labelled with the route that served it. */
    public UpstreamResponse servedBy(Route servedRoute, String failedFirst) {
        return new UpstreamResponse(provider, status, headers, body, servedRoute, failedFirst);
    }

    /** The body of an upstream response. */
    public sealed interface Body extends Closeable permits EventStream, Bytes {}

    /** A {@code text/event-stream} body in Anthropic's format, read one event at a time. */
    public record EventStream(EventSource events) implements Body {
        @Override
        public void close() throws IOException {
            events.close();
        }
    }

    /** Any other body, relayed as it comes. */
    public record Bytes(InputStream in) implements Body {
        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
