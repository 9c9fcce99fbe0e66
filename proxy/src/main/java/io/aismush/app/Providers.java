package io.aismush.app;

import io.aismush.config.Config;
import io.aismush.config.ConfigException;
import io.aismush.config.ProviderSpec;
import io.aismush.metering.PriceTable;
import io.aismush.providers.Provider;
import io.aismush.providers.RateGovernor;
import io.aismush.providers.Upstream;
import io.aismush.providers.anthropic.AnthropicProvider;
import io.aismush.providers.anthropic.CompatibleProvider;
import io.aismush.providers.anthropic.Quirks;
import io.aismush.providers.openai.OpenAiProvider;
import io.aismush.providers.openai.OpenAiProviderConfig;
import io.aismush.routing.RoutingConfig;
import io.aismush.routing.RoutingRules;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the configured providers and the routing config that refers to them. */
final class Providers {
    private Providers() {}

    static Map<String, Provider> build(Config config, Upstream upstream) {
        var providers = new LinkedHashMap<String, Provider>();
        upstream.willSendTo(config.anthropicBaseUrl());
        providers.put("anthropic", new AnthropicProvider(config.anthropicBaseUrl(), upstream,
                new RateGovernor(Clock.systemUTC(), Duration.ofSeconds(10))));
        var r = config.routing();
        if (config.deepseekApiKey() != null && !r.direct()) {
            upstream.willSendTo(r.deepseekBaseUrl());
            providers.put("deepseek", new CompatibleProvider("deepseek", r.deepseekBaseUrl(), config.deepseekApiKey(), r.deepseekModel(),
                    Quirks.deepSeek(r.deepseekMaxOutput(), 1_000_000), upstream));
        }
        if (!r.direct()) {
            for (ProviderSpec p : r.providers()) {
                upstream.willSendTo(p.baseUrl());
                providers.put(p.name(), new OpenAiProvider(new OpenAiProviderConfig(p.name(), p.baseUrl(), p.apiKey(), p.model(),
                        (int) Math.min(Integer.MAX_VALUE, p.contextWindow()), p.maxOutputTokens()), upstream));
            }
        }
        return providers;
    }

    /**
     * The models an OpenAI-format client may name: Claude's current families (from the price table, so the list
     * follows the user's own prices file), then the cheap providers' models.
     */
    static List<String> chatModels(Config config, PriceTable prices) {
        var models = new ArrayList<String>();
        prices.families().keySet().stream()
                .filter(m -> m.startsWith("claude-")).sorted(Comparator.reverseOrder()).forEach(models::add);
        if (config.deepseekApiKey() != null) models.add(config.routing().deepseekModel());
        for (ProviderSpec p : config.routing().providers()) models.add(p.model());
        return models;
    }

    /**
     * @throws ConfigException when the forced or cheap provider, or a rule's provider, is not configured
     */
    static RoutingConfig routingConfig(Config config, Set<String> providers) {
        var r = config.routing();
        String force = RoutingConfig.normalise(config.forceProvider());
        if (force != null && !providers.contains(force)) {
            throw new ConfigException("FORCE_PROVIDER=" + config.forceProvider() + " names no configured provider; configured: " + providers
                    + (force.equals("deepseek") ? " (DeepSeek needs DEEPSEEK_API_KEY)" : ""));
        }
        String cheap = RoutingConfig.normalise(r.cheapProvider());
        if (cheap != null && !providers.contains(cheap)) throw new ConfigException("cheapProvider=" + cheap + " is not configured; configured: " + providers);
        if (cheap == null) cheap = providers.stream().filter(p -> !p.equals("anthropic")).findFirst().orElse(null);
        try {
            return new RoutingConfig(r.direct(), force, r.direct() ? null : cheap, r.cheapWindowTokens(), r.thinkingHeavyBudget(),
                    r.minDwellSteps(), RoutingRules.parse(r.rules(), providers));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}
