package io.aismush.config;

import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;

/**
 * Settings for routing and the providers beyond Anthropic.
 *
 * @param direct              Claude only: no routing, no fallback (also {@code aismush --direct})
 * @param deepseekBaseUrl     DeepSeek's Anthropic-compatible endpoint
 * @param deepseekModel       the DeepSeek model to ask for ({@code deepseek-flash}, or {@code deepseek-v4-pro})
 * @param deepseekMaxOutput   {@code max_tokens} cap for DeepSeek
 * @param cheapProvider       the provider for mechanical turns, or null for the default (DeepSeek when a key is
 *                            set, else the first configured OpenAI-compatible provider)
 * @param cheapWindowTokens   prompts estimated above this go to Claude
 * @param thinkingHeavyBudget thinking budgets from this size go to Claude
 * @param minDwellSteps       steps to stay on a provider within a tool loop before a soft decision may switch
 * @param providers           OpenAI-compatible providers
 * @param rules               the user's routing rules (JSON array), tried in order before the default policy
 */
public record RoutingSettings(boolean direct, URI deepseekBaseUrl, String deepseekModel, int deepseekMaxOutput,
                              String cheapProvider, long cheapWindowTokens, long thinkingHeavyBudget, int minDwellSteps,
                              List<ProviderSpec> providers, JsonNode rules) {

    public static final URI DEFAULT_DEEPSEEK_BASE_URL = URI.create("https://api.deepseek.com/anthropic");

    public static RoutingSettings defaults() {
        return new RoutingSettings(false, DEFAULT_DEEPSEEK_BASE_URL, "deepseek-flash", 32_768, null, 64_000, 16_000, 2,
                List.of(), null);
    }

    public RoutingSettings withDirect(boolean d) {
        return new RoutingSettings(d, deepseekBaseUrl, deepseekModel, deepseekMaxOutput, cheapProvider, cheapWindowTokens,
                thinkingHeavyBudget, minDwellSteps, providers, rules);
    }

    public RoutingSettings withDeepseekBaseUrl(URI url) {
        return new RoutingSettings(direct, url, deepseekModel, deepseekMaxOutput, cheapProvider, cheapWindowTokens,
                thinkingHeavyBudget, minDwellSteps, providers, rules);
    }

    public RoutingSettings withProviders(List<ProviderSpec> list) {
        return new RoutingSettings(direct, deepseekBaseUrl, deepseekModel, deepseekMaxOutput, cheapProvider, cheapWindowTokens,
                thinkingHeavyBudget, minDwellSteps, List.copyOf(list), rules);
    }

    public RoutingSettings withRules(JsonNode newRules) {
        return new RoutingSettings(direct, deepseekBaseUrl, deepseekModel, deepseekMaxOutput, cheapProvider, cheapWindowTokens,
                thinkingHeavyBudget, minDwellSteps, providers, newRules);
    }

    public RoutingSettings withCheap(String provider, long windowTokens, int dwell) {
        return new RoutingSettings(direct, deepseekBaseUrl, deepseekModel, deepseekMaxOutput, provider, windowTokens,
                thinkingHeavyBudget, dwell, providers, rules);
    }
}
