package io.aismush.memory;

import io.aismush.wire.EventSource;
import io.aismush.wire.SseEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decorates a response's event stream: hands every event on unchanged (the same object, at once) and keeps a
 * reference to the content-block events, up to a size cap, so the memory worker can read the answer's text and tool
 * calls once the turn is complete. The only work on the relay's path is a name check and a list append; nothing is
 * parsed here. A turn that does not reach {@code message_stop} (cut, client gone) is dropped. One reader.
 */
final class TurnTap implements EventSource {
    static final int MAX_BYTES = 256 * 1024;

    private final EventSource delegate;
    private final Consumer<List<SseEvent>> onComplete;
    private final List<SseEvent> kept = new ArrayList<>();
    private long keptBytes;
    private boolean stopped;
    private boolean handed;

    TurnTap(EventSource delegate, Consumer<List<SseEvent>> onComplete) {
        this.delegate = delegate;
        this.onComplete = onComplete;
    }

    @Override
    public SseEvent next() throws IOException {
        SseEvent e = delegate.next();
        if (e == null) {
            handOver();
            return null;
        }
        String name = e.name();
        if (name != null) {
            if (name.equals("message_stop")) stopped = true;
            else if ((name.equals("content_block_delta") || name.equals("content_block_start")) && keptBytes + e.raw().length <= MAX_BYTES) {
                kept.add(e);
                keptBytes += e.raw().length;
            }
        }
        return e;
    }

    private void handOver() {
        if (handed || !stopped) return;
        handed = true;
        onComplete.accept(List.copyOf(kept));
    }

    @Override
    public void close() throws IOException {
        try {
            handOver();
        } finally {
            delegate.close();
        }
    }
}
