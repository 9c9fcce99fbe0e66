package io.aismush.context;

import io.aismush.wire.EventSource;
import io.aismush.wire.Json;
import io.aismush.wire.SseEvent;
import io.aismush.wire.Usage;

import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * Passes an event stream through unchanged and, once the stream is closed, reports the prompt size its usage
 * reports state (input plus cache reads and writes): the evidence {@link Calibration} learns from. It only keeps a
 * reference to the two events that carry usage and parses them at close, off the relay's path, so the stream is not
 * slowed by a single parse. Not thread-safe (one reader).
 */
final class UsageTap implements EventSource {
    private final EventSource events;
    private final LongConsumer promptTokens;
    private SseEvent start;
    private SseEvent delta;
    private boolean closed;

    UsageTap(EventSource events, LongConsumer promptTokens) {
        this.events = events;
        this.promptTokens = promptTokens;
    }

    @Override
    public SseEvent next() throws IOException {
        SseEvent event = events.next();
        if (event != null && "message_start".equals(event.name()) && start == null) start = event;
        else if (event != null && "message_delta".equals(event.name())) delta = event;
        return event;
    }

    @Override
    public void close() throws IOException {
        try {
            events.close();
        } finally {
            if (!closed) {
                closed = true;
                report();
            }
        }
    }

    private void report() {
        try {
            Usage u = start == null ? Usage.ZERO : Usage.from(Json.MAPPER.readTree(start.data()).path("message").path("usage"));
            if (delta != null) u = u.updatedBy(Json.MAPPER.readTree(delta.data()).path("usage"));
            long total = u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens();
            if (total > 0) promptTokens.accept(total);
        } catch (RuntimeException e) {
            // an unreadable report only means no evidence from this answer
        }
    }
}
