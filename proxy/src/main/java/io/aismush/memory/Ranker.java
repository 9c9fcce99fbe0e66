package io.aismush.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders memories for a new session: relevance to its first prompt (full-text score, scaled to the best match),
 * importance, recency (exponential decay with a half-life; durable kinds decay four times slower) and how often
 * earlier sessions received it. A pure function of its inputs and {@code now}.
 */
public final class Ranker {
    static final double RELEVANCE = 0.45, IMPORTANCE = 0.25, RECENCY = 0.20, ACCESS = 0.10;

    private final Duration halfLife;

    public Ranker(Duration halfLife) {
        this.halfLife = halfLife;
    }

    /** A memory and its score. */
    public record Ranked(Memory memory, double score) {}

    public List<Ranked> rank(List<MemoryStore.Found> found, Instant now) {
        double best = 0;
        for (MemoryStore.Found f : found) best = Math.max(best, f.relevance());
        var out = new ArrayList<Ranked>(found.size());
        for (MemoryStore.Found f : found) {
            double relevance = best > 0 ? f.relevance() / best : 0;
            out.add(new Ranked(f.memory(), score(f.memory(), relevance, now)));
        }
        out.sort(Comparator.comparingDouble(Ranked::score).reversed().thenComparing(r -> -r.memory().id()));
        return out;
    }

    double score(Memory m, double relevance, Instant now) {
        return RELEVANCE * relevance + IMPORTANCE * m.importance() + RECENCY * recency(m, now)
                + ACCESS * Math.min(1, Math.log1p(m.accessCount()) / Math.log1p(20));
    }

    /** 1 when just used, 0.5 after one half-life (four for durable kinds), towards 0 after. */
    double recency(Memory m, Instant now) {
        double ageDays = Math.max(0, Duration.between(m.lastUsed(), now).toMillis() / 86_400_000.0);
        double half = halfLife.toMillis() / 86_400_000.0 * (m.kind().durable() ? 4 : 1);
        return Math.pow(0.5, ageDays / half);
    }
}
