package io.aismush.compress;

import io.aismush.context.TokenEstimator;

import java.util.List;

/**
 * The token estimates of one changed result, before and after. Only the request's record needs them, so they are not
 * made before the request is sent: {@link #makeLater} makes a rewrite's new ones on a thread of its own (they were a
 * fifth of a first rewrite's cost), and whoever reads one first makes it if that thread has not yet. Holds the
 * result's bytes only until made. Thread-safe.
 */
final class Tokens {
    private static final int INLINE_BYTES = 32 * 1024;

    private final TokenEstimator estimator;
    private final int from;
    private final int to;
    private final boolean sampled;
    private byte[] source; // the text before, inside a request body; null once made
    private byte[] replacement;
    private long before;
    private long after;

    private Tokens(TokenEstimator estimator, byte[] source, int from, int to, boolean sampled, byte[] replacement) {
        this.estimator = estimator;
        this.source = source;
        this.from = from;
        this.to = to;
        this.sampled = sampled;
        this.replacement = replacement;
    }

    /**
     * Estimates of {@code source[from, to)} and of {@code replacement}, to be made later; a long text before may be
     * estimated from samples ({@code sampled}).
     */
    static Tokens of(TokenEstimator estimator, byte[] source, int from, int to, boolean sampled, byte[] replacement) {
        return new Tokens(estimator, source, from, to, sampled, replacement);
    }

    /** Known counts (an unchanged result: nothing to estimate). */
    static Tokens known(long before, long after) {
        var t = new Tokens(null, null, 0, 0, false, null);
        t.before = before;
        t.after = after;
        return t;
    }

    /**
     * Makes {@code pending} on a virtual thread of its own, the caller going on at once; a few kilobytes are made at
     * once instead (a thread costs more than they do: a turn's one new result).
     */
    static void makeLater(List<Tokens> pending) {
        long bytes = 0;
        for (Tokens t : pending) bytes += t.to - t.from + t.replacement.length;
        if (bytes < INLINE_BYTES) pending.forEach(Tokens::make);
        else Thread.ofVirtual().name("aismush-token-estimates").start(() -> pending.forEach(Tokens::make));
    }

    synchronized void make() {
        if (source == null) return;
        before = sampled ? estimator.estimateSampled(source, from, to) : estimator.estimate(source, from, to);
        after = estimator.estimate(replacement, 0, replacement.length);
        source = null;
        replacement = null;
    }

    synchronized long before() {
        make();
        return before;
    }

    synchronized long after() {
        make();
        return after;
    }
}
