package io.aismush.compress;

import io.aismush.context.TokenEstimator;

import java.util.Arrays;

/**
 * The token estimates of one changed result, before and after. Only the request's record needs them, and it is made
 * after the answer: so they are made when first asked for, not on the way to the first byte (they were a fifth of a
 * first rewrite's cost). Holds a copy of the text before until then, never the request body (released once sent).
 * Thread-safe.
 */
final class Tokens {
    private final TokenEstimator estimator;
    private final boolean sampled;
    private byte[] before; // the text before; null once made
    private byte[] after;
    private long beforeCount;
    private long afterCount;

    private Tokens(TokenEstimator estimator, byte[] before, boolean sampled, byte[] after) {
        this.estimator = estimator;
        this.before = before;
        this.sampled = sampled;
        this.after = after;
    }

    /**
     * Estimates of {@code source[from, to)} and of {@code replacement}, made when asked for; a long text before may be
     * estimated from samples ({@code sampled}).
     */
    static Tokens of(TokenEstimator estimator, byte[] source, int from, int to, boolean sampled, byte[] replacement) {
        return new Tokens(estimator, Arrays.copyOfRange(source, from, to), sampled, replacement);
    }

    /** Known counts (an unchanged result: nothing to estimate). */
    static Tokens known(long before, long after) {
        var t = new Tokens(null, null, false, null);
        t.beforeCount = before;
        t.afterCount = after;
        return t;
    }

    private synchronized void make() {
        if (before == null) return;
        beforeCount = sampled ? estimator.estimateSampled(before, 0, before.length) : estimator.estimate(before, 0, before.length);
        afterCount = estimator.estimate(after, 0, after.length);
        before = null;
        after = null;
    }

    /** Bytes held until the estimates are made (a copy of the text before), for the memo's bound. */
    synchronized long held() {
        return before == null ? 0 : before.length;
    }

    synchronized long before() {
        make();
        return beforeCount;
    }

    synchronized long after() {
        make();
        return afterCount;
    }
}
