package io.aismush.demo;

import tools.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * What a proxy's {@code GET /stats} says about requests and money: since the proxy started (its {@code since_start}
 * costs, or top-level ones). Costs are NaN when the proxy reports none (accounting off or an older build).
 *
 * @param requests requests served
 * @param costUsd  what they cost where they went
 * @param baselineUsd what they would have cost with Claude alone (and nothing compressed)
 * @param savingsUsd  baseline − cost
 */
public record Savings(long requests, double costUsd, double baselineUsd, double savingsUsd) {

    public static Savings of(JsonNode stats) {
        JsonNode money = stats.path("since_start").isObject() ? stats.path("since_start") : stats;
        return new Savings(stats.path("requests").asLong(0), number(money, "cost_usd"), number(money, "baseline_usd"),
                number(money, "savings_usd"));
    }

    /** The difference from an earlier reading: what happened in between. */
    public Savings minus(Savings before) {
        return new Savings(requests - before.requests, costUsd - before.costUsd, baselineUsd - before.baselineUsd,
                savingsUsd - before.savingsUsd);
    }

    public boolean priced() {
        return !Double.isNaN(costUsd) && !Double.isNaN(baselineUsd);
    }

    public double percent() {
        return baselineUsd <= 0 ? 0 : 100 * savingsUsd / baselineUsd;
    }

    /** "cost $0.1428 · all-Claude baseline $0.2405 · saved $0.0977 (41 %)". */
    public String describe() {
        if (!priced()) return requests + " request(s); this aismush reports no costs";
        return String.format(Locale.ROOT, "cost $%.4f · all-Claude baseline $%.4f · saved $%.4f (%.0f %%)", costUsd, baselineUsd,
                savingsUsd, percent());
    }

    private static double number(JsonNode node, String field) {
        return node.path(field).isNumber() ? node.path(field).asDouble() : Double.NaN;
    }
}
