package io.aismush.metering;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * The prices of one model family, with its optional tiers.
 *
 * @param family           the family name, e.g. {@code claude-opus-4-5}
 * @param provider         who sells it ({@code anthropic}, {@code deepseek}, or a configured provider's name)
 * @param standard         the usual rates
 * @param longContextAbove prompts above this many tokens are billed entirely at {@code longContext}; 0 for none
 * @param longContext      the long-context rates, or null
 * @param offPeak          cheaper rates in a daily UTC window, or null
 * @param contextWindow    the largest prompt it takes, in tokens (0 when unknown)
 * @param claudeTokenRatio Claude tokens per token of this model's tokenizer, for the all-Claude baseline
 */
public record ModelPrice(String family, String provider, Rates standard, long longContextAbove, Rates longContext,
                         OffPeak offPeak, long contextWindow, double claudeTokenRatio) {

    /** A daily window, in UTC, with its own rates; it may wrap past midnight (16:30 to 00:30). */
    public record OffPeak(LocalTime from, LocalTime to, Rates rates) {
        public boolean contains(Instant at) {
            LocalTime t = LocalTime.ofInstant(at, ZoneOffset.UTC);
            return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
        }
    }

    /** The rates that apply to a prompt of {@code promptTokens} sent at {@code at}. */
    public Rates ratesFor(double promptTokens, Instant at) {
        if (offPeak != null && at != null && offPeak.contains(at)) return offPeak.rates();
        if (longContext != null && longContextAbove > 0 && promptTokens > longContextAbove) return longContext;
        return standard;
    }

    public boolean isClaude() {
        return "anthropic".equals(provider);
    }
}
