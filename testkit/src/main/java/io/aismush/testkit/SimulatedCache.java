package io.aismush.testkit;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Simulates a provider's prompt cache for a fake upstream, so usage figures behave like the real thing: the
 * prompt is the sequence tools → system → messages (the order caches key on), and the part that equals a prefix
 * the provider saw before is a cache read; the rest is fresh input (for Anthropic: written to the cache). Sizes in
 * tokens at 3.5 bytes a token. Not thread-safe: one conversation at a time.
 */
public final class SimulatedCache {
    /** How a provider bills what it did not read from its cache. */
    public enum Style {
        /** Anthropic: the new part is written to the 5-minute cache (billed ×1.25), a little stays plain input. */
        ANTHROPIC,
        /** DeepSeek: automatic caching; the new part is a cache miss, billed as input. */
        DEEPSEEK
    }

    private final Style style;
    private final List<List<String>> seen = new ArrayList<>();

    public SimulatedCache(Style style) {
        this.style = style;
    }

    /** The usage for one request body, learning its prefix for later requests. */
    public AnthropicSse.Tokens usage(JsonNode request, long outputTokens) {
        List<String> parts = parts(request);
        long total = 0;
        for (String p : parts) total += p.length();
        long hit = 0;
        for (List<String> before : seen) hit = Math.max(hit, commonPrefixBytes(before, parts));
        seen.add(parts);
        long totalTokens = Math.round(total / 3.5);
        long hitTokens = Math.round(hit / 3.5);
        if (hitTokens < 1024) hitTokens = 0; // below the minimum cacheable prefix nothing is cached
        long fresh = totalTokens - hitTokens;
        return switch (style) {
            case ANTHROPIC -> new AnthropicSse.Tokens(Math.min(fresh, 20), outputTokens, hitTokens, Math.max(0, fresh - 20), 0);
            case DEEPSEEK -> new AnthropicSse.Tokens(fresh, outputTokens, hitTokens, 0, 0);
        };
    }

    private static List<String> parts(JsonNode request) {
        var parts = new ArrayList<String>();
        parts.add(request.path("tools").toString());
        parts.add(request.path("system").toString());
        for (JsonNode m : request.path("messages")) parts.add(withoutCacheMarkers(m));
        return parts;
    }

    /** Cache markers move to the newest message every turn; they do not change the cached content. */
    private static String withoutCacheMarkers(JsonNode message) {
        return message.toString().replace(",\"cache_control\":{\"type\":\"ephemeral\"}", "");
    }

    private static long commonPrefixBytes(List<String> a, List<String> b) {
        long bytes = 0;
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) break;
            bytes += a.get(i).length();
        }
        return bytes;
    }
}
