package io.aismush.storage;

import io.aismush.metering.Percent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sums over a set of requests, as /stats shows them. */
public record Totals(long requests, long errors, long input, long output, long cacheRead, long cacheWrite5m, long cacheWrite1h,
                     double costUsd, double baselineUsd, double routingSavingsUsd, long compressionTokensSaved,
                     double compressionSavingsUsd, long unpriced) {

    /** The aggregate columns {@link #read} expects, in order. */
    static final String COLUMNS = """
            COUNT(*), COALESCE(SUM(CASE WHEN outcome <> 'COMPLETED' THEN 1 ELSE 0 END), 0), COALESCE(SUM(input_tokens), 0),
            COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cache_read_tokens), 0), COALESCE(SUM(cache_write_5m_tokens), 0),
            COALESCE(SUM(cache_write_1h_tokens), 0), COALESCE(SUM(cost_usd), 0), COALESCE(SUM(baseline_usd), 0),
            COALESCE(SUM(routing_savings_usd), 0), COALESCE(SUM(compression_tokens_saved), 0),
            COALESCE(SUM(compression_savings_usd), 0), COALESCE(SUM(CASE WHEN priced THEN 0 ELSE 1 END), 0)""";

    static Totals read(ResultSet rs, int first) throws SQLException {
        int i = first;
        return new Totals(rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++),
                rs.getLong(i++), rs.getDouble(i++), rs.getDouble(i++), rs.getDouble(i++), rs.getLong(i++), rs.getDouble(i++),
                rs.getLong(i));
    }

    public double savingsUsd() {
        return routingSavingsUsd + compressionSavingsUsd;
    }

    /** Cache reads as a share of all prompt tokens (input + cache reads + cache writes), 0–1. */
    public double cacheHitRate() {
        long prompt = input + cacheRead + cacheWrite5m + cacheWrite1h;
        return prompt == 0 ? 0 : (double) cacheRead / prompt;
    }

    public Map<String, Object> toMap() {
        var tokens = new LinkedHashMap<String, Object>();
        tokens.put("input", input);
        tokens.put("output", output);
        tokens.put("cache_read", cacheRead);
        tokens.put("cache_write_5m", cacheWrite5m);
        tokens.put("cache_write_1h", cacheWrite1h);
        var out = new LinkedHashMap<String, Object>();
        out.put("requests", requests);
        out.put("errors", errors);
        out.put("tokens", tokens);
        out.put("cost_usd", costUsd);
        out.put("baseline_usd", baselineUsd);
        out.put("savings_usd", savingsUsd());
        out.put("routing_savings_usd", routingSavingsUsd);
        out.put("compression_savings_usd", compressionSavingsUsd);
        out.put("compression_tokens_saved", compressionTokensSaved);
        out.put("savings_pct", Percent.of(savingsUsd(), baselineUsd));
        out.put("cache_hit_rate", Math.round(cacheHitRate() * 10_000) / 10_000.0);
        out.put("unpriced_requests", unpriced);
        return out;
    }
}
