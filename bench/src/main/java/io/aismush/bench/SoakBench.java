package io.aismush.bench;

import io.aismush.testkit.ClaudeCodeRequests;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import static io.aismush.bench.PeersBench.fmt;

/**
 * The soak: aismush as {@code bin/aismush} starts it (full pipeline, history in SQLite), held at 1000 concurrent
 * streams for N minutes with steady arrivals, then stopped with SIGTERM. Passes when no stream failed, memory stayed
 * flat, and the database holds one row per request answered. Run it with {@code bench/run soak [minutes]}.
 *
 * <p>Steady arrivals: every client sends its next request as soon as its stream ends, and the clients' first
 * requests are spread over one stream's length, so about streams ÷ stream length requests arrive every second.
 */
public final class SoakBench {
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    /** Flat: the last half's highest RSS sample at most this much above the first half's (after warm-up). */
    static final double FLAT_TOLERANCE = 0.05;

    double minutes = 10;
    int streams = 1000;
    long gapMs = 500;
    int bodyBytes = 50_000;
    Path launcher;
    Path javaHome = Path.of(System.getProperty("java.home"));

    public static void main(String[] args) throws Exception {
        var s = new SoakBench();
        try {
            s.parse(args);
        } catch (RuntimeException e) {
            System.err.println("bench soak: " + e.getMessage() + "; usage: bench/run soak [minutes] [--streams N] [--gap-ms N] [--body BYTES]");
            System.exit(2);
        }
        System.exit(s.run());
    }

    void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--launcher" -> launcher = Path.of(args[++i]);
                case "--java-home" -> javaHome = Path.of(args[++i]);
                case "--streams" -> streams = Integer.parseInt(args[++i]);
                case "--gap-ms" -> gapMs = Long.parseLong(args[++i]);
                case "--body" -> bodyBytes = Integer.parseInt(args[++i]);
                default -> {
                    if (!args[i].matches("\\d+(\\.\\d+)?")) throw new IllegalArgumentException("unknown option " + args[i]);
                    minutes = Double.parseDouble(args[i]);
                }
            }
        }
        if (launcher == null) throw new IllegalArgumentException("--launcher is required");
        if (minutes <= 0 || minutes > 120) throw new IllegalArgumentException("minutes must be in (0, 120]");
    }

    record Sample(double atSeconds, long rssKb, int open) {}

    int run() throws Exception {
        long began = System.nanoTime();
        String loadBefore = Machine.loadAverage();
        Path work = Files.createTempDirectory("aismush-soak-");
        byte[] body = ClaudeCodeRequests.streamed(bodyBytes);
        var peer = new Peer.Aismush(launcher, javaHome);
        var upstream = StampingUpstream.start();
        upstream.defaultGap(gapMs);
        var out = new StringBuilder();
        boolean pass;
        try {
            HttpClient client = StreamClient.newClient();
            // an unmeasured first start makes the launcher's AOT cache, in a home of its own
            try (var warm = peer.launch(upstream.baseUrl(), Files.createDirectories(work.resolve("warm-up")), Map.of())) {
                warm.awaitReady(client, Duration.ofSeconds(300));
            }
            Path dir = Files.createDirectories(work.resolve("soak"));
            var p = peer.launch(upstream.baseUrl(), dir, Map.of());
            p.awaitReady(client, Duration.ofSeconds(120));
            log("aismush pid %d on %s; %d streams, %d-byte requests, events %d ms apart, for %.1f min", p.process.pid(), p.base, streams,
                    body.length, gapMs, minutes);

            long streamNanos = Duration.ofMillis(gapMs * (upstream.eventsPerAnswer() - 1)).toNanos();
            long t0 = System.nanoTime();
            long end = t0 + (long) (minutes * 60e9);
            var sent = new LongAdder();
            var ok = new LongAdder();
            var answeredNot200 = new LongAdder();
            var failed = new LongAdder();
            var errors = new ConcurrentHashMap<String, LongAdder>();
            var samples = new ArrayList<Sample>();
            var running = new AtomicBoolean(true);
            Thread sampler = Thread.ofVirtual().start(() -> {
                long next = t0;
                while (running.get()) {
                    if (System.nanoTime() >= next) {
                        samples.add(new Sample((System.nanoTime() - t0) / 1e9, p.rssKb(), upstream.openResponses()));
                        var last = samples.getLast();
                        log("  %5.0f s: RSS %s, %d streams open at the fake, %d completed, %d failed", last.atSeconds(),
                                Stats.mb(last.rssKb()), last.open(), ok.sum(), failed.sum());
                        next += SAMPLE_EVERY.toNanos();
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < streams; i++) {
                    long firstAt = t0 + streamNanos * i / streams;
                    exec.submit(() -> {
                        Thread.sleep(Duration.ofNanos(Math.max(0, firstAt - System.nanoTime())));
                        while (System.nanoTime() < end) {
                            sent.increment();
                            var r = StreamClient.post(client, p.base, body, -1, false, TIMEOUT);
                            if (r.ok()) {
                                ok.increment();
                            } else {
                                if (r.error() == null && r.status() > 0) answeredNot200.increment();
                                failed.increment();
                                errors.computeIfAbsent(r.describe(), k -> new LongAdder()).increment();
                            }
                        }
                        return null;
                    });
                }
            }
            running.set(false);
            sampler.join();
            double wall = (System.nanoTime() - t0) / 1e9;
            long peak = p.peakRssKb();
            long rssEnd = p.rssKb();
            int exit = p.stop(Duration.ofSeconds(60)); // SIGTERM: the recorder writes what it holds before exit
            client.shutdownNow();
            long rows = countRows(dir.resolve("home").resolve("proxy.db"));
            // the readiness probe is a GET /health, never recorded; every POST that got an HTTP answer should be
            long expected = ok.sum() + answeredNot200.sum();

            out.append("\n=== aismush soak (").append(PeersBench.today()).append(") ===\n");
            out.append(Machine.describe()).append('\n');
            out.append("Load average (1/5/15 min) before: ").append(loadBefore).append(" · after: ").append(Machine.loadAverage()).append('\n');
            out.append(fmt("aismush via bin/aismush (its flags and AOT cache), full pipeline, history in SQLite; %d concurrent clients, each sending its "
                    + "next %d-byte streamed request when the last stream ended (%d events %d ms apart, ~%.1f s a stream: ~%.0f arrivals/s); %.1f min.%n",
                    streams, body.length, upstream.eventsPerAnswer(), gapMs, streamNanos / 1e9, streams / (streamNanos / 1e9), wall / 60));
            out.append("\n| t (s) | RSS | streams open at the fake |\n|---|---|---|\n");
            for (var s : samples) out.append(fmt("| %.0f | %s | %d |%n", s.atSeconds(), Stats.mb(s.rssKb()), s.open()));

            var flat = flatness(samples, wall);
            boolean errorsOk = failed.sum() == 0;
            boolean rowsOk = rows == expected;
            out.append(fmt("%nrequests sent %d · completed %d (%.0f/s) · failed %d · peak RSS (VmHWM) %s · RSS at the end %s · exit on SIGTERM %d%n",
                    sent.sum(), ok.sum(), ok.sum() / wall, failed.sum(), Stats.mb(peak), Stats.mb(rssEnd), exit));
            errors.entrySet().stream().limit(5).forEach(e -> out.append("  error: ").append(e.getValue().sum()).append("× ").append(e.getKey()).append('\n'));
            out.append(fmt("errors: %s (must be 0)%n", errorsOk ? "PASS" : "FAIL"));
            out.append("RSS flat: ").append(flat.verdict()).append('\n');
            out.append(fmt("records stored: %s — %d rows in the requests table after the stop, %d requests answered%n",
                    rowsOk ? "PASS" : "FAIL", rows, expected));
            pass = errorsOk && flat.pass() && rowsOk;
            out.append(fmt("%nsoak: %s · took %s%n", pass ? "PASS" : "FAIL", Stats.seconds(System.nanoTime() - began)));
        } finally {
            upstream.close();
            Bench.deleteTree(work);
        }
        System.out.print(out);
        return pass ? 0 : 1;
    }

    record Flatness(boolean pass, String verdict) {}

    /**
     * Warm-up: the first fifth of the run (at least 20 s). The rest is cut in two halves: the last half's highest
     * sample must be within {@link #FLAT_TOLERANCE} of the first half's. The least-squares slope over the same
     * samples is reported beside it.
     */
    static Flatness flatness(List<Sample> samples, double wallSeconds) {
        double warm = Math.max(20, wallSeconds / 5);
        var after = samples.stream().filter(s -> s.atSeconds() >= warm && s.rssKb() > 0).toList();
        if (after.size() < 4) {
            return new Flatness(false, fmt("FAIL — only %d RSS samples after the %.0f s warm-up; run longer", after.size(), warm));
        }
        double mid = (warm + after.getLast().atSeconds()) / 2;
        long firstMax = after.stream().filter(s -> s.atSeconds() < mid).mapToLong(Sample::rssKb).max().orElse(0);
        long lastMax = after.stream().filter(s -> s.atSeconds() >= mid).mapToLong(Sample::rssKb).max().orElse(0);
        double n = after.size(), sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var s : after) {
            double x = s.atSeconds() / 60, y = s.rssKb() / 1024.0;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        boolean pass = lastMax <= firstMax * (1 + FLAT_TOLERANCE);
        return new Flatness(pass, fmt("%s — after the %.0f s warm-up, highest RSS in the last half %s vs the first half %s (%+.1f %%, limit +%.0f %%); "
                + "linear fit %+.2f MB/min over %d samples", pass ? "PASS" : "FAIL", warm, Stats.mb(lastMax), Stats.mb(firstMax),
                100.0 * (lastMax - firstMax) / firstMax, FLAT_TOLERANCE * 100, slope, after.size()));
    }

    /** Rows in the requests table, read with the SQLite driver the proxy jar carries; -1 when unreadable. */
    static long countRows(Path db) {
        if (!Files.isRegularFile(db)) return -1;
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM requests")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (Exception e) {
            System.err.println("bench soak: could not count the rows in " + db + ": " + e);
            return -1;
        }
    }

    static void log(String format, Object... args) {
        System.err.printf("bench soak: " + format + "%n", args);
    }
}
