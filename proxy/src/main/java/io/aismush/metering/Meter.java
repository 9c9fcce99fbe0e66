package io.aismush.metering;

import io.aismush.wire.Usage;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prices request records. Definitions, per request ({@code u} = the served provider's usage, {@code k} = prompt
 * tokens the proxy removed):
 * <ul>
 * <li><b>cost</b> A = the served model's rates × u, each cache field at its own rate (input excludes cache).</li>
 * <li><b>compression savings</b> C = the served model's rates × k, the k tokens split like the prompt's own tokens
 *     (so tokens from a cached prefix count at the cache-read rate), unless the record carries its own figure.</li>
 * <li><b>baseline</b> B = the requested model's rates × the Claude-equivalent of (u + k). For a turn Claude served
 *     that is u + k itself (the same caching). For a turn served elsewhere the counts are multiplied by the serving
 *     family's {@code claude_token_ratio} (1.0 until calibrated), and the prompt is split as Claude's cache would
 *     have split it: the part up to the size of the session's previous prompt (if that was less than five minutes
 *     earlier) as cache reads, the rest as 5-minute cache writes (Claude Code marks its newest message for caching).
 *     Without a session id the provider's own cache hits stand in for Claude's.</li>
 * <li><b>routing savings</b> R = B − A − C: the price difference of the uncompressed turn between the requested
 *     model and where it went.</li>
 * </ul>
 * Not thread-safe in general use: the recorder calls it from its one thread; methods are synchronized anyway.
 */
public final class Meter {
    /** How long Claude keeps a 5-minute cache entry: the baseline assumes a hit within it. */
    public static final Duration CACHE_LIFETIME = Duration.ofMinutes(5);

    private record LastPrompt(double tokens, Instant at) {}

    private final PriceTable prices;
    private final Map<String, LastPrompt> sessions = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LastPrompt> eldest) {
            return size() > 10_000;
        }
    };

    public Meter(PriceTable prices) {
        this.prices = prices;
    }

    public PriceTable prices() {
        return prices;
    }

    public synchronized Bill bill(RequestRecord r) {
        Usage u = r.usage() == null ? Usage.ZERO : r.usage();
        if (r.provider() == null) return Bill.NOTHING;
        var served = prices.served(r.provider(), r.modelServed() != null ? r.modelServed() : r.modelRequested());
        boolean priced = served.isPresent() || !(r.provider().equals("anthropic") || r.provider().equals("deepseek"));
        Instant at = r.startedAt() == null ? Instant.now() : r.startedAt();
        double prompt = u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens();
        Rates servedRates = served.map(p -> p.ratesFor(prompt, at)).orElse(Rates.FREE);
        double cost = servedRates.cost(u.inputTokens(), u.outputTokens(), u.cacheReadTokens(), u.cacheWrite5mTokens(), u.cacheWrite1hTokens());
        long k = r.compressionTokensSaved();
        double compression = r.compressionSavingsUsd() > 0 ? r.compressionSavingsUsd() : k * blendedPromptRate(servedRates, u) / 1_000_000.0;

        boolean claudeServed = r.provider().equals("anthropic");
        double ratio = claudeServed ? 1.0 : served.map(ModelPrice::claudeTokenRatio).orElse(1.0);
        Usage claude = claudeServed ? u : claudeEquivalent(r.sessionId(), u, ratio, at);
        if (prompt > 0) remember(r.sessionId(), claude, at);
        var requested = prices.find(r.modelRequested());
        if (requested.isEmpty() && claudeServed) requested = served;
        if (requested.isEmpty()) return new Bill(cost, cost + compression, 0, compression, priced);
        double claudePrompt = claude.inputTokens() + claude.cacheReadTokens() + claude.cacheWriteTokens();
        Rates baseRates = requested.get().ratesFor(claudePrompt + k * ratio, at);
        double baseline = baseRates.cost(claude.inputTokens(), claude.outputTokens(), claude.cacheReadTokens(),
                claude.cacheWrite5mTokens(), claude.cacheWrite1hTokens()) + k * ratio * blendedPromptRate(baseRates, claude) / 1_000_000.0;
        return new Bill(cost, baseline, baseline - cost - compression, compression, priced);
    }

    /** What Claude's usage would have been for a turn another provider served (see the class comment). */
    private Usage claudeEquivalent(String sessionId, Usage u, double ratio, Instant at) {
        long prompt = Math.round(ratio * (u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens()));
        long output = Math.round(ratio * u.outputTokens());
        long read;
        LastPrompt last = sessionId == null ? null : sessions.get(sessionId);
        if (sessionId == null) {
            read = Math.min(prompt, Math.round(ratio * u.cacheReadTokens()));
        } else if (last != null && !at.isBefore(last.at) && Duration.between(last.at, at).compareTo(CACHE_LIFETIME) < 0) {
            read = Math.min(prompt, Math.round(last.tokens));
        } else {
            read = 0;
        }
        return new Usage(0, output, read, prompt - read, 0);
    }

    private void remember(String sessionId, Usage claude, Instant at) {
        if (sessionId != null) sessions.put(sessionId, new LastPrompt(claude.inputTokens() + claude.cacheReadTokens() + claude.cacheWriteTokens(), at));
    }

    /** The average rate per million of a prompt token in this request; the input rate when the prompt is empty. */
    private static double blendedPromptRate(Rates r, Usage u) {
        double prompt = u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens();
        if (prompt == 0) return r.input();
        return (u.inputTokens() * r.input() + u.cacheReadTokens() * r.cacheRead() + u.cacheWrite5mTokens() * r.cacheWrite5m()
                + u.cacheWrite1hTokens() * r.cacheWrite1h()) / prompt;
    }

    /** The assumptions behind the baseline, for /stats. */
    public Map<String, Object> assumptions() {
        var ratios = new LinkedHashMap<String, Double>();
        prices.families().forEach((name, p) -> {
            if (!p.isClaude()) ratios.put(name, p.claudeTokenRatio());
        });
        var out = new LinkedHashMap<String, Object>();
        out.put("baseline", "what the model the client asked for would have billed for the same turn, before compression");
        out.put("claude_token_ratio", ratios);
        out.put("cache_pattern", "turns served elsewhere: the prompt up to the size of the session's previous prompt (if under "
                + CACHE_LIFETIME.toMinutes() + " minutes old) is counted as Claude cache reads, the rest as 5-minute cache writes");
        out.put("compression", "tokens removed are priced like the prompt they were removed from (cache reads where it was cached)");
        out.put("prices", prices.source());
        return out;
    }
}
