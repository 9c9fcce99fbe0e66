package io.aismush.routing;

import java.util.List;

/**
 * How turns are routed.
 *
 * @param direct              Claude only: no routing, no fallback, no key needed
 * @param forceProvider       every turn to this provider (normalised name), or null
 * @param cheapProvider       the provider for mechanical turns (normalised name), or null when none is configured
 * @param cheapWindowTokens   above this estimated prompt size a turn goes to Claude
 * @param thinkingHeavyBudget a thinking budget at least this large sends the turn to Claude
 * @param minDwellSteps       within a tool loop, steps to stay on a provider after switching before a soft
 *                            decision may switch again
 * @param rules               the user's rules, tried before the default policy
 */
public record RoutingConfig(boolean direct, String forceProvider, String cheapProvider, long cheapWindowTokens,
                            long thinkingHeavyBudget, int minDwellSteps, List<RoutingRule> rules) {

    public static final long DEFAULT_CHEAP_WINDOW = 64_000;

    public static RoutingConfig directMode() {
        return new RoutingConfig(true, null, null, DEFAULT_CHEAP_WINDOW, 16_000, 2, List.of());
    }

    /** Claude's provider name; users may write {@code claude} or {@code anthropic}. */
    public static String normalise(String provider) {
        if (provider == null) return null;
        String p = provider.trim().toLowerCase(java.util.Locale.ROOT);
        return p.equals("claude") ? "anthropic" : p;
    }
}
