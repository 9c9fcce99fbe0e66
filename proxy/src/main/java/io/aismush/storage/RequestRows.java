package io.aismush.storage;

import io.aismush.metering.BilledRecord;
import io.aismush.metering.RequestRecord;
import io.aismush.wire.Usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeMap;

/**
 * Writes a batch of billed records: one row per request and one upsert per session (running totals), in the
 * caller's transaction. The same SQL runs on SQLite and PostgreSQL. Sessions are upserted in id order so that two
 * proxies writing to one PostgreSQL database never deadlock on each other's session rows.
 */
final class RequestRows {
    private RequestRows() {}

    private static final String INSERT_REQUEST = """
            INSERT INTO requests (id, started_at, day, session_id, project, client, endpoint, provider, model_requested,
              model_served, route_reason, fallback_from, stream, status, outcome, error_type, stop_reason, input_tokens,
              output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, ttfb_ms, total_ms, cost_usd,
              baseline_usd, routing_savings_usd, compression_tokens_saved, compression_savings_usd, priced)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String UPSERT_SESSION = """
            INSERT INTO sessions (id, project, first_seen, last_seen, requests, errors, input_tokens, output_tokens,
              cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cost_usd, baseline_usd, routing_savings_usd,
              compression_tokens_saved, compression_savings_usd)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
              project = COALESCE(sessions.project, excluded.project),
              first_seen = CASE WHEN excluded.first_seen < sessions.first_seen THEN excluded.first_seen ELSE sessions.first_seen END,
              last_seen = CASE WHEN excluded.last_seen > sessions.last_seen THEN excluded.last_seen ELSE sessions.last_seen END,
              requests = sessions.requests + excluded.requests,
              errors = sessions.errors + excluded.errors,
              input_tokens = sessions.input_tokens + excluded.input_tokens,
              output_tokens = sessions.output_tokens + excluded.output_tokens,
              cache_read_tokens = sessions.cache_read_tokens + excluded.cache_read_tokens,
              cache_write_5m_tokens = sessions.cache_write_5m_tokens + excluded.cache_write_5m_tokens,
              cache_write_1h_tokens = sessions.cache_write_1h_tokens + excluded.cache_write_1h_tokens,
              cost_usd = sessions.cost_usd + excluded.cost_usd,
              baseline_usd = sessions.baseline_usd + excluded.baseline_usd,
              routing_savings_usd = sessions.routing_savings_usd + excluded.routing_savings_usd,
              compression_tokens_saved = sessions.compression_tokens_saved + excluded.compression_tokens_saved,
              compression_savings_usd = sessions.compression_savings_usd + excluded.compression_savings_usd""";

    static void write(Connection c, List<BilledRecord> batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_REQUEST)) {
            for (BilledRecord b : batch) {
                bindRequest(ps, b);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        var sessions = new TreeMap<String, SessionSum>();
        for (BilledRecord b : batch) {
            if (b.record().sessionId() != null) sessions.computeIfAbsent(b.record().sessionId(), SessionSum::new).add(b);
        }
        if (sessions.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(UPSERT_SESSION)) {
            for (SessionSum s : sessions.values()) {
                s.bind(ps);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bindRequest(PreparedStatement ps, BilledRecord b) throws SQLException {
        RequestRecord r = b.record();
        Usage u = r.usage() == null ? Usage.ZERO : r.usage();
        Instant at = r.startedAt() == null ? Instant.now() : r.startedAt();
        int i = 1;
        ps.setString(i++, r.id());
        ps.setLong(i++, at.toEpochMilli());
        ps.setString(i++, day(at));
        text(ps, i++, r.sessionId(), 200);
        text(ps, i++, r.project(), 1000);
        text(ps, i++, r.client(), 200);
        ps.setString(i++, r.endpoint() == null ? "" : cut(r.endpoint(), 200));
        text(ps, i++, r.provider(), 100);
        text(ps, i++, r.modelRequested(), 200);
        text(ps, i++, r.modelServed(), 200);
        text(ps, i++, r.routeReason(), 500);
        text(ps, i++, r.fallbackFrom(), 100);
        ps.setBoolean(i++, r.stream());
        ps.setInt(i++, r.status());
        ps.setString(i++, r.outcome() == null ? "UNKNOWN" : r.outcome().name());
        text(ps, i++, r.errorType(), 100);
        text(ps, i++, r.stopReason(), 64);
        ps.setLong(i++, u.inputTokens());
        ps.setLong(i++, u.outputTokens());
        ps.setLong(i++, u.cacheReadTokens());
        ps.setLong(i++, u.cacheWrite5mTokens());
        ps.setLong(i++, u.cacheWrite1hTokens());
        ps.setDouble(i++, r.ttfbMillis());
        ps.setDouble(i++, r.totalMillis());
        ps.setDouble(i++, b.bill().costUsd());
        ps.setDouble(i++, b.bill().baselineUsd());
        ps.setDouble(i++, b.bill().routingSavingsUsd());
        ps.setLong(i++, r.compressionTokensSaved());
        ps.setDouble(i++, b.bill().compressionSavingsUsd());
        ps.setBoolean(i, b.bill().priced());
    }

    static String day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static void text(PreparedStatement ps, int i, String v, int max) throws SQLException {
        if (v == null) ps.setNull(i, Types.VARCHAR);
        else ps.setString(i, cut(v, max));
    }

    private static String cut(String v, int max) {
        return v.length() <= max ? v : v.substring(0, max);
    }

    /** One session's share of a batch. */
    private static final class SessionSum {
        final String id;
        String project;
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE, requests, errors, input, output, read, w5, w1h, compressionTokens;
        double cost, baseline, routing, compression;

        SessionSum(String id) {
            this.id = id;
        }

        void add(BilledRecord b) {
            RequestRecord r = b.record();
            Usage u = r.usage() == null ? Usage.ZERO : r.usage();
            long at = r.startedAt() == null ? System.currentTimeMillis() : r.startedAt().toEpochMilli();
            if (project == null) project = r.project();
            first = Math.min(first, at);
            last = Math.max(last, at);
            requests++;
            if (r.outcome() != RequestRecord.Outcome.COMPLETED) errors++;
            input += u.inputTokens();
            output += u.outputTokens();
            read += u.cacheReadTokens();
            w5 += u.cacheWrite5mTokens();
            w1h += u.cacheWrite1hTokens();
            compressionTokens += r.compressionTokensSaved();
            cost += b.bill().costUsd();
            baseline += b.bill().baselineUsd();
            routing += b.bill().routingSavingsUsd();
            compression += b.bill().compressionSavingsUsd();
        }

        void bind(PreparedStatement ps) throws SQLException {
            int i = 1;
            ps.setString(i++, cut(id, 200));
            text(ps, i++, project, 1000);
            for (long v : new long[] {first, last, requests, errors, input, output, read, w5, w1h}) ps.setLong(i++, v);
            for (double v : new double[] {cost, baseline, routing}) ps.setDouble(i++, v);
            ps.setLong(i++, compressionTokens);
            ps.setDouble(i, compression);
        }
    }
}
