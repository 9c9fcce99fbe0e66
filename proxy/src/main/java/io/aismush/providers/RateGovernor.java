package io.aismush.providers;

import io.aismush.wire.Headers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Paces requests to Anthropic by what Anthropic itself says is left: the {@code anthropic-ratelimit-requests-*}
 * and {@code -tokens-*} headers of each answer. While plenty remains, requests go at once; when the remaining
 * requests (or tokens) run out before the window resets, each new request waits for the reset (at most
 * {@code maxWait}), so a burst of sub-agents is spread out instead of meeting 429s. No headers, no pacing.
 * Thread-safe.
 */
public final class RateGovernor {
    private final Clock clock;
    private final Duration maxWait;
    private long requestsRemaining = Long.MAX_VALUE;
    private long tokensRemaining = Long.MAX_VALUE;
    private Instant resetAt = Instant.MIN;

    public RateGovernor(Clock clock, Duration maxWait) {
        this.clock = clock;
        this.maxWait = maxWait;
    }

    /** How long the next request should wait before it is sent; counts it against what remains. */
    public synchronized Duration reserve() {
        Instant now = clock.instant();
        if (!now.isBefore(resetAt)) {
            requestsRemaining = Long.MAX_VALUE;
            tokensRemaining = Long.MAX_VALUE;
            return Duration.ZERO;
        }
        if (requestsRemaining > 0 && tokensRemaining > 0) {
            requestsRemaining--;
            return Duration.ZERO;
        }
        Duration wait = Duration.between(now, resetAt);
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }

    /** Learns the limits from an answer's headers. */
    public synchronized void observe(Headers headers) {
        long requests = number(headers, "anthropic-ratelimit-requests-remaining");
        long tokens = Math.min(number(headers, "anthropic-ratelimit-tokens-remaining"), number(headers, "anthropic-ratelimit-input-tokens-remaining"));
        Instant reset = earliest(time(headers, "anthropic-ratelimit-requests-reset"), time(headers, "anthropic-ratelimit-tokens-reset"),
                time(headers, "anthropic-ratelimit-input-tokens-reset"));
        if (reset == null) return;
        resetAt = reset;
        if (requests != Long.MAX_VALUE) requestsRemaining = requests;
        if (tokens != Long.MAX_VALUE) tokensRemaining = tokens;
    }

    /** Waits as {@link #reserve()} says; interruptible (a client that leaves stops waiting). */
    public void pace() throws InterruptedException {
        Duration wait = reserve();
        if (!wait.isZero()) Thread.sleep(wait);
    }

    private static long number(Headers headers, String name) {
        try {
            return headers.first(name).map(v -> Long.parseLong(v.trim())).orElse(Long.MAX_VALUE);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static Instant time(Headers headers, String name) {
        try {
            return headers.first(name).map(v -> Instant.parse(v.trim())).orElse(null);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant earliest(Instant... times) {
        Instant best = null;
        for (Instant t : times) if (t != null && (best == null || t.isBefore(best))) best = t;
        return best;
    }
}
