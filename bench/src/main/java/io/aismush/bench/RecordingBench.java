package io.aismush.bench;

import io.aismush.app.AismushServer;
import io.aismush.config.Config;
import io.aismush.config.StorageSettings;
import io.aismush.metering.Bill;
import io.aismush.metering.BilledRecord;
import io.aismush.metering.RequestRecord;
import io.aismush.storage.RecordWriter;
import io.aismush.storage.Store;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.Reply;
import io.aismush.wire.Usage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * What recording costs: (1) request latency through an in-process proxy with request history in SQLite
 * versus with history off ({@code database.url=none}), interleaved in rounds; (2) the time {@code Recorder.record}
 * takes on the request thread; (3) a sustained 2000 records/s into SQLite for 10 s, then a burst as fast as
 * possible. Everything on loopback; bounded in count and time. Run with {@code bench/run-recording}.
 */
public final class RecordingBench {
    private RecordingBench() {}

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        int rounds = quick ? 3 : 8;
        int perRound = quick ? 300 : 800;
        latency(rounds, perRound);
        sustained(quick ? 5 : 10, 2_000);
        burst(quick ? 20_000 : 100_000);
    }

    private static void latency(int rounds, int perRound) throws Exception {
        try (var upstream = FakeUpstream.start(false)) {
            upstream.respondWith(r -> Reply.stream(AnthropicSse.textTurn("claude-opus-5-5", "ok", new AnthropicSse.Tokens(1000, 20, 5000, 200, 0))));
            Path on = Files.createTempDirectory("aismush-bench-rec");
            Path off = Files.createTempDirectory("aismush-bench-norec");
            // Memory also uses the database; it is off in both, so only recording differs.
            Config base = Config.defaults(on).withPort(0).withAnthropicBaseUrl(upstream.baseUrl());
            base = base.withMemory(base.memory().withEnabled(false));
            Config noHistory = Config.defaults(off).withPort(0).withAnthropicBaseUrl(upstream.baseUrl())
                    .withStorage(StorageSettings.defaults().withDatabaseUrl("none"));
            noHistory = noHistory.withMemory(noHistory.memory().withEnabled(false));
            try (var withDb = new AismushServer(base).start();
                 var without = new AismushServer(noHistory).start();
                 var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                byte[] body = ("{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                        + "x".repeat(20_000) + "\"}],\"metadata\":{\"user_id\":\"{\\\"session_id\\\":\\\"bench\\\"}\"}}").getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 500; i++) { // warm both up
                    send(client, withDb.port(), body);
                    send(client, without.port(), body);
                }
                long[] a = new long[rounds * perRound];
                long[] b = new long[rounds * perRound];
                int n = 0;
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < perRound; i++, n++) {
                        if (i % 2 == 0) {
                            a[n] = send(client, withDb.port(), body);
                            b[n] = send(client, without.port(), body);
                        } else {
                            b[n] = send(client, without.port(), body);
                            a[n] = send(client, withDb.port(), body);
                        }
                    }
                }
                Arrays.sort(a);
                Arrays.sort(b);
                System.out.printf("latency, %d streamed requests each, interleaved (client-measured, full answer):%n", n);
                System.out.printf("  history in SQLite: p50 %.3f ms  p90 %.3f ms  p99 %.3f ms%n", ms(a, 0.5), ms(a, 0.9), ms(a, 0.99));
                System.out.printf("  history off:       p50 %.3f ms  p90 %.3f ms  p99 %.3f ms%n", ms(b, 0.5), ms(b, 0.9), ms(b, 0.99));
                System.out.printf("  added by recording: p50 %+.3f ms (target <= 0.05 ms)%n", ms(a, 0.5) - ms(b, 0.5));
                long t0 = System.nanoTime();
                var rec = withDb.recorder();
                int calls = 50_000;
                long[] each = new long[calls];
                for (int i = 0; i < calls; i++) {
                    RequestRecord r = record(i, Instant.now());
                    long s = System.nanoTime();
                    rec.record(r);
                    each[i] = System.nanoTime() - s;
                    if (i % 1_000 == 999) Thread.sleep(20); // 50,000 records/s at most: well within what the recorder drains
                }
                Arrays.sort(each);
                System.out.printf("Recorder.record on the request thread: p50 %d ns, p99 %d ns (%d calls in %.1f s; dropped %d)%n",
                        each[calls / 2], each[(int) (calls * 0.99)], calls, (System.nanoTime() - t0) / 1e9, rec.dropped());
            }
        }
    }

    private static void sustained(int seconds, int perSecond) throws Exception {
        Path dir = Files.createTempDirectory("aismush-bench-sustained");
        try (var store = new Store(StorageSettings.defaults(), dir)) {
            var writer = RecordWriter.into(store);
            long start = System.nanoTime();
            long maxPending = 0;
            int total = seconds * perSecond;
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                writer.accept(billed(i));
                if (i % 100 == 0) maxPending = Math.max(maxPending, writer.pending());
            }
            long fed = System.nanoTime();
            while (writer.pending() > 0) Thread.sleep(1);
            double drainMs = (System.nanoTime() - fed) / 1e6;
            writer.close();
            System.out.printf("sustained: %d records/s for %d s into SQLite: written %d, lost %d, max pending %d, drained %.1f ms after the last%n",
                    perSecond, seconds, writer.written(), writer.lost(), maxPending, drainMs);
        }
    }

    private static void burst(int n) throws Exception {
        Path dir = Files.createTempDirectory("aismush-bench-burst");
        try (var store = new Store(StorageSettings.defaults(), dir)) {
            var real = RecordWriter.into(store);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                while (real.pending() > 45_000) Thread.sleep(1);
                real.accept(billed(i));
            }
            while (real.pending() > 0) Thread.sleep(1);
            double s = (System.nanoTime() - t0) / 1e9;
            real.close();
            System.out.printf("burst: %d records into SQLite in %.2f s = %.0f records/s (lost %d)%n", n, s, n / s, real.lost());
        }
    }

    private static BilledRecord billed(int i) {
        return new BilledRecord(record(i, Instant.now()).withClient("claude-cli/2.1.330", "/home/dev/bench"), new Bill(0.01, 0.03, 0.02, 0, true));
    }

    private static RequestRecord record(int i, Instant at) {
        return new RequestRecord("bench_" + i + "_" + System.nanoTime(), at, "/v1/messages", "anthropic", "claude-opus-5-5", "claude-opus-5-5",
                true, 200, RequestRecord.Outcome.COMPLETED, null, "end_turn", new Usage(1000, 20, 5000, 200, 0), 1.2, 3.4,
                "bench-session-" + (i % 20), "bench", null);
    }

    private static long send(HttpClient client, int port, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                .header("content-type", "application/json").header("x-api-key", "bench").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException("status " + r.statusCode());
        return System.nanoTime() - t0;
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }
}
