package io.aismush.demo;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A provider's prompt cache, simulated so usage behaves like the real thing: the prompt is tools → system →
 * messages (the order caches key on); the longest prefix seen before is a cache read, the rest fresh input (for
 * Anthropic: written to the cache). 3.5 bytes a token; prefixes under 1024 tokens are not cached. Thread-safe.
 */
final class PromptCache {
    /** Usage in Anthropic's terms. */
    record Tokens(long input, long output, long cacheRead, long cacheWrite) {}

    private final boolean writesCache;
    private final List<List<String>> seen = new ArrayList<>();

    /** @param writesCache Anthropic-style (fresh prompt written to the cache) rather than DeepSeek-style (a miss) */
    PromptCache(boolean writesCache) {
        this.writesCache = writesCache;
    }

    synchronized Tokens usage(JsonNode request, long outputTokens) {
        List<String> parts = parts(request);
        long total = 0;
        for (String p : parts) total += p.length();
        long hit = 0;
        for (List<String> before : seen) hit = Math.max(hit, commonPrefix(before, parts));
        seen.add(parts);
        long totalTokens = Math.round(total / 3.5);
        long hitTokens = Math.round(hit / 3.5);
        if (hitTokens < 1024) hitTokens = 0;
        long fresh = totalTokens - hitTokens;
        return writesCache ? new Tokens(Math.min(fresh, 20), outputTokens, hitTokens, Math.max(0, fresh - 20))
                : new Tokens(fresh, outputTokens, hitTokens, 0);
    }

    private static List<String> parts(JsonNode request) {
        var parts = new ArrayList<String>();
        parts.add(request.path("tools").toString());
        parts.add(request.path("system").toString());
        for (JsonNode m : request.path("messages")) parts.add(m.toString().replace(",\"cache_control\":{\"type\":\"ephemeral\"}", ""));
        return parts;
    }

    private static long commonPrefix(List<String> a, List<String> b) {
        long bytes = 0;
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) break;
            bytes += a.get(i).length();
        }
        return bytes;
    }
}
