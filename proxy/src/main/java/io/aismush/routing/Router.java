package io.aismush.routing;

import java.util.Locale;

/**
 * The routing policy: the user's rules first, then the default table. Claude for planning, error recovery, large
 * contexts, media and heavy thinking; the cheap provider for tool-loop steps, mid-session coding and background
 * requests. A pure function of the features and the config; stickiness is applied by {@link StickyRoutes}.
 */
public final class Router {
    private static final String CLAUDE = "anthropic";
    private final RoutingConfig config;

    public Router(RoutingConfig config) {
        this.config = config;
    }

    public RoutingConfig config() {
        return config;
    }

    public Decision decide(TurnFeatures f) {
        if (config.forceProvider() != null) return Decision.hard(config.forceProvider(), "forced (FORCE_PROVIDER=" + config.forceProvider() + ")");
        if (config.direct()) return Decision.hard(CLAUDE, "direct mode");
        for (RoutingRule rule : config.rules()) {
            if (rule.matches(f)) return new Decision(RoutingConfig.normalise(rule.provider()), rule.model(), rule.describe(), false);
        }
        String cheap = config.cheapProvider();
        if (cheap == null) return Decision.hard(CLAUDE, "no cheap provider configured");
        if (f.hasImagesOrDocuments()) return Decision.hard(CLAUDE, "images or documents");
        if (f.estimatedTokens() > config.cheapWindowTokens()) {
            return Decision.hard(CLAUDE, "large context (~" + f.estimatedTokens() / 1000 + "K tokens > " + config.cheapWindowTokens() / 1000 + "K)");
        }
        if (f.repeatedFailingCall()) return Decision.hard(CLAUDE, "error recovery: the same call failed repeatedly");
        if (f.recentErrors() >= 3) return Decision.hard(CLAUDE, "error recovery: " + f.recentErrors() + " errors in the last 6 messages");
        if (f.thinking() && f.thinkingBudget() >= config.thinkingHeavyBudget()) {
            return Decision.hard(CLAUDE, "thinking-heavy (budget " + f.thinkingBudget() + ")");
        }
        if (background(f)) return Decision.hard(cheap, "background request");
        if (f.sessionStart()) return Decision.hard(CLAUDE, "initial planning");
        if (!f.onlyToolResults() && !f.keywords().isEmpty()) {
            return Decision.hard(CLAUDE, "planning: " + String.join(", ", f.keywords().stream().sorted().toList()));
        }
        if (f.onlyToolResults()) return Decision.soft(cheap, "tool-loop step");
        return Decision.soft(cheap, "mid-session coding");
    }

    static boolean background(TurnFeatures f) {
        if (f.backgroundModel()) return true;
        String c = f.requestClass() == null ? "" : f.requestClass().toLowerCase(Locale.ROOT);
        return c.equals("auxiliary") || c.equals("compaction");
    }
}
