package io.aismush.cli;

import tools.jackson.databind.JsonNode;

import java.io.PrintStream;

/** Prints the /stats and /sessions JSON as a short report: all time, one line per day, one line per session. */
final class StatsTable {
    private final PrintStream out;

    StatsTable(PrintStream out) {
        this.out = out;
    }

    void print(String source, JsonNode stats, JsonNode sessions) {
        out.println("aismush costs and savings (from " + source + ")");
        JsonNode t = stats.path("totals");
        if (t.isMissingNode()) {
            out.println("  no request history (database off or unavailable)");
            return;
        }
        out.printf("  all time: %d requests, cost %s, all-Claude baseline %s, saved %s (%.1f%%: routing %s, compression %s), cache hit %.1f%%%n",
                t.path("requests").asLong(), usd(t, "cost_usd"), usd(t, "baseline_usd"), usd(t, "savings_usd"),
                t.path("savings_pct").asDouble(), usd(t, "routing_savings_usd"), usd(t, "compression_savings_usd"),
                t.path("cache_hit_rate").asDouble() * 100);
        if (t.path("unpriced_requests").asLong() > 0) {
            out.printf("  %d request(s) used models the price table does not know: counted at $0%n", t.path("unpriced_requests").asLong());
        }
        out.println();
        out.printf("  %-10s %8s %12s %12s %12s %7s%n", "day (UTC)", "requests", "cost", "baseline", "saved", "saved%");
        for (var d : stats.path("days").properties()) {
            JsonNode v = d.getValue();
            out.printf("  %-10s %8d %12s %12s %12s %6.1f%%%n", d.getKey(), v.path("requests").asLong(), usd(v, "cost_usd"),
                    usd(v, "baseline_usd"), usd(v, "savings_usd"), v.path("savings_pct").asDouble());
        }
        out.println();
        out.printf("  %-36s %-24s %-20s %8s %12s %12s %7s%n", "session", "project", "last seen (UTC)", "requests", "cost", "baseline", "saved%");
        for (JsonNode s : sessions.path("sessions")) {
            double baseline = s.path("baseline_usd").asDouble();
            double saved = s.path("routing_savings_usd").asDouble() + s.path("compression_savings_usd").asDouble();
            out.printf("  %-36s %-24s %-20s %8d %12s %12s %6.1f%%%n", cut(s.path("id").asString(""), 36),
                    cut(s.path("project").asString("-"), 24), cut(s.path("last_seen").asString(""), 19).replace('T', ' '),
                    s.path("requests").asLong(), usd(s, "cost_usd"), usd(s, "baseline_usd"), baseline <= 0 ? 0 : saved / baseline * 100);
        }
    }

    private static String usd(JsonNode n, String field) {
        return String.format("$%.4f", n.path(field).asDouble());
    }

    private static String cut(String s, int max) {
        if (s == null) return "-";
        return s.length() <= max ? s : "…" + s.substring(s.length() - max + 1);
    }
}
