package io.aismush.demo;

import tools.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Locale;

/** Prints the demo's savings report; every total comes from the proxy's {@code /stats}. */
final class Report {
    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    /** The provider a served model belongs to, as the report names it. */
    static String provider(String servedModel) {
        return servedModel != null && servedModel.startsWith("deepseek") ? "deepseek" : "anthropic";
    }

    void print(Demo.Result r) {
        JsonNode s = r.stats();
        out.println();
        out.println("Where each request went");
        var line = new StringBuilder();
        for (Session.Turn t : r.turns()) {
            String cell = String.format(Locale.ROOT, "%-3s %-18s %-9s", t.step() < 0 ? "–" : String.valueOf(t.step() + 1), t.label(), provider(t.servedModel()));
            if (line.length() > 70) {
                out.println("  " + line.toString().stripTrailing());
                line.setLength(0);
            }
            line.append(cell).append("  ");
        }
        if (!line.isEmpty()) out.println("  " + line.toString().stripTrailing());
        out.println();
        out.println("Savings report (the proxy's own totals, GET /stats)");
        out.printf(Locale.ROOT, "  requests     %d  (%s)%n", s.path("requests").asLong(), counts(s.path("by_provider")));
        out.printf(Locale.ROOT, "  why          %s%n", counts(s.path("by_route_reason")));
        JsonNode t = s.path("tokens");
        out.printf(Locale.ROOT, "  tokens       input %,d · output %,d · cache read %,d · cache write %,d%n", t.path("input").asLong(),
                t.path("output").asLong(), t.path("cache_read").asLong(), t.path("cache_write_5m").asLong() + t.path("cache_write_1h").asLong());
        Savings money = Savings.of(s);
        if (money.priced()) {
            out.printf(Locale.ROOT, "  cost         $%.4f with aismush%n", money.costUsd());
            out.printf(Locale.ROOT, "  all-Claude   $%.4f (the same session on Claude alone)%n", money.baselineUsd());
            out.printf(Locale.ROOT, "  saved        $%.4f (%.0f %%)%n", money.savingsUsd(), money.percent());
        } else {
            out.println("  cost         (this build of aismush reports no costs)");
        }
    }

    /** "anthropic 8, deepseek 25" from {"anthropic":8,"deepseek":25}. */
    private static String counts(JsonNode map) {
        var parts = new ArrayList<String>();
        for (var e : map.properties()) parts.add(e.getKey() + " " + e.getValue().asLong());
        return parts.isEmpty() ? "–" : String.join(", ", parts);
    }
}
