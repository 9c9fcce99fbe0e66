package io.aismush.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What the stages did to one request that its record should carry, filled in while the request travels the
 * pipeline and read by the http layer once {@link Pipeline#execute} has returned. One instance per client request,
 * shared by every copy of its {@link Exchange} (a rewritten exchange keeps its notes). Typed, not a bag of
 * attributes: a new kind of note is a new method here. Thread-safe.
 */
public final class Notes {
    private final Map<String, Reduction> reductions = new TreeMap<>();
    private final List<Supplier<? extends Collection<Reduction>>> later = new ArrayList<>();

    /** Adds a reduction; reductions of the same kind add up. */
    public synchronized void reduced(Reduction r) {
        reductions.merge(r.kind(), r, Reduction::plus);
    }

    /**
     * Adds reductions whose counts are made when first asked for (token estimates the request need not wait for);
     * they are asked for when the notes are read, once the answer is over.
     */
    public synchronized void reducedLater(Supplier<? extends Collection<Reduction>> counted) {
        later.add(counted);
    }

    /** The reductions so far, one per kind, in kind order. */
    public synchronized List<Reduction> reductions() {
        settle();
        return List.copyOf(reductions.values());
    }

    private void settle() {
        for (var counted : later) counted.get().forEach(this::reduced);
        later.clear();
    }
}
