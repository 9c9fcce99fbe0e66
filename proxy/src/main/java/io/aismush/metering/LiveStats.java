package io.aismush.metering;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** In-memory totals since start, shown by {@code /stats} and {@code --status}. Thread-safe. */
public final class LiveStats implements Consumer<RequestRecord> {
    private final Instant startedAt = Instant.now();
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder inputTokens = new LongAdder();
    private final LongAdder outputTokens = new LongAdder();
    private final LongAdder cacheReadTokens = new LongAdder();
    private final LongAdder cacheWrite5mTokens = new LongAdder();
    private final LongAdder cacheWrite1hTokens = new LongAdder();
    private final Map<String, LongAdder> byModel = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byProvider = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byOutcome = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();
    private final LongAdder fallbacks = new LongAdder();

    @Override
    public void accept(RequestRecord r) {
        requests.increment();
        if (r.outcome() != RequestRecord.Outcome.COMPLETED) errors.increment();
        inputTokens.add(r.usage().inputTokens());
        outputTokens.add(r.usage().outputTokens());
        cacheReadTokens.add(r.usage().cacheReadTokens());
        cacheWrite5mTokens.add(r.usage().cacheWrite5mTokens());
        cacheWrite1hTokens.add(r.usage().cacheWrite1hTokens());
        String model = r.modelServed() != null ? r.modelServed() : r.modelRequested();
        if (model != null) byModel.computeIfAbsent(model, k -> new LongAdder()).increment();
        if (r.provider() != null) byProvider.computeIfAbsent(r.provider(), k -> new LongAdder()).increment();
        byOutcome.computeIfAbsent(r.outcome().name().toLowerCase(Locale.ROOT), k -> new LongAdder()).increment();
        if (r.routeReason() != null) byReason.computeIfAbsent(reasonKind(r.routeReason()), k -> new LongAdder()).increment();
        if (r.fallbackFrom() != null) fallbacks.increment();
    }

    /** A reason without its particulars ("large context (~70K tokens > 64K)" → "large context"), for distributions. */
    public static String reasonKind(String reason) {
        int cut = reason.length();
        for (String stop : new String[] {" (", ":", ";"}) {
            int i = reason.indexOf(stop);
            if (i > 0 && i < cut) cut = i;
        }
        return reason.substring(0, cut);
    }

    public long requests() {
        return requests.sum();
    }

    /** A snapshot as plain maps and numbers, ready to be written as JSON. */
    public Map<String, Object> snapshot() {
        var tokens = new TreeMap<String, Object>();
        tokens.put("input", inputTokens.sum());
        tokens.put("output", outputTokens.sum());
        tokens.put("cache_read", cacheReadTokens.sum());
        tokens.put("cache_write_5m", cacheWrite5mTokens.sum());
        tokens.put("cache_write_1h", cacheWrite1hTokens.sum());
        var out = new java.util.LinkedHashMap<String, Object>();
        out.put("since", startedAt.toString());
        out.put("uptime_seconds", Duration.between(startedAt, Instant.now()).toSeconds());
        out.put("requests", requests.sum());
        out.put("errors", errors.sum());
        out.put("tokens", tokens);
        out.put("by_provider", sums(byProvider));
        out.put("by_model", sums(byModel));
        out.put("by_outcome", sums(byOutcome));
        out.put("by_route_reason", sums(byReason));
        out.put("fallbacks", fallbacks.sum());
        return out;
    }

    private static Map<String, Long> sums(Map<String, LongAdder> m) {
        var out = new TreeMap<String, Long>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
