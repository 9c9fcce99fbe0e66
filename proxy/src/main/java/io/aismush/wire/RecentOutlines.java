package io.aismush.wire;

import java.util.ArrayDeque;

/**
 * The outlines of the last few requests, one per conversation, so that the next turn of a conversation is checked
 * from the first message it changes, not from its first byte ({@link Outline#strict(byte[], Outline)}). At most
 * {@code maxEntries} outlines and {@code maxBytes} of the bodies they hold. Thread-safe.
 */
public final class RecentOutlines {
    private final int maxEntries;
    private final long maxBytes;
    private final ArrayDeque<Outline> recent = new ArrayDeque<>(); // newest first

    public RecentOutlines(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** The newest outline of the conversation {@code body} continues (its first message the same), or null. */
    public Outline of(byte[] body) {
        Outline[] candidates;
        synchronized (this) {
            candidates = recent.toArray(Outline[]::new);
        }
        for (Outline o : candidates) if (o.opensLike(body)) return o;
        return null;
    }

    /** Keeps {@code outline} as its conversation's newest, in place of the one before; does nothing if it cannot be built on. */
    public void remember(Outline outline) {
        if (!outline.resumable() || outline.bytes().length > maxBytes) return;
        synchronized (this) {
            recent.removeIf(o -> outline.opensLike(o.bytes()));
            recent.addFirst(outline);
            long bytes = 0;
            for (Outline o : recent) bytes += o.bytes().length;
            while (recent.size() > maxEntries || bytes > maxBytes) bytes -= recent.removeLast().bytes().length;
        }
    }

    synchronized int size() {
        return recent.size();
    }
}
