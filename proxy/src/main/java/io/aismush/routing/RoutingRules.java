package io.aismush.routing;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads routing rules from config: a JSON array of {@code {"when": {...}, "provider": "...", "model": "...",
 * "reason": "..."}}. Conditions: {@code toolLoop}, {@code minTokens}, {@code maxTokens}, {@code keywords} (any of),
 * {@code model} (the requested model contains this), {@code requestClass}, {@code thinking}, {@code minErrors},
 * {@code media}, {@code sessionStart}.
 */
public final class RoutingRules {
    private RoutingRules() {}

    private static final Set<String> CONDITIONS = Set.of("toolLoop", "minTokens", "maxTokens", "keywords", "model",
            "requestClass", "thinking", "minErrors", "media", "sessionStart");

    /**
     * @throws IllegalArgumentException naming the rule and what is wrong with it
     */
    public static List<RoutingRule> parse(JsonNode rules, Set<String> providers) {
        if (rules == null) return List.of();
        var out = new ArrayList<RoutingRule>();
        int i = 0;
        for (JsonNode r : rules) {
            String where = "routing rule " + (++i);
            String provider = RoutingConfig.normalise(r.path("provider").asString(null));
            if (provider == null || !providers.contains(provider)) {
                throw new IllegalArgumentException(where + ": provider must be one of " + providers + ", not " + r.path("provider"));
            }
            JsonNode w = r.path("when");
            for (var name : w.propertyNames()) {
                if (!CONDITIONS.contains(name)) throw new IllegalArgumentException(where + ": unknown condition '" + name + "'; known: " + CONDITIONS);
            }
            List<String> keywords = null;
            if (w.has("keywords")) {
                keywords = new ArrayList<>();
                for (JsonNode k : w.path("keywords")) keywords.add(k.asString());
            }
            out.add(new RoutingRule(provider, r.path("model").asString(null), r.path("reason").asString(null),
                    bool(w, "toolLoop"), num(w, "minTokens"), num(w, "maxTokens"), keywords, w.path("model").asString(null),
                    w.path("requestClass").asString(null), bool(w, "thinking"),
                    w.has("minErrors") ? w.path("minErrors").asInt() : null, bool(w, "media"), bool(w, "sessionStart")));
        }
        return List.copyOf(out);
    }

    private static Boolean bool(JsonNode w, String name) {
        return w.has(name) ? w.path(name).asBoolean() : null;
    }

    private static Long num(JsonNode w, String name) {
        return w.has(name) ? w.path(name).asLong() : null;
    }
}
