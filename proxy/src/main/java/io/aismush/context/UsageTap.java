package io.aismush.context;

import io.aismush.wire.EventSource;
import io.aismush.wire.Json;
import io.aismush.wire.SseEvent;
import io.aismush.wire.Usage;

import java.io.IOException;
import java.util.function.DoubleSupplier;

/**
 * Passes an event stream through unchanged and, once the stream is closed, reports the request's estimate with the
 * prompt size the usage reports state (input plus cache reads and writes): the evidence {@link Calibration} learns
 * from. Nothing here is on the way to the client's first byte: the estimate is taken when the reader asks for the
 * second event (the first has gone out), and the two events that carry usage are only kept and parsed at close.
 * Not thread-safe (one reader).
 */
final class UsageTap implements EventSource {
    /** What one answer says about the estimate: the request's raw estimate and the prompt tokens it really had. */
    interface Evidence {
        void observe(double rawEstimate, long promptTokens);
    }

    private final EventSource events;
    private final Evidence evidence;
    /** The request's estimate until it is taken; it holds the request body, so it is dropped once used. */
    private DoubleSupplier estimator;
    private double estimate;
    private int asked;
    private SseEvent start;
    private SseEvent delta;
    private boolean closed;

    UsageTap(EventSource events, DoubleSupplier estimator, Evidence evidence) {
        this.events = events;
        this.estimator = estimator;
        this.evidence = evidence;
    }

    @Override
    public SseEvent next() throws IOException {
        if (++asked == 2) estimate();
        SseEvent event = events.next();
        if (event != null && "message_start".equals(event.name()) && start == null) start = event;
        else if (event != null && "message_delta".equals(event.name())) delta = event;
        return event;
    }

    private void estimate() {
        if (estimator == null) return;
        try {
            estimate = estimator.getAsDouble();
        } finally {
            estimator = null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            events.close();
        } finally {
            if (!closed) {
                closed = true;
                estimate();
                report();
            }
        }
    }

    private void report() {
        try {
            Usage u = start == null ? Usage.ZERO : Usage.from(Json.MAPPER.readTree(start.data()).path("message").path("usage"));
            if (delta != null) u = u.updatedBy(Json.MAPPER.readTree(delta.data()).path("usage"));
            long total = u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens();
            if (total > 0 && estimate > 0) evidence.observe(estimate, total);
        } catch (RuntimeException e) {
            // an unreadable report only means no evidence from this answer
        }
    }
}
