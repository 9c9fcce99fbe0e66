package io.aismush.pipeline;

import io.aismush.wire.Headers;
import io.aismush.wire.SseReader;

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
 */
public record UpstreamResponse(String provider, int status, Headers headers, Body body) implements Closeable {

    /** The body of an upstream response. */
    public sealed interface Body extends Closeable permits EventStream, Bytes {}

    /** A {@code text/event-stream} body, read one event at a time. */
    public record EventStream(SseReader events) implements Body {
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
