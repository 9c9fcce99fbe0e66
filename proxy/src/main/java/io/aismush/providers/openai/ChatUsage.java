package io.aismush.providers.openai;

import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Chat Completions {@code usage} object read the Anthropic way. Chat's {@code prompt_tokens} <em>includes</em> cached
 * tokens ({@code prompt_tokens_details.cached_tokens}, or DeepSeek's top-level {@code prompt_cache_hit_tokens});
 * Anthropic's {@code input_tokens} excludes them, so input = prompt − cached.
 *
 * @param inputTokens     prompt tokens not read from the cache
 * @param cacheReadTokens prompt tokens read from the cache
 * @param outputTokens    completion tokens (reasoning included)
 */
record ChatUsage(long inputTokens, long cacheReadTokens, long outputTokens) {

    static final ChatUsage NONE = new ChatUsage(0, 0, 0);

    /** Reads a Chat {@code usage} object; absent fields are zero. */
    static ChatUsage from(JsonNode usage) {
        if (usage == null || !usage.isObject()) return NONE;
        long prompt = usage.path("prompt_tokens").asLong(0);
        long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(usage.path("prompt_cache_hit_tokens").asLong(0));
        long input = usage.has("prompt_cache_miss_tokens") ? usage.path("prompt_cache_miss_tokens").asLong(0) : Math.max(0, prompt - cached);
        return new ChatUsage(input, cached, usage.path("completion_tokens").asLong(0));
    }

    /** The Anthropic {@code usage} object: the Chat API reports no cache writes, so they are zero. */
    ObjectNode toAnthropic() {
        return Json.MAPPER.createObjectNode()
                .put("input_tokens", inputTokens)
                .put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", cacheReadTokens)
                .put("output_tokens", outputTokens);
    }
}
