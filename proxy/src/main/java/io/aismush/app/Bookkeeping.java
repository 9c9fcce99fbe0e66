package io.aismush.app;

import io.aismush.config.Config;
import io.aismush.config.ConfigException;
import io.aismush.config.DataDir;
import io.aismush.http.AccountingApi;
import io.aismush.http.InstallToken;
import io.aismush.metering.Accounting;
import io.aismush.metering.BilledRecord;
import io.aismush.metering.CostTotals;
import io.aismush.metering.Meter;
import io.aismush.metering.Metrics;
import io.aismush.metering.PriceFiles;
import io.aismush.providers.Health;
import io.aismush.storage.Ledger;
import io.aismush.storage.Recorder;
import io.aismush.storage.RecordWriter;
import io.aismush.storage.StatsReport;
import io.aismush.storage.Store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The accounting side, wired: prices and the meter, the database (store, writer, ledger), the in-memory totals,
 * Prometheus metrics, the install token and the endpoints that show them. {@link #accounting} is the recorder sink
 * that feeds it all; {@link #close} closes the database after the recorder has drained into it.
 */
final class Bookkeeping implements AutoCloseable {
    private final Metrics metrics = new Metrics();
    private final CostTotals sinceStart = new CostTotals();
    private final Accounting accounting;
    private final Store store;
    private final RecordWriter writer;
    private final StatsReport report;
    private final AccountingApi api;

    Bookkeeping(Config config) {
        this(config, billed -> {});
    }

    /** With {@code live}, one more sink for every billed record (the dashboard's event stream). */
    Bookkeeping(Config config, Consumer<BilledRecord> live) {
        InstallToken token;
        try {
            DataDir.create(config.dataDir());
            token = InstallToken.load(config.dataDir());
        } catch (IOException e) {
            throw new ConfigException("cannot use the data folder " + config.dataDir() + ": " + e.getMessage());
        }
        store = config.storage().disabled() ? null : new Store(config.storage(), config.dataDir());
        Meter meter;
        try {
            meter = new Meter(PriceFiles.load(config.storage().pricesFile(), config.routing().providers()));
        } catch (RuntimeException e) {
            if (store != null) store.close();
            throw e;
        }
        var sinks = new ArrayList<Consumer<BilledRecord>>();
        sinks.add(sinceStart);
        sinks.add(metrics);
        sinks.add(live);
        if (store == null) {
            writer = null;
            report = new StatsReport(null, null, "none", meter, sinceStart);
            api = new AccountingApi(null, metrics, token, sinceStart::reset);
        } else {
            writer = RecordWriter.into(store);
            sinks.add(writer);
            var ledger = new Ledger(store);
            report = new StatsReport(ledger, writer, store.description(), meter, sinceStart);
            api = new AccountingApi(ledger, metrics, token, sinceStart::reset);
        }
        accounting = new Accounting(meter, sinks);
    }

    /**
     * Begins opening an existing database, in the background, once the server listens (opening SQLite and its pool
     * competed with the start for the CPU): the first request of a session waits for its memories. A new database
     * holds nothing anybody waits for; it opens on first use (the first record, just after the first answer), since
     * creating it (the migrations) is heavier still.
     */
    void openStore() {
        if (store != null && !store.creating()) store.tryOpen();
    }

    /** Adds the gauges that read the rest of the server at scrape time. */
    void watch(Recorder recorder, Health health, IntSupplier inFlight) {
        metrics.gauge("aismush_in_flight", "Requests being served", inFlight::getAsInt)
                .gauge("aismush_recorder_queue_depth", "Records waiting for the recorder", recorder::queued)
                .gauge("aismush_records_dropped_total", "Records dropped because the recorder queue was full", recorder::dropped)
                .gauge("aismush_records_pending", "Records waiting to be written to the database", () -> writer == null ? 0 : writer.pending())
                .gauge("aismush_records_lost_total", "Records that could not be stored (database unavailable too long)",
                        () -> writer == null ? 0 : writer.lost())
                .breakers(() -> {
                    var out = new LinkedHashMap<String, String>();
                    health.snapshot().forEach((p, v) -> out.put(p, String.valueOf(((Map<?, ?>) v).get("breaker"))));
                    return out;
                });
    }

    Accounting accounting() {
        return accounting;
    }

    AccountingApi api() {
        return api;
    }

    Map<String, Object> stats() {
        return report.snapshot();
    }

    /** The database writer, or null when history is off (tests and benchmarks read its counters). */
    RecordWriter writer() {
        return writer;
    }

    /** The database, or null when history is off (the memory store shares it). */
    Store store() {
        return store;
    }

    /** Call after the recorder has closed (and so drained into the writer). */
    @Override
    public void close() {
        if (store != null) store.close();
    }
}
