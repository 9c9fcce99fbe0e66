package io.aismush.storage;

import io.aismush.metering.CostTotals;
import io.aismush.metering.Meter;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accounting part of {@code /stats}: all-time, today's and the latest session's sums from the database, per
 * provider, per model and per day, the in-memory totals since start, the state of the writer, and the assumptions
 * behind the baseline. With no database ({@code database.url=none}) only the in-memory part is there.
 */
public final class StatsReport {
    private final Ledger ledger;
    private final RecordWriter writer;
    private final String database;
    private final Meter meter;
    private final CostTotals sinceStart;

    /** {@code ledger} and {@code writer} are null when the database is off. */
    /**
     * How long {@code /stats} waits for the database. A database that is down (a PostgreSQL server gone: the pool
     * waits five seconds for a connection) must not hold up the answer; past this wait the database part is left
     * out and {@code storage.query_error} says why, while the in-memory part and the writer's counters still show.
     */
    static final Duration QUERY_WAIT = Duration.ofSeconds(1);
    private static final ExecutorService QUERIES = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("aismush-stats-query").factory());

    public StatsReport(Ledger ledger, RecordWriter writer, String database, Meter meter, CostTotals sinceStart) {
        this.ledger = ledger;
        this.writer = writer;
        this.database = database;
        this.meter = meter;
        this.sinceStart = sinceStart;
    }

    public Map<String, Object> snapshot() {
        var out = new LinkedHashMap<String, Object>();
        out.put("records_pending", writer == null ? 0 : writer.pending());
        out.put("records_lost", writer == null ? 0 : writer.lost());
        var storage = new LinkedHashMap<String, Object>();
        storage.put("database", database);
        out.put("since_start", sinceStart.snapshot());
        if (ledger != null) {
            storage.put("written", writer.written());
            storage.put("last_error", writer.lastError());
            var queries = CompletableFuture.supplyAsync(this::fromDatabase, QUERIES);
            try {
                out.putAll(queries.get(QUERY_WAIT.toMillis(), TimeUnit.MILLISECONDS));
                storage.put("healthy", writer.lastError() == null);
            } catch (TimeoutException e) {
                storage.put("healthy", false);
                storage.put("query_error", "the database did not answer within " + QUERY_WAIT.toMillis() + " ms");
            } catch (ExecutionException e) {
                storage.put("healthy", false);
                storage.put("query_error", Failures.describe(e.getCause() instanceof UncheckedSql u ? u.getCause() : e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                storage.put("healthy", false);
            }
        }
        out.put("storage", storage);
        out.put("assumptions", meter.assumptions());
        return out;
    }

    /** The database part of the report. */
    private Map<String, Object> fromDatabase() {
        var out = new LinkedHashMap<String, Object>();
        try {
            out.put("totals", ledger.totals().toMap());
            out.put("today", ledger.day(LocalDate.now(ZoneOffset.UTC).toString()).toMap());
            out.put("session", latestSession());
            out.put("providers", maps(ledger.grouped(Ledger.Group.PROVIDER, 100)));
            out.put("models", maps(ledger.grouped(Ledger.Group.MODEL, 200)));
            out.put("days", maps(ledger.grouped(Ledger.Group.DAY, 30)));
        } catch (SQLException e) {
            throw new UncheckedSql(e);
        }
        return out;
    }

    private static final class UncheckedSql extends RuntimeException {
        UncheckedSql(SQLException cause) {
            super(cause);
        }
    }

    private Map<String, Object> latestSession() throws SQLException {
        List<Map<String, Object>> latest = ledger.sessions(1, null);
        if (latest.isEmpty()) return null;
        String id = (String) latest.getFirst().get("id");
        var out = new LinkedHashMap<String, Object>();
        out.put("id", id);
        out.put("project", latest.getFirst().get("project"));
        out.put("first_seen", latest.getFirst().get("first_seen"));
        out.put("last_seen", latest.getFirst().get("last_seen"));
        out.putAll(ledger.session(id).toMap());
        return out;
    }

    private static Map<String, Object> maps(Map<String, Totals> groups) {
        var out = new LinkedHashMap<String, Object>();
        groups.forEach((k, v) -> out.put(k, v.toMap()));
        return out;
    }
}
