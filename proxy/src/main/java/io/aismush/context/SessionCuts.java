package io.aismush.context;

import java.util.LinkedHashMap;
import java.util.Map;

/** The cut in force per conversation and provider; bounded, least recently used first out. Thread-safe. */
final class SessionCuts {
    private final int max;
    private final LinkedHashMap<String, Cut> cuts = new LinkedHashMap<>(256, 0.75f, true);

    SessionCuts(int max) {
        this.max = max;
    }

    synchronized Cut get(String key) {
        Cut c = key == null ? null : cuts.get(key);
        return c == null ? Cut.NONE : c;
    }

    synchronized void put(String key, Cut cut) {
        if (key == null) return;
        cuts.put(key, cut);
        var it = cuts.entrySet().iterator();
        while (cuts.size() > max && it.hasNext()) {
            Map.Entry<String, Cut> eldest = it.next();
            it.remove();
        }
    }
}
