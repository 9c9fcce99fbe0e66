package io.aismush.storage;

import io.aismush.config.StorageSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The storage rules, run against every database aismush supports (SQLite here, PostgreSQL when one is given). */
abstract class StorageContract {
    protected Store store;
    protected Ledger ledger;
    protected Path dataDir;

    /** The settings of a fresh, empty database. */
    abstract StorageSettings freshDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        dataDir = Files.createTempDirectory("aismush-storage");
        store = new Store(freshDatabase(), dataDir);
        ledger = new Ledger(store);
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private void write(List<io.aismush.metering.BilledRecord> batch) throws Exception {
        store.inTransaction(c -> {
            RequestRows.write(c, batch);
            return null;
        });
    }

    @Test
    void batchesAddUpPerSessionProviderModelAndDay() throws Exception {
        write(List.of(Records.billed("r1", T0, "s1", "anthropic", "claude-opus-5-5", 100, 0.25, 0.25),
                Records.billed("r2", T0.plusSeconds(5), "s1", "deepseek", "deepseek-flash", 200, 0.01, 0.30)));
        write(List.of(Records.billed("r3", T0.plusSeconds(86_400), "s2", "deepseek", "deepseek-flash", 300, 0.02, 0.40)));

        Totals all = ledger.totals();
        assertThat(all.requests()).isEqualTo(3);
        assertThat(all.output()).isEqualTo(600);
        assertThat(all.costUsd()).isCloseTo(0.28, within(1e-12));
        assertThat(all.baselineUsd()).isCloseTo(0.95, within(1e-12));
        assertThat(all.cacheHitRate()).isCloseTo(3000.0 / (3 * 1110), within(1e-12));
        assertThat(ledger.session("s1").requests()).isEqualTo(2);
        assertThat(ledger.grouped(Ledger.Group.PROVIDER, 10)).containsOnlyKeys("anthropic", "deepseek");
        assertThat(ledger.grouped(Ledger.Group.MODEL, 10).get("deepseek-flash").requests()).isEqualTo(2);
        assertThat(ledger.grouped(Ledger.Group.DAY, 10)).containsOnlyKeys("2026-11-21", "2026-11-20");
        assertThat(ledger.grouped(Ledger.Group.DAY, 10).keySet().iterator().next()).as("newest day first").isEqualTo("2026-11-21");
    }

    @Test
    void sessionsKeepRunningTotalsFirstAndLastSeenAndProject() throws Exception {
        write(List.of(Records.billed("a", T0.plusSeconds(60), "s1", "anthropic", "claude-opus-5-5", 1, 0.5, 0.5)));
        write(List.of(Records.billed("b", T0, "s1", "anthropic", "claude-opus-5-5", 1, 0.25, 1.0),
                Records.billed("c", T0.plusSeconds(120), "s1", "anthropic", "claude-opus-5-5", 1, 0.25, 1.0)));
        List<Map<String, Object>> sessions = ledger.sessions(10, null);
        assertThat(sessions).hasSize(1);
        Map<String, Object> s = sessions.getFirst();
        assertThat(s.get("requests")).isEqualTo(3L);
        assertThat((double) s.get("cost_usd")).isCloseTo(1.0, within(1e-12));
        assertThat((double) s.get("baseline_usd")).isCloseTo(2.5, within(1e-12));
        assertThat(s.get("first_seen")).isEqualTo(T0.toString());
        assertThat(s.get("last_seen")).isEqualTo(T0.plusSeconds(120).toString());
        assertThat(s.get("project")).isEqualTo("/home/dev/s1");
    }

    @Test
    void historyPagesNewestFirstByRequestIdOrTimeAndFiltersBySession() throws Exception {
        for (int i = 0; i < 7; i++) {
            write(List.of(Records.billed("id" + i, T0.plusSeconds(i / 2), i % 2 == 0 ? "even" : "odd", "anthropic", "m", i, 0.1, 0.1)));
        }
        List<Map<String, Object>> page1 = ledger.history(3, null, null);
        assertThat(page1).extracting(r -> r.get("id")).containsExactly("id6", "id5", "id4");
        List<Map<String, Object>> page2 = ledger.history(3, (String) page1.getLast().get("id"), null);
        assertThat(page2).extracting(r -> r.get("id")).containsExactly("id3", "id2", "id1");
        assertThat(ledger.history(10, T0.plusSeconds(1).toString(), null)).extracting(r -> r.get("id")).containsExactly("id1", "id0");
        assertThat(ledger.history(10, null, "even")).extracting(r -> r.get("id")).containsExactly("id6", "id4", "id2", "id0");
        Map<String, Object> row = page1.getFirst();
        assertThat(row).containsKeys("started_at", "session_id", "project", "client", "provider", "model_requested", "model_served",
                "route_reason", "fallback_from", "stream", "status", "outcome", "input_tokens", "cache_write_1h_tokens", "ttfb_ms",
                "cost_usd", "baseline_usd", "savings_usd", "compression_tokens_saved");
        assertThat(row.get("stream")).isEqualTo(true);
    }

    @Test
    void resetDeletesEveryRequestAndSession() throws Exception {
        write(List.of(Records.billed("x", T0, "s", "anthropic", "m", 1, 0.1, 0.1)));
        assertThat(ledger.reset()).isEqualTo(1);
        assertThat(ledger.totals().requests()).isZero();
        assertThat(ledger.sessions(10, null)).isEmpty();
    }

    @Test
    void theWriterStoresEveryRecordItIsGiven() throws Exception {
        var writer = RecordWriter.into(store);
        for (int i = 0; i < 1_200; i++) writer.accept(Records.billed("w" + i, T0.plusMillis(i), "s" + (i % 7), "anthropic", "m", 1, 0.001, 0.002));
        writer.close();
        assertThat(writer.written()).isEqualTo(1_200);
        assertThat(writer.lost()).isZero();
        assertThat(ledger.totals().requests()).isEqualTo(1_200);
        assertThat(ledger.sessions(100, null)).hasSize(7);
    }

    @Test
    void aRecordTheDatabaseRefusesIsCountedAsLostAndDoesNotBlockTheOthers() throws Exception {
        var writer = RecordWriter.into(store);
        var dup = Records.billed("dup", T0, "s", "anthropic", "m", 1, 0.1, 0.1);
        writer.accept(dup);
        writer.accept(Records.billed("ok1", T0, "s", "anthropic", "m", 1, 0.1, 0.1));
        writer.accept(dup);
        writer.accept(Records.billed("ok2", T0, "s", "anthropic", "m", 1, 0.1, 0.1));
        writer.close();
        assertThat(writer.written() + writer.lost()).isEqualTo(4);
        assertThat(writer.lost()).isEqualTo(1);
        assertThat(ledger.totals().requests()).isEqualTo(3);
        assertThat(ledger.session("s").requests()).isEqualTo(3);
        assertThat(ledger.sessions(10, null).getFirst().get("requests")).as("session totals match the stored rows").isEqualTo(3L);
    }
}
