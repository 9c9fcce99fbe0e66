package io.aismush.storage;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns a row of {@code requests} or {@code sessions} into the JSON shape of /history and /sessions. */
final class Rows {
    private Rows() {}

    private static final Set<String> TIMES = Set.of("started_at", "first_seen", "last_seen");
    private static final Set<String> BOOLEANS = Set.of("stream", "priced");
    private static final Set<String> MONEY_OR_MS = Set.of("cost_usd", "baseline_usd", "routing_savings_usd",
            "compression_savings_usd", "ttfb_ms", "total_ms");

    static Map<String, Object> toMap(ResultSet rs, ResultSetMetaData md) throws SQLException {
        var row = new LinkedHashMap<String, Object>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
            if (TIMES.contains(name)) {
                row.put(name, Instant.ofEpochMilli(rs.getLong(i)).toString());
            } else if (BOOLEANS.contains(name)) {
                row.put(name, rs.getBoolean(i));
            } else if (MONEY_OR_MS.contains(name)) {
                row.put(name, rs.getDouble(i));
            } else if (name.endsWith("_tokens") || name.endsWith("tokens_saved") || name.equals("status")
                    || name.equals("requests") || name.equals("errors")) {
                row.put(name, rs.getLong(i));
            } else {
                row.put(name, rs.getString(i));
            }
        }
        if (row.containsKey("baseline_usd")) {
            double saved = (double) row.get("routing_savings_usd") + (double) row.get("compression_savings_usd");
            row.put("savings_usd", saved);
        }
        return row;
    }
}
