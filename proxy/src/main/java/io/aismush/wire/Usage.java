package io.aismush.wire;

import tools.jackson.databind.JsonNode;

/**
 * Token usage as Anthropic reports it. {@code inputTokens} excludes cached tokens; the prompt's total is
 * {@code inputTokens + cacheCreation + cacheRead}. Cache writes are split by lifetime when the upstream says so;
 * otherwise all of {@code cache_creation_input_tokens} counts as 5-minute writes.
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWrite5mTokens,
                    long cacheWrite1hTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    public long cacheWriteTokens() {
        return cacheWrite5mTokens + cacheWrite1hTokens;
    }

    /** Reads a {@code usage} object; absent fields are zero. */
    public static Usage from(JsonNode usage) {
        if (usage == null || !usage.isObject()) return ZERO;
        long creation = usage.path("cache_creation_input_tokens").asLong(0);
        JsonNode split = usage.path("cache_creation");
        long w5m = creation;
        long w1h = 0;
        if (split.isObject()) {
            w1h = split.path("ephemeral_1h_input_tokens").asLong(0);
            w5m = split.path("ephemeral_5m_input_tokens").asLong(Math.max(0, creation - w1h));
        }
        return new Usage(usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0),
                usage.path("cache_read_input_tokens").asLong(0), w5m, w1h);
    }

    /**
     * Merges a later report into this one. {@code message_delta} usage is cumulative, and a field it omits keeps
     * the value {@code message_start} gave.
     */
    public Usage updatedBy(JsonNode later) {
        if (later == null || !later.isObject()) return this;
        Usage u = from(later);
        return new Usage(
                later.has("input_tokens") ? u.inputTokens : inputTokens,
                later.has("output_tokens") ? u.outputTokens : outputTokens,
                later.has("cache_read_input_tokens") ? u.cacheReadTokens : cacheReadTokens,
                later.has("cache_creation_input_tokens") || later.has("cache_creation") ? u.cacheWrite5mTokens : cacheWrite5mTokens,
                later.has("cache_creation_input_tokens") || later.has("cache_creation") ? u.cacheWrite1hTokens : cacheWrite1hTokens);
    }
}
