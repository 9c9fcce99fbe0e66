package io.aismush.bench;

import io.aismush.testkit.ClaudeCodeRequests;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.aismush.bench.Stats.mb;
import static io.aismush.bench.Stats.ms;
import static io.aismush.bench.Stats.pad;
import static io.aismush.bench.Stats.padLeft;
import static io.aismush.bench.Stats.percentile;

/**
 * The aismush benchmark: latency added by the proxy against a direct baseline measured in the same run, start
 * time, memory idle and under 1000 concurrent streams, the in-flight cap, and a comparison of JVM flag sets for
 * the proxy process. Run it with {@code bench/run}; it prints one report on stdout (progress goes to stderr).
 *
 * <p>Processes: this JVM is both the client and the fake upstream (the testkit's FakeUpstream); the proxy runs
 * in its own JVM, started from {@code proxy/target/aismush.jar} with the flags under test. All on 127.0.0.1.
 */
public final class Bench {
    // ---- targets ----
    static final double ADDED_TTFB_P50_MS = 1, ADDED_TTFB_P99_MS = 5, ADDED_RELAY_P99_MS = 1, START_S = 0.5;
    static final long IDLE_RSS_MB = 100, PEAK_RSS_MB = 512;

    static final int BODY_BYTES = 200_000;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** One candidate set of JVM flags for the proxy; with {@code aot}, a training run makes its AOT cache first. */
    record FlagSet(String name, List<String> flags, boolean aot) {
        String describe() {
            return (flags.isEmpty() ? "(JVM defaults)" : String.join(" ", flags)) + (aot ? " -XX:AOTCache=<trained>" : "");
        }
    }

    static final Map<String, List<String>> BASE_FLAGS = new LinkedHashMap<>();

    static {
        BASE_FLAGS.put("default", List.of());
        // the launcher's own flags (bin/aismush): keep the two equal
        BASE_FLAGS.put("serial", List.of("-XX:+UseSerialGC", "-Xms24m", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "-XX:TrimNativeHeapInterval=500", "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining",
                "-XX:-UseDynamicNumberOfCompilerThreads"));
        BASE_FLAGS.put("g1", List.of("-XX:+UseG1GC", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
        BASE_FLAGS.put("zgc", List.of("-XX:+UseZGC", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
    }

    static final String DEFAULT_SETS = "default,serial,serial+aot,g1,g1+aot,zgc";

    // ---- options ----
    Path java;
    Path jar;
    List<FlagSet> sets = new ArrayList<>();
    int warmup = 2000, measured = 2000;
    int relayRequests = 250;
    long relayGapMs = 2;
    int sampleWarmup = 300, sampleMeasured = 300;
    int streams = 1000;
    long streamGapMs = 500;
    int capLimit = 200, capStreams = 400;
    int startRepeats = 4; // a first start, then restarts on its data folder
    private static final long IDLE_SETTLE_MS = 5_000;
    boolean keep;
    Duration deadline = Duration.ofMinutes(15);

    final PrintStream progress = System.err;
    Path work;
    String loadBefore;
    StampingUpstream upstream;
    byte[] body;

    public static void main(String[] args) throws Exception {
        var bench = new Bench();
        try {
            bench.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println("usage: bench/run [--quick] [--flags " + DEFAULT_SETS + "] [--set NAME=\"JVM FLAGS\"]... [--streams N]"
                    + " [--requests N] [--warmup N] [--keep]");
            System.exit(2);
        }
        int code = bench.run();
        System.exit(code);
    }

    void parse(String[] args) {
        String setNames = DEFAULT_SETS;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--java" -> java = Path.of(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--flags" -> setNames = args[++i];
                case "--set" -> {
                    String def = args[++i];
                    int eq = def.indexOf('=');
                    if (eq <= 0 || def.substring(0, eq).endsWith("+aot")) throw new IllegalArgumentException("--set wants NAME=\"JVM FLAGS\", not " + def);
                    String flags = def.substring(eq + 1).trim();
                    BASE_FLAGS.put(def.substring(0, eq), flags.isEmpty() ? List.of() : List.of(flags.split("\\s+")));
                }
                case "--streams" -> streams = Integer.parseInt(args[++i]);
                case "--requests" -> measured = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--keep" -> keep = true;
                case "--quick" -> {
                    warmup = 300;
                    measured = 300;
                    relayRequests = 50;
                    sampleWarmup = 100;
                    sampleMeasured = 100;
                    streams = 200;
                    capLimit = 50;
                    capStreams = 100;
                    startRepeats = 2;
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (java == null) java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (jar == null) throw new IllegalArgumentException("--jar proxy/target/aismush.jar is required");
        if (!Files.isRegularFile(jar)) throw new IllegalArgumentException("no proxy jar at " + jar + " (build first)");
        for (String name : setNames.split(",")) {
            name = name.trim();
            boolean aot = name.endsWith("+aot");
            String base = aot ? name.substring(0, name.length() - 4) : name;
            List<String> flags = BASE_FLAGS.get(base);
            if (flags == null) throw new IllegalArgumentException("unknown flag set '" + name + "'; known: " + BASE_FLAGS.keySet() + " (each also +aot)");
            sets.add(new FlagSet(name, flags, aot));
        }
    }

    int run() throws Exception {
        long began = System.nanoTime();
        loadBefore = loadAverage();
        startDeadline();
        work = Files.createTempDirectory("aismush-bench-");
        body = ClaudeCodeRequests.streamed(BODY_BYTES);
        upstream = StampingUpstream.start();
        var out = new StringBuilder();
        try {
            progress.printf("bench: fake upstream at %s (in this JVM, pid %d); request body %d bytes; work folder %s%n",
                    upstream.baseUrl(), ProcessHandle.current().pid(), body.length, work);
            warmBenchJvm();

            // Items 3, 4, 6: one row per flag set.
            var rows = new ArrayList<FlagRow>();
            for (FlagSet set : sets) rows.add(flagRun(set));
            FlagRow rec = recommend(rows);

            // Items 1, 2: latency with the recommended flags.
            progress.printf("bench: latency run with '%s'%n", rec.set.name());
            Latency lat = null;
            String latFailure = null;
            try {
                lat = latencyRun(rec);
            } catch (Exception e) {
                latFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            // Item 5: the in-flight cap.
            progress.printf("bench: in-flight cap run with '%s'%n", rec.set.name());
            CapRun cap = null;
            String capFailure = null;
            try {
                cap = capRun(rec);
            } catch (Exception e) {
                capFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }

            report(out, rows, rec, lat, latFailure, cap, capFailure, System.nanoTime() - began);
            System.out.print(out);
            System.out.flush();
            boolean allPass = rec.passes() == 4 && lat != null && lat.pass() && cap != null && cap.pass();
            return allPass ? 0 : 1;
        } finally {
            upstream.close();
            if (!keep) deleteTree(work);
            else progress.println("bench: kept " + work);
        }
    }

    private void startDeadline() {
        Thread.ofPlatform().daemon().name("bench-deadline").start(() -> {
            try {
                Thread.sleep(deadline);
                System.err.println("bench: gave up after " + deadline.toMinutes() + " minutes; stopping the proxy processes");
                System.exit(3);
            } catch (InterruptedException ignored) {
                // never interrupted
            }
        });
    }

    /** Warms this JVM's client and fake (JIT, class loading) and the OS file cache for the proxy's JVM. */
    private void warmBenchJvm() throws Exception {
        progress.println("bench: warming the client and the fake upstream, and the file cache with one proxy start");
        HttpClient c = StreamClient.newClient();
        for (int i = 0; i < 500; i++) StreamClient.post(c, upstream.baseUrl(), body, 0, true, REQUEST_TIMEOUT);
        c.shutdownNow();
        try (var p = ProxyProcess.spawn(java, jar, List.of(), upstream.baseUrl(), Map.of(), work)) {
            HttpClient pc = StreamClient.newClient();
            awaitHealthy(p, pc);
            for (int i = 0; i < 50; i++) StreamClient.post(pc, p.base, body, 0, false, REQUEST_TIMEOUT);
            pc.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Items 3, 4, 6: start time, RSS idle and at N streams, a short TTFB sample, per flag set

    static final class FlagRow {
        FlagSet set;
        List<String> flags;
        String aotNote = "";
        double healthNanos = Double.NaN, firstAnswerNanos = Double.NaN;
        List<Double> firstAnswers = new ArrayList<>();
        long idleRssKb = -1;
        /** The first start, on a new data folder (the database is created after its first answer). */
        double firstStartNanos = Double.NaN;
        long firstStartIdleKb = -1;
        /** Restarts: RSS one second after the first answer, when the JIT may still be compiling what it made hot. */
        long oneSecondRssKb = -1;
        long[] sampleDirect = new long[0], sampleProxied = new long[0];
        int sampleErrors;
        Burst burst;
        String failure;

        double addedP50() {
            return percentile(sampleProxied, 50) - percentile(sampleDirect, 50);
        }

        double addedP99() {
            return percentile(sampleProxied, 99) - percentile(sampleDirect, 99);
        }

        boolean startOk() {
            return firstAnswerNanos <= START_S * 1e9;
        }

        boolean idleOk() {
            return idleRssKb >= 0 && idleRssKb <= IDLE_RSS_MB * 1024;
        }

        boolean peakOk() {
            return burst != null && burst.peakRssKb() >= 0 && burst.peakRssKb() <= PEAK_RSS_MB * 1024;
        }

        boolean streamsOk() {
            return burst != null && burst.failed() == 0 && burst.ok() == burst.n();
        }

        /** Each figure relative to its target, summed: under 3 means under the targets on average. */
        double score() {
            double peak = burst == null || burst.peakRssKb() < 0 ? Double.MAX_VALUE / 4 : burst.peakRssKb() / (PEAK_RSS_MB * 1024.0);
            double idle = idleRssKb < 0 ? Double.MAX_VALUE / 4 : idleRssKb / (IDLE_RSS_MB * 1024.0);
            return firstAnswerNanos / (START_S * 1e9) + idle + peak;
        }

        int passes() {
            if (failure != null) return 0;
            return (startOk() ? 1 : 0) + (idleOk() ? 1 : 0) + (peakOk() ? 1 : 0) + (streamsOk() ? 1 : 0);
        }
    }

    private FlagRow flagRun(FlagSet set) {
        var row = new FlagRow();
        row.set = set;
        row.flags = new ArrayList<>(set.flags());
        try {
            if (set.aot()) {
                Path cache = train(set);
                row.flags.add("-XX:AOTCache=" + cache);
                row.aotNote = "cache " + Files.size(cache) / (1024 * 1024) + " MB";
            }
            progress.printf("bench: flag set '%s': %s%n", set.name(), String.join(" ", row.flags));
            // The first start makes a new data folder (and, after its first answer, the database); the others restart on
            // it, as a user's every later start does. Start time and idle memory are the restarts' medians; the first
            // start is reported beside them.
            var healths = new ArrayList<Double>();
            var idles = new ArrayList<Long>();
            var oneSecond = new ArrayList<Long>();
            Path home = null;
            for (int rep = 0; rep < startRepeats; rep++) {
                boolean first = rep == 0 && startRepeats > 1;
                boolean last = rep == startRepeats - 1;
                quiesce();
                Map<String, String> env = home == null ? Map.of() : Map.of("AISMUSH_HOME", home.toString());
                try (var p = ProxyProcess.spawn(java, jar, row.flags, upstream.baseUrl(), env, work)) {
                    if (home == null) home = p.home();
                    HttpClient client = StreamClient.newClient();
                    try {
                        long health = awaitHealthy(p, client);
                        var firstAnswer = StreamClient.post(client, p.base, body, 0, false, REQUEST_TIMEOUT);
                        long firstAt = System.nanoTime() - p.startNanos;
                        if (!firstAnswer.ok()) throw new IllegalStateException("first request through the proxy failed: " + firstAnswer.describe());
                        Thread.sleep(1000);
                        long atOneSecond = p.rssKb();
                        // Idle: nothing asked for five seconds more, past the JVM's release of the compilers' scratch memory
                        // (every 5 s) that a reading at one second still finds in use.
                        Thread.sleep(IDLE_SETTLE_MS);
                        long idle = p.rssKb();
                        if (first) {
                            row.firstStartNanos = firstAt;
                            row.firstStartIdleKb = idle;
                        } else {
                            healths.add((double) health);
                            row.firstAnswers.add((double) firstAt);
                            idles.add(idle);
                            oneSecond.add(atOneSecond);
                        }
                        if (set.aot() && aotRejected(p)) row.aotNote = "AOT cache NOT used (see the proxy's log)";
                        if (!last) continue;

                        // a short TTFB sample, direct and proxied alternately
                        HttpClient direct = StreamClient.newClient();
                        var sample = ttfbPairs(direct, client, p.base, sampleWarmup, sampleMeasured);
                        direct.shutdownNow();
                        row.sampleDirect = sample.direct;
                        row.sampleProxied = sample.proxied;
                        row.sampleErrors = sample.errors;

                        progress.printf("bench:   %d concurrent streams through '%s'%n", streams, set.name());
                        row.burst = burst(p, streams, streamGapMs, Duration.ofSeconds(1));
                    } finally {
                        client.shutdownNow();
                    }
                }
            }
            row.healthNanos = Stats.median(healths.stream().mapToDouble(Double::doubleValue).toArray());
            row.firstAnswerNanos = Stats.median(row.firstAnswers.stream().mapToDouble(Double::doubleValue).toArray());
            row.idleRssKb = (long) Stats.median(idles.stream().mapToDouble(Long::doubleValue).toArray());
            row.oneSecondRssKb = (long) Stats.median(oneSecond.stream().mapToDouble(Long::doubleValue).toArray());
        } catch (Exception e) {
            row.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            progress.println("bench:   flag set '" + set.name() + "' failed: " + row.failure);
        }
        return row;
    }

    /** Lets this JVM (client and fake) settle after heavy work, so it does not compete with a proxy that is starting. */
    private static void quiesce() throws InterruptedException {
        System.gc();
        Thread.sleep(1000);
    }

    /**
     * AOT cache, made as the launcher makes it: {@code java <flags> -XX:AOTCacheOutput=FILE -jar aismush.jar
     * --aot-training}, a short run of the proxy's own (see AotTraining); the JVM writes the cache as it exits.
     */
    private Path train(FlagSet set) throws Exception {
        Path cache = work.resolve(set.name().replace('+', '-') + ".aot");
        var command = new ArrayList<String>();
        command.add(java.toString());
        command.addAll(set.flags());
        command.add("-XX:AOTCacheOutput=" + cache);
        command.addAll(List.of("-jar", jar.toString(), "--aot-training"));
        Path log = work.resolve(set.name().replace('+', '-') + "-training.log");
        long t0 = System.nanoTime();
        progress.printf("bench: AOT training run for '%s'%n", set.name());
        var pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS"));
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the training run did not end within 5 minutes; log: " + log);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(cache)) {
            var lines = Files.readAllLines(log);
            throw new IllegalStateException("the training run (exit " + p.exitValue() + ") wrote no AOT cache; log:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
        }
        progress.printf("bench:   AOT cache %s written in %.1f s%n", cache.getFileName(), (System.nanoTime() - t0) / 1e9);
        return cache;
    }

    private static boolean aotRejected(ProxyProcess p) {
        String log = p.logText();
        return log.contains("Unable to use AOT cache") || log.contains("[error  ][aot]") || log.contains("[error][aot]");
    }

    /** Polls /health every 2 ms until it answers 200; nanoseconds since the process was started. */
    static long awaitHealthy(ProxyProcess p, HttpClient client) throws Exception {
        long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < limit) {
            if (!p.alive()) throw new IllegalStateException("the proxy exited with " + p.process.exitValue() + ":\n" + p.logTail(15));
            if (StreamClient.get(client, p.base, "/health", Duration.ofSeconds(2)) == 200) return System.nanoTime() - p.startNanos;
            Thread.sleep(2);
        }
        throw new TimeoutException("the proxy did not answer /health within 60 s:\n" + p.logTail(15));
    }

    // ------------------------------------------------------------------------------------------------------------
    // TTFB pairs and relay delay

    record Pairs(long[] direct, long[] proxied, int errors, String firstError) {}

    /** Sequential requests on kept-alive connections, alternating direct and proxied; TTFB of the measured ones. */
    private Pairs ttfbPairs(HttpClient directClient, HttpClient proxyClient, URI proxy, int warm, int count) {
        long[] d = new long[count], p = new long[count];
        int errors = 0;
        String firstError = null;
        for (int i = 0; i < warm + count; i++) {
            var rd = StreamClient.post(directClient, upstream.baseUrl(), body, 0, false, REQUEST_TIMEOUT);
            var rp = StreamClient.post(proxyClient, proxy, body, 0, false, REQUEST_TIMEOUT);
            if (!rd.ok() || !rp.ok()) {
                errors++;
                if (firstError == null) firstError = !rd.ok() ? "direct: " + rd.describe() : "proxied: " + rp.describe();
            }
            if (i >= warm) {
                d[i - warm] = rd.ttfbNanos();
                p[i - warm] = rp.ttfbNanos();
            }
        }
        return new Pairs(d, p, errors, firstError);
    }

    record Relays(long[] direct, long[] proxied, int errors) {}

    /** Streams whose events are {@code gapMs} apart; every event's arrival minus its send stamp. */
    private Relays relayDelays(HttpClient directClient, HttpClient proxyClient, URI proxy, int count, long gapMs) {
        var d = new ArrayList<long[]>();
        var p = new ArrayList<long[]>();
        int errors = 0;
        for (int i = 0; i < count; i++) {
            var rd = StreamClient.post(directClient, upstream.baseUrl(), body, gapMs, true, REQUEST_TIMEOUT);
            var rp = StreamClient.post(proxyClient, proxy, body, gapMs, true, REQUEST_TIMEOUT);
            if (!rd.ok() || !rp.ok()) errors++;
            d.add(rd.relayNanos());
            p.add(rp.relayNanos());
        }
        return new Relays(Stats.concat(d), Stats.concat(p), errors);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Concurrent streams

    record Burst(int n, int ok, int overloaded, int failed, List<String> errorSamples, long peakRssKb, long rssAfterKb,
                 int maxOpenAtFake, double wallNanos, long[] overloadedNanos, long[] okNanos, boolean healthyAfter) {}

    /**
     * {@code n} clients, started evenly over {@code ramp}, each holding a stream open (events {@code gapMs} apart).
     * Counts outcomes; samples the fake's open responses and the proxy's RSS; peak RSS is the kernel's VmHWM.
     */
    private Burst burst(ProxyProcess proxy, int n, long gapMs, Duration ramp) throws Exception {
        HttpClient client = StreamClient.newClient();
        var running = new AtomicBoolean(true);
        var maxOpen = new AtomicInteger();
        var maxRss = new AtomicLong(-1);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                maxOpen.accumulateAndGet(upstream.openResponses(), Math::max);
                maxRss.accumulateAndGet(proxy.rssKb(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long t0 = System.nanoTime();
        var results = new ArrayList<StreamClient.Result>();
        int timedOut = 0;
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<StreamClient.Result>>(n);
            for (int i = 0; i < n; i++) {
                long at = t0 + ramp.toNanos() * i / n;
                futures.add(exec.submit(() -> {
                    long wait = at - System.nanoTime();
                    if (wait > 0) Thread.sleep(Duration.ofNanos(wait));
                    return StreamClient.post(client, proxy.base, body, gapMs, false, REQUEST_TIMEOUT);
                }));
            }
            long limit = t0 + ramp.toNanos() + REQUEST_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(10);
            for (var f : futures) {
                try {
                    results.add(f.get(Math.max(1, limit - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException | ExecutionException e) {
                    timedOut++;
                    f.cancel(true);
                }
            }
            exec.shutdownNow();
        }
        double wall = System.nanoTime() - t0;
        running.set(false);
        sampler.join();
        client.shutdownNow();

        int ok = 0, overloaded = 0, failed = timedOut;
        var samples = new LinkedHashMap<String, Integer>();
        if (timedOut > 0) samples.put("no answer within the time limit", timedOut);
        var overloadedNanos = new ArrayList<Long>();
        var okNanos = new ArrayList<Long>();
        for (var r : results) {
            if (r.ok()) {
                ok++;
                okNanos.add(r.totalNanos());
            } else if (r.overloaded()) {
                overloaded++;
                overloadedNanos.add(r.totalNanos());
            } else {
                failed++;
                samples.merge(r.describe(), 1, Integer::sum);
            }
        }
        var check = StreamClient.newClient();
        boolean healthy = proxy.alive() && StreamClient.get(check, proxy.base, "/health", Duration.ofSeconds(5)) == 200
                && StreamClient.post(check, proxy.base, body, 0, false, REQUEST_TIMEOUT).ok();
        check.shutdownNow();
        long hwm = proxy.peakRssKb();
        long peak = hwm >= 0 ? Math.max(hwm, maxRss.get()) : maxRss.get();
        var errorSamples = samples.entrySet().stream().limit(4).map(e -> e.getValue() + "× " + e.getKey()).toList();
        return new Burst(n, ok, overloaded, failed, errorSamples, peak, proxy.rssKb(), maxOpen.get(), wall,
                overloadedNanos.stream().mapToLong(Long::longValue).toArray(), okNanos.stream().mapToLong(Long::longValue).toArray(), healthy);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Recommendation, items 1-2 and 5 with it

    /**
     * The flag set meeting most targets; among equals, the one closest to (or furthest under) the targets: the sum of
     * start / 0.5 s, idle RSS / 100 MB and peak RSS / 512 MB, lowest wins; then the lower added TTFB p99.
     */
    private FlagRow recommend(List<FlagRow> rows) {
        Comparator<FlagRow> byPasses = Comparator.comparingInt(FlagRow::passes).reversed();
        Comparator<FlagRow> byScore = Comparator.comparingDouble(FlagRow::score);
        Comparator<FlagRow> byTtfb = Comparator.comparingDouble(FlagRow::addedP99);
        return rows.stream().filter(r -> r.failure == null).min(byPasses.thenComparing(byScore).thenComparing(byTtfb))
                .orElseThrow(() -> new IllegalStateException("every flag set failed"));
    }

    record Latency(Pairs ttfb, Relays relay, long idleRssKb, double firstAnswerNanos) {
        double addedP50() {
            return percentile(ttfb.proxied, 50) - percentile(ttfb.direct, 50);
        }

        double addedP99() {
            return percentile(ttfb.proxied, 99) - percentile(ttfb.direct, 99);
        }

        double relayAddedP99() {
            return percentile(relay.proxied, 99) - percentile(relay.direct, 99);
        }

        boolean pass() {
            return ttfb.errors == 0 && relay.errors == 0 && addedP50() <= ADDED_TTFB_P50_MS * 1e6 && addedP99() <= ADDED_TTFB_P99_MS * 1e6
                    && relayAddedP99() <= ADDED_RELAY_P99_MS * 1e6;
        }
    }

    private Latency latencyRun(FlagRow rec) throws Exception {
        try (var p = ProxyProcess.spawn(java, jar, rec.flags, upstream.baseUrl(), Map.of(), work)) {
            HttpClient proxied = StreamClient.newClient();
            HttpClient direct = StreamClient.newClient();
            try {
                awaitHealthy(p, proxied);
                var first = StreamClient.post(proxied, p.base, body, 0, false, REQUEST_TIMEOUT);
                double firstAt = System.nanoTime() - p.startNanos;
                if (!first.ok()) throw new IllegalStateException("first request failed: " + first.describe());
                Thread.sleep(1000);
                long idle = p.rssKb();
                progress.printf("bench:   TTFB: %d warm-up + %d measured pairs (direct, proxied)%n", warmup, measured);
                Pairs ttfb = ttfbPairs(direct, proxied, p.base, warmup, measured);
                progress.printf("bench:   relay delay: %d streams each way, events %d ms apart%n", relayRequests, relayGapMs);
                Relays relay = relayDelays(direct, proxied, p.base, relayRequests, relayGapMs);
                return new Latency(ttfb, relay, idle, firstAt);
            } finally {
                proxied.shutdownNow();
                direct.shutdownNow();
            }
        }
    }

    record CapRun(int limit, Burst burst, String inFlightAfter, long[] probeNanos, int probesNot529) {
        boolean pass() {
            return burst.overloaded() == burst.n() - limit && burst.ok() == limit && burst.failed() == 0 && burst.healthyAfter()
                    && burst.peakRssKb() <= PEAK_RSS_MB * 1024 && probesNot529 == 0;
        }
    }

    private CapRun capRun(FlagRow rec) throws Exception {
        try (var p = ProxyProcess.spawn(java, jar, rec.flags, upstream.baseUrl(), Map.of("AISMUSH_MAX_IN_FLIGHT", Integer.toString(capLimit)), work)) {
            HttpClient client = StreamClient.newClient();
            try {
                awaitHealthy(p, client);
                progress.printf("bench:   %d concurrent streams against AISMUSH_MAX_IN_FLIGHT=%d%n", capStreams, capLimit);
                // While the burst holds the cap full, single requests one after another: the 529's own latency,
                // without the burst's uploads competing for the CPU.
                var probes = new long[10];
                var not529 = new AtomicInteger();
                Thread prober = Thread.ofVirtual().start(() -> {
                    HttpClient pc = StreamClient.newClient();
                    try {
                        Thread.sleep(2000);
                        for (int i = 0; i < probes.length; i++) {
                            var r = StreamClient.post(pc, p.base, body, 0, false, REQUEST_TIMEOUT);
                            probes[i] = r.totalNanos();
                            if (!r.overloaded()) not529.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        pc.shutdownNow();
                    }
                });
                Burst b = burst(p, capStreams, streamGapMs, Duration.ofMillis(500));
                prober.join();
                String health = StreamClient.getText(client, p.base, "/health", Duration.ofSeconds(5));
                String inFlight = health == null ? "n/a" : health.replaceAll(".*\"in_flight\":(\\d+).*", "$1");
                return new CapRun(capLimit, b, inFlight, probes, not529.get());
            } finally {
                client.shutdownNow();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Report

    private void report(StringBuilder o, List<FlagRow> rows, FlagRow rec, Latency lat, String latFailure, CapRun cap,
                        String capFailure, long elapsed) {
        String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        o.append("\n=== aismush benchmark ===\n");
        o.append(String.format(Locale.ROOT, "JDK %s · %d CPUs · %s %s · %s%n", jvm, Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"), memTotal()));
        o.append("Load average (1/5/15 min) before: ").append(loadBefore).append(" · after: ").append(loadAverage())
                .append("  (other work on the machine skews every figure)\n");
        o.append("Processes: client + fake upstream (testkit FakeUpstream) in the bench JVM; aismush in its own JVM (java <flags> -jar aismush.jar).\n");
        o.append(String.format(Locale.ROOT, "Request: %d-byte Claude Code-shaped POST /v1/messages, stream:true; answer: %d SSE events (stamped).%n",
                body.length, upstream.eventsPerAnswer()));
        o.append("Added = aismush percentile minus direct percentile, both measured in this run. MB = MiB. RSS = VmRSS; peak = VmHWM.\n");

        // ---- flag sets
        o.append(String.format(Locale.ROOT, "%n--- JVM flag sets for the proxy process (items 3, 4, 6) ---%n"));
        o.append(String.format(Locale.ROOT, "start = process start → first POST /v1/messages answered, median of %d restarts on the data "
                + "folder a first start made (first = that first start, new folder: it creates the database after its first answer); "
                + "RSS idle = %d s after the first answer with nothing asked (1 s = one second after it, the JIT's scratch memory "
                + "not yet given back); TTFB sample = %d pairs after %d warm-up; %d streams = concurrent clients, events %d ms apart.%n",
                Math.max(1, startRepeats - 1), 1 + IDLE_SETTLE_MS / 1000, sampleMeasured, sampleWarmup, streams, streamGapMs));
        String[] head = {"flag set", "→/health", "start", "first", "RSS idle", "1 s", "first", "TTFB p50", "p99", "added p50", "added p99",
                "peak RSS@" + streams, "RSS after", "ok/errors", "max open", "wall", "targets met"};
        int[] w = {12, 9, 9, 7, 9, 7, 7, 9, 9, 10, 10, 13, 10, 11, 9, 7, 12};
        o.append(row(head, w));
        o.append(row(Arrays.stream(w).mapToObj("-"::repeat).toArray(String[]::new), w));
        for (FlagRow r : rows) {
            if (r.failure != null) {
                o.append(pad(r.set.name(), w[0])).append("  FAILED: ").append(r.failure).append('\n');
                continue;
            }
            Burst b = r.burst;
            o.append(row(new String[] {
                    r.set.name(),
                    Stats.seconds(r.healthNanos),
                    Stats.seconds(r.firstAnswerNanos) + mark(r.startOk()),
                    Stats.seconds(r.firstStartNanos),
                    mb(r.idleRssKb) + mark(r.idleOk()),
                    mb(r.oneSecondRssKb),
                    mb(r.firstStartIdleKb),
                    ms(percentile(r.sampleProxied, 50), 2),
                    ms(percentile(r.sampleProxied, 99), 2),
                    ms(r.addedP50(), 2),
                    ms(r.addedP99(), 2),
                    (b == null ? "n/a" : mb(b.peakRssKb())) + mark(r.peakOk()),
                    b == null ? "n/a" : mb(b.rssAfterKb()),
                    b == null ? "n/a" : b.ok() + "/" + b.failed() + mark(r.streamsOk()),
                    b == null ? "n/a" : Integer.toString(b.maxOpenAtFake()),
                    b == null ? "n/a" : Stats.seconds(b.wallNanos()),
                    r.passes() + "/4"}, w));
        }
        for (FlagRow r : rows) {
            o.append("  ").append(pad(r.set.name(), 11)).append(String.join(" ", r.set.flags().isEmpty() ? List.of("(JVM defaults)") : r.set.flags()))
                    .append(r.set.aot() ? " -XX:AOTCache=<trained>" : "").append(r.aotNote.isEmpty() ? "" : "  [" + r.aotNote + "]");
            if (r.sampleErrors > 0) o.append("  [").append(r.sampleErrors).append(" TTFB-sample errors]");
            if (r.burst != null && !r.burst.errorSamples().isEmpty()) o.append("\n      stream errors: ").append(String.join("; ", r.burst.errorSamples()));
            o.append('\n');
        }
        o.append("  targets: start ≤ ").append(START_S).append(" s, RSS idle ≤ ").append(IDLE_RSS_MB).append(" MB, peak ≤ ")
                .append(PEAK_RSS_MB).append(" MB at ").append(streams).append(" streams with 0 errors ('*' = target missed)\n");
        o.append("  recommended = most targets met; among equals the lowest start/0.5 s + idle/100 MB + peak/512 MB\n");
        o.append(String.format(Locale.ROOT, "%nRecommended flags: %s  (%s; %d/4 targets met: start %s, idle %s, peak %s, %d errors)%n",
                rec.set.describe(), rec.set.name(), rec.passes(), Stats.seconds(rec.firstAnswerNanos), mb(rec.idleRssKb),
                rec.burst == null ? "n/a" : mb(rec.burst.peakRssKb()), rec.burst == null ? -1 : rec.burst.failed()));

        // ---- headline
        o.append(String.format(Locale.ROOT, "%n--- Latency through aismush with '%s' (items 1, 2) ---%n", rec.set.name()));
        if (lat == null) {
            o.append("FAILED: ").append(latFailure).append('\n');
        } else {
            latencyTable(o, rec, lat);
        }
        capSection(o, cap, capFailure);
        o.append(String.format(Locale.ROOT, "%nOverall: %s · bench took %s%n",
                rec.passes() == 4 && lat != null && lat.pass() && cap != null && cap.pass() ? "all targets met" : "some targets missed (see FAIL and '*')",
                Stats.seconds(elapsed)));
    }

    private void latencyTable(StringBuilder o, FlagRow rec, Latency lat) {
        o.append(String.format(Locale.ROOT, "TTFB: %d sequential pairs (direct, proxied) on kept-alive connections after %d warm-up pairs; "
                + "relay: %d streams each way, %d events %d ms apart = %d events each.%n",
                measured, warmup, relayRequests, upstream.eventsPerAnswer(), relayGapMs, lat.relay.proxied.length));
        String[] h2 = {"metric", "direct", "aismush", "added", "target", "result"};
        int[] w2 = {26, 11, 11, 11, 12, 6};
        o.append(row(h2, w2));
        o.append(row(Arrays.stream(w2).mapToObj("-"::repeat).toArray(String[]::new), w2));
        o.append(metric("TTFB p50", lat.ttfb.direct, lat.ttfb.proxied, 50, 2, "≤ 1 ms", ADDED_TTFB_P50_MS, w2));
        o.append(metric("TTFB p90", lat.ttfb.direct, lat.ttfb.proxied, 90, 2, "", Double.NaN, w2));
        o.append(metric("TTFB p99", lat.ttfb.direct, lat.ttfb.proxied, 99, 2, "≤ 5 ms", ADDED_TTFB_P99_MS, w2));
        o.append(metric("TTFB max", lat.ttfb.direct, lat.ttfb.proxied, 100, 2, "", Double.NaN, w2));
        o.append(metric("relay delay/event p50", lat.relay.direct, lat.relay.proxied, 50, 3, "", Double.NaN, w2));
        o.append(metric("relay delay/event p99", lat.relay.direct, lat.relay.proxied, 99, 3, "≤ 1 ms", ADDED_RELAY_P99_MS, w2));
        o.append(metric("relay delay/event max", lat.relay.direct, lat.relay.proxied, 100, 3, "", Double.NaN, w2));
        o.append(row(new String[] {"errors (TTFB, relay runs)", "", Integer.toString(lat.ttfb.errors + lat.relay.errors), "", "0",
                lat.ttfb.errors + lat.relay.errors == 0 ? "PASS" : "FAIL"}, w2));
        if (lat.ttfb.firstError != null) o.append("  first error: ").append(lat.ttfb.firstError).append('\n');
        o.append(row(new String[] {"start → first answer", "", Stats.seconds(rec.firstAnswerNanos), "", "≤ 0.5 s", rec.startOk() ? "PASS" : "FAIL"}, w2));
        o.append(row(new String[] {"  the first start", "", Stats.seconds(rec.firstStartNanos), "", "", ""}, w2));
        o.append(row(new String[] {"RSS idle", "", mb(rec.idleRssKb), "", "≤ 100 MB", rec.idleOk() ? "PASS" : "FAIL"}, w2));
        o.append(row(new String[] {"  one second after", "", mb(rec.oneSecondRssKb), "", "", ""}, w2));
        o.append(row(new String[] {"  the first start", "", mb(rec.firstStartIdleKb), "", "", ""}, w2));
        o.append(row(new String[] {"RSS peak @ " + streams + " streams", "", rec.burst == null ? "n/a" : mb(rec.burst.peakRssKb()), "",
                "≤ 512 MB", rec.peakOk() ? "PASS" : "FAIL"}, w2));
        o.append(row(new String[] {"errors @ " + streams + " streams", "", rec.burst == null ? "n/a" : Integer.toString(rec.burst.failed()), "",
                "0", rec.streamsOk() ? "PASS" : "FAIL"}, w2));

    }

    private void capSection(StringBuilder o, CapRun cap, String capFailure) {
        if (cap == null) {
            o.append(String.format(Locale.ROOT, "%n--- In-flight cap: AISMUSH_MAX_IN_FLIGHT=%d, %d concurrent streams (item 5) ---%n", capLimit, capStreams));
            o.append("FAILED: ").append(capFailure).append('\n');
            return;
        }
        Burst b = cap.burst;
        o.append(String.format(Locale.ROOT, "%n--- In-flight cap: AISMUSH_MAX_IN_FLIGHT=%d, %d concurrent streams (item 5) ---%n", cap.limit, b.n()));
        o.append(String.format(Locale.ROOT, "served %d (expected %d) · 529 overloaded_error %d (expected %d) · other errors %d · max open at the fake %d%n",
                b.ok(), cap.limit, b.overloaded(), b.n() - cap.limit, b.failed(), b.maxOpenAtFake()));
        o.append(String.format(Locale.ROOT, "in the burst, 529 answered in p50 %s / max %s (streams last %s p50) · peak RSS %s · RSS after %s · healthy after: %s · in_flight after: %s%n",
                ms(percentile(b.overloadedNanos(), 50), 1), ms(percentile(b.overloadedNanos(), 100), 1), ms(percentile(b.okNanos(), 50), 0),
                mb(b.peakRssKb()), mb(b.rssAfterKb()), b.healthyAfter() ? "yes" : "NO", cap.inFlightAfter));
        o.append(String.format(Locale.ROOT, "single requests at the full cap (%d, one after another, 2 s into the burst): 529 in p50 %s / max %s%s%n",
                cap.probeNanos.length, ms(percentile(cap.probeNanos, 50), 1), ms(percentile(cap.probeNanos, 100), 1),
                cap.probesNot529 == 0 ? "" : " · " + cap.probesNot529 + " NOT answered 529"));
        if (!b.errorSamples().isEmpty()) o.append("errors: ").append(String.join("; ", b.errorSamples())).append('\n');
        o.append("result: ").append(cap.pass() ? "PASS" : "FAIL").append('\n');
    }

    private static String mark(boolean ok) {
        return ok ? "" : "*";
    }

    private static String metric(String name, long[] direct, long[] proxied, double p, int decimals, String target, double targetMs, int[] w) {
        double d = percentile(direct, p), a = percentile(proxied, p), added = a - d;
        String result = Double.isNaN(targetMs) ? "" : added <= targetMs * 1e6 ? "PASS" : "FAIL";
        return row(new String[] {name, ms(d, decimals), ms(a, decimals), ms(added, decimals), target, result}, w);
    }

    private static String row(String[] cells, int[] widths) {
        var sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            sb.append(i == 0 ? pad(cells[i], widths[i]) : padLeft(cells[i], widths[i]));
            if (i < cells.length - 1) sb.append("  ");
        }
        return sb.toString().stripTrailing() + "\n";
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            var os = ManagementFactory.getOperatingSystemMXBean();
            return String.format(Locale.ROOT, "%.2f", os.getSystemLoadAverage());
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GB RAM").findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    /** Removes a temporary folder and what it holds, as far as it can. */
    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
