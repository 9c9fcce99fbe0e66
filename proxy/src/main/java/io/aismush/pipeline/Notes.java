package io.aismush.pipeline;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the stages did to one request that its record should carry, filled in while the request travels the
 * pipeline and read by the http layer once {@link Pipeline#execute} has returned. One instance per client request,
 * shared by every copy of its {@link Exchange} (a rewritten exchange keeps its notes). Typed, not a bag of
 * attributes: a new kind of note is a new method here. Thread-safe.
 */
public final class Notes {
    private final Map<String, Reduction> reductions = new TreeMap<>();

    /** Adds a reduction; reductions of the same kind add up. */
    public synchronized void reduced(Reduction r) {
        reductions.merge(r.kind(), r, Reduction::plus);
    }

    /** The reductions so far, one per kind, in kind order. */
    public synchronized List<Reduction> reductions() {
        return List.copyOf(reductions.values());
    }

    /** Estimated tokens saved by every reduction whose kind is not {@code excludedKind} (pass null for all). */
    public synchronized long tokensSaved(String excludedKind) {
        long sum = 0;
        for (Reduction r : reductions.values()) if (!r.kind().equals(excludedKind)) sum += r.tokensSaved();
        return sum;
    }
}
