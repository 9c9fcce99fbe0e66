package io.aismush.wire;

import java.io.Closeable;
import java.io.IOException;

/**
 * A source of Anthropic-format server-sent events: an upstream's own stream ({@link SseReader}) or a translation
 * of a foreign one. Not thread-safe: one reader.
 */
public interface EventSource extends Closeable {
    /** The next event, blocking until it is complete; {@code null} at the end of the stream. */
    SseEvent next() throws IOException;
}
