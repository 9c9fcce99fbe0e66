package io.aismush.compress;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A bounded least-recently-used cache of compression outcomes by content hash, so a long history is re-compressed
 * at the cost of hashing it. Bounded by entries and by the bytes its outcomes hold. Thread-safe; the lock is held only
 * for the map operations, never while computing.
 */
final class Memo {
    private final int maxEntries;
    private final long maxBytes;
    private long bytes;
    private long hits;
    private long misses;
    private final LinkedHashMap<ContentHash, Outcome> map = new LinkedHashMap<>(1024, 0.75f, true);

    Memo(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    Outcome get(ContentHash key, Supplier<Outcome> compute) {
        synchronized (this) {
            Outcome hit = map.get(key);
            if (hit != null) {
                hits++;
                return hit;
            }
            misses++;
        }
        Outcome computed = compute.get();
        synchronized (this) {
            Outcome previous = map.put(key, computed);
            bytes += computed.size() - (previous == null ? 0 : previous.size());
            var it = map.entrySet().iterator();
            while ((map.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
                Map.Entry<ContentHash, Outcome> eldest = it.next();
                bytes -= eldest.getValue().size();
                it.remove();
            }
        }
        return computed;
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }
}
