package io.aismush.routing;

import java.util.List;
import java.util.Locale;

/**
 * A user's routing rule from config: when every given condition holds, the turn goes to {@code provider}.
 * Rules are tried in order; the first match wins. Absent conditions (null) always hold.
 *
 * @param provider  {@code claude} (or {@code anthropic}), {@code deepseek}, or a configured provider's name
 * @param model     the model to ask that provider for, or null for its default
 * @param reason    the reason recorded for matching turns (a default is made from the rule otherwise)
 */
public record RoutingRule(String provider, String model, String reason, Boolean toolLoop, Long minTokens,
                          Long maxTokens, List<String> keywords, String modelContains, String requestClass,
                          Boolean thinking, Integer minErrors, Boolean media, Boolean sessionStart) {

    public boolean matches(TurnFeatures f) {
        return (toolLoop == null || toolLoop == f.onlyToolResults())
                && (minTokens == null || f.estimatedTokens() >= minTokens)
                && (maxTokens == null || f.estimatedTokens() <= maxTokens)
                && (keywords == null || keywords.stream().anyMatch(k -> f.keywords().contains(k.toLowerCase(Locale.ROOT))))
                && (modelContains == null || (f.modelRequested() != null
                    && f.modelRequested().toLowerCase(Locale.ROOT).contains(modelContains.toLowerCase(Locale.ROOT))))
                && (requestClass == null || requestClass.equalsIgnoreCase(f.requestClass()))
                && (thinking == null || thinking == f.thinking())
                && (minErrors == null || f.recentErrors() >= minErrors)
                && (media == null || media == f.hasImagesOrDocuments())
                && (sessionStart == null || sessionStart == f.sessionStart());
    }

    public String describe() {
        return reason != null ? reason : "config rule → " + provider;
    }
}
