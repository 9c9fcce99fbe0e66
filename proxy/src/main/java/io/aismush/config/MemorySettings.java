package io.aismush.config;

import java.time.Duration;

/**
 * Persistent memory: what is remembered between sessions and how much of it is injected.
 *
 * @param enabled      extract memories from completed turns and inject the relevant ones into new sessions
 * @param budgetTokens at most this many (estimated) tokens of memories are injected into a session
 * @param halfLife     how fast the weight of an observation decays; decisions, preferences and conventions decay
 *                     four times slower
 * @param expiry       low-importance observations not used for this long are deleted
 * @param summary      at the end of an idle session, ask the cheap provider for a short summary as memories
 * @param summaryIdle  how long a session must be idle before it is summarised
 */
public record MemorySettings(boolean enabled, int budgetTokens, Duration halfLife, Duration expiry, boolean summary,
                             Duration summaryIdle) {
    public static MemorySettings defaults() {
        return new MemorySettings(true, 600, Duration.ofDays(14), Duration.ofDays(30), false, Duration.ofMinutes(30));
    }

    public MemorySettings withEnabled(boolean on) {
        return new MemorySettings(on, budgetTokens, halfLife, expiry, summary, summaryIdle);
    }
}
