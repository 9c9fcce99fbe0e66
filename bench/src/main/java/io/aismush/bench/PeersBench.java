package io.aismush.bench;

import io.aismush.testkit.ClaudeCodeRequests;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static io.aismush.bench.Stats.percentile;

/**
 * The peer comparison: direct to the fake (the limit), nginx as a pure pass-through, claude-code-router, and aismush
 * with its full pipeline, each in front of the same fake upstream, driven by the same client, in one run, on
 * Claude Code-shaped streamed requests of 50 kB and 200 kB. Prints one markdown table, ratios, and pass/fail lines.
 * Run it with {@code bench/run peers [--quick]}; see bench/README.md.
 */
public final class PeersBench {
    static final int[] SIZES = {50_000, 200_000};
    static final int[] CONCURRENCY = {1, 10, 100, 1000};
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** The longest warm-up waits for the first wave of a throughput run (a slow proxy with 1000 clients queues long). */
    static final Duration FIRST_WAVE_LIMIT = Duration.ofSeconds(90);
    /** HttpClients (each with its own selector thread) the throughput runs spread their clients over. */
    static final int CLIENT_SELECTORS = 4;

    int warmPairs = 500, pairs = 1000, relayStreams = 100, startRepeats = 3;
    long relayGapMs = 2;
    Duration tputWarm = Duration.ofSeconds(3), tputMeasure = Duration.ofSeconds(10);
    boolean quick, keep;
    Set<String> only;
    Duration deadline = Duration.ofMinutes(45);

    final List<Peer> peers = new ArrayList<>();
    Path work;
    StampingUpstream upstream;
    final Map<Integer, byte[]> bodies = new LinkedHashMap<>();
    String loadBefore;

    public static void main(String[] args) throws Exception {
        var b = new PeersBench();
        try {
            b.parse(args);
        } catch (RuntimeException e) {
            System.err.println("bench peers: " + e.getMessage());
            System.exit(2);
        }
        System.exit(b.run());
    }

    void parse(String[] args) {
        Path launcher = null, javaHome = Path.of(System.getProperty("java.home")), nginx = null, node = Path.of("node"), ccr = null;
        String nginxSkip = null, ccrSkip = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--launcher" -> launcher = Path.of(args[++i]);
                case "--java-home" -> javaHome = Path.of(args[++i]);
                case "--nginx" -> nginx = Path.of(args[++i]);
                case "--nginx-skip" -> nginxSkip = args[++i];
                case "--node" -> node = Path.of(args[++i]);
                case "--ccr" -> ccr = Path.of(args[++i]);
                case "--ccr-skip" -> ccrSkip = args[++i];
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--keep" -> keep = true;
                case "--quick" -> {
                    quick = true;
                    warmPairs = 100;
                    pairs = 200;
                    relayStreams = 20;
                    startRepeats = 1;
                    tputWarm = Duration.ofSeconds(1);
                    tputMeasure = Duration.ofSeconds(3);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: bench/run peers [--quick] [--only direct,nginx,claude-code-router,aismush] [--keep]");
            }
        }
        peers.add(new Peer.Direct());
        peers.add(new Peer.Nginx(nginx, nginxSkip));
        peers.add(new Peer.ClaudeCodeRouter(node, ccr, ccrSkip));
        peers.add(new Peer.Aismush(launcher, javaHome));
        if (only != null) {
            for (String name : only) {
                if (peers.stream().noneMatch(p -> p.name().equals(name))) throw new IllegalArgumentException("no peer named " + name);
            }
        }
    }

    /** Everything measured for one peer. */
    static final class Row {
        final Peer peer;
        String skipped;
        /** Set when the proxy's process ended during the runs: its exit code and the end of its log. */
        String died;
        /** What the peer did to a request on its way to the upstream (from a probe against a recording fake). */
        String fidelity = "";
        double startNanos = Double.NaN;
        long idleRssKb = -1, peakRssKb = -1;
        final Map<Integer, Sized> bySize = new LinkedHashMap<>();

        Row(Peer peer) {
            this.peer = peer;
        }
    }

    /** One peer at one body size. */
    static final class Sized {
        long[] ttfbDirect, ttfbPeer, relayDirect, relayPeer;
        int latencyErrors;
        String firstError;
        final Map<Integer, Tput> tput = new LinkedHashMap<>();

        double addedP50() {
            return percentile(ttfbPeer, 50) - percentile(ttfbDirect, 50);
        }

        double addedP99() {
            return percentile(ttfbPeer, 99) - percentile(ttfbDirect, 99);
        }

        double relayAddedP99() {
            return percentile(relayPeer, 99) - percentile(relayDirect, 99);
        }

        int errors() {
            return latencyErrors + tput.values().stream().mapToInt(Tput::errors).sum();
        }
    }

    /**
     * A closed-loop throughput run: {@code streams} clients each sending the next request when its stream ended.
     *
     * @param perSecond    streams completed (message_stop seen) per second in the measured window
     * @param peerCpuMs    CPU the proxy's processes used per completed stream (ms), -1 for direct
     * @param benchCpuPct  CPU the bench JVM (client + fake) used in the window, % of one core
     * @param peerCpuPct   CPU the proxy used in the window, % of one core
     * @param firstWaveDone whether every client had finished its first stream before the window opened
     * @param warmSeconds  how long the warm-up took
     */
    record Tput(int streams, double perSecond, int completed, int errors, String firstError, double peerCpuMs,
                double benchCpuPct, double peerCpuPct, boolean firstWaveDone, double warmSeconds) {}

    int run() throws Exception {
        long began = System.nanoTime();
        loadBefore = Machine.loadAverage();
        startDeadline();
        work = Files.createTempDirectory("aismush-peers-");
        for (int size : SIZES) bodies.put(size, ClaudeCodeRequests.streamed(size));
        upstream = StampingUpstream.start();
        var rows = new ArrayList<Row>();
        try {
            log("fake upstream at %s (in this JVM, pid %d); work folder %s", upstream.baseUrl(), ProcessHandle.current().pid(), work);
            warmClient();
            for (Peer peer : peers) rows.add(measure(peer));
        } finally {
            upstream.close();
            if (keep) log("kept %s (each launch's folder holds its log)", work);
            else Bench.deleteTree(work);
        }
        var report = new PeerReport(rows, this, System.nanoTime() - began);
        System.out.print(report.render());
        System.out.flush();
        return report.allPass() ? 0 : 1;
    }

    private void startDeadline() {
        Thread.ofPlatform().daemon().name("peers-deadline").start(() -> {
            try {
                Thread.sleep(deadline);
                System.err.println("bench peers: gave up after " + deadline.toMinutes() + " minutes; stopping the proxies");
                System.exit(3);
            } catch (InterruptedException ignored) {
                // never interrupted
            }
        });
    }

    void log(String format, Object... args) {
        System.err.printf("bench peers: " + format + "%n", args);
    }

    /** JIT-warms this JVM's client and fake, so the first peer measured is not the one paying for it. */
    private void warmClient() {
        log("warming the client and the fake");
        HttpClient c = StreamClient.newClient();
        for (int i = 0; i < 300; i++) for (byte[] body : bodies.values()) StreamClient.post(c, upstream.baseUrl(), body, -1, true, TIMEOUT);
        c.shutdownNow();
    }

    private Row measure(Peer peer) {
        var row = new Row(peer);
        if (only != null && !only.contains(peer.name()) && !(peer instanceof Peer.Direct)) { // direct, the reference, always runs
            row.skipped = "not selected (--only)";
            return row;
        }
        if (peer.unavailable() != null) {
            row.skipped = peer.unavailable();
            log("%s skipped: %s", peer.name(), row.skipped);
            return row;
        }
        log("%s", peer.name());
        PeerProcess p = null;
        HttpClient client = StreamClient.newClient();
        try {
            URI base;
            if (peer instanceof Peer.Direct) {
                base = upstream.baseUrl();
            } else {
                // One unmeasured launch first (the file cache; for aismush the launcher's AOT training run), which
                // also shows what the peer does to a request on its way upstream.
                row.fidelity = probe(peer, client);
                log("  %s forwards: %s", peer.name(), row.fidelity);
                var starts = new double[startRepeats];
                for (int i = 0; i < startRepeats; i++) {
                    if (p != null) p.stop(Duration.ofSeconds(20));
                    Machine.quiesce();
                    p = launch(peer, "start-" + i);
                    starts[i] = p.awaitReady(client, Duration.ofSeconds(120));
                }
                row.startNanos = Stats.median(starts);
                base = p.base;
                var first = StreamClient.post(client, base, bodies.get(SIZES[0]), -1, false, TIMEOUT);
                if (!first.ok()) throw new IllegalStateException("first request through " + peer.name() + " failed: " + first.describe());
                Thread.sleep(1000);
                row.idleRssKb = p.rssKb();
            }
            for (int size : SIZES) {
                row.bySize.put(size, measureSize(row, p, base, bodies.get(size)));
                if (row.died != null) break;
            }
        } catch (Exception e) {
            row.skipped = "FAILED: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            log("%s failed: %s", peer.name(), e);
        } finally {
            client.shutdownNow();
            if (p != null) p.stop(Duration.ofSeconds(20));
        }
        return row;
    }

    private PeerProcess launch(Peer peer, String label) throws Exception {
        return launch(peer, label, upstream.baseUrl());
    }

    private PeerProcess launch(Peer peer, String label, URI to) throws Exception {
        Path dir = Files.createDirectories(work.resolve(peer.name()).resolve(label));
        return switch (peer) {
            case Peer.Nginx n -> n.launch(to, dir);
            case Peer.ClaudeCodeRouter c -> c.launch(to, dir);
            case Peer.Aismush a -> a.launch(to, dir, Map.of());
            case Peer.Direct d -> throw new IllegalArgumentException("direct has no process");
        };
    }

    /** The unmeasured first launch, against a fake that keeps bodies: what the peer does to a request. */
    private String probe(Peer peer, HttpClient client) throws Exception {
        try (var recording = io.aismush.testkit.FakeUpstream.start(true)) {
            var p = launch(peer, "warm-up", recording.baseUrl());
            try {
                p.awaitReady(client, Duration.ofSeconds(300));
                byte[] sent = bodies.get(SIZES[0]);
                var r = StreamClient.post(client, p.base, sent, -1, false, TIMEOUT);
                if (!r.ok()) return "probe request failed: " + r.describe();
                var got = recording.requests().stream().filter(q -> q.path().equals("/v1/messages")).findFirst().orElse(null);
                return got == null ? "the fake received no /v1/messages" : Fidelity.describe(sent, got);
            } finally {
                p.stop(Duration.ofSeconds(60));
            }
        }
    }

    private Sized measureSize(Row row, PeerProcess p, URI base, byte[] body) throws Exception {
        Peer peer = row.peer;
        var s = new Sized();
        log("  %s, %d-byte requests: TTFB, %d warm-up + %d measured pairs (direct, %s)", peer.name(), body.length, warmPairs, pairs, peer.name());
        upstream.defaultGap(0);
        HttpClient direct = StreamClient.newClient(), proxied = StreamClient.newClient();
        try {
            s.ttfbDirect = new long[pairs];
            s.ttfbPeer = new long[pairs];
            for (int i = 0; i < warmPairs + pairs; i++) {
                var rd = StreamClient.post(direct, upstream.baseUrl(), body, -1, false, TIMEOUT);
                var rp = StreamClient.post(proxied, base, body, -1, false, TIMEOUT);
                if (i < warmPairs) continue;
                if (!rd.ok() || !rp.ok()) {
                    s.latencyErrors++;
                    if (s.firstError == null) s.firstError = !rd.ok() ? "direct: " + rd.describe() : rp.describe();
                }
                s.ttfbDirect[i - warmPairs] = rd.ttfbNanos();
                s.ttfbPeer[i - warmPairs] = rp.ttfbNanos();
            }
            log("  %s: relay delay, %d streams each way, events %d ms apart", peer.name(), relayStreams, relayGapMs);
            upstream.defaultGap(relayGapMs);
            var d = new ArrayList<long[]>();
            var q = new ArrayList<long[]>();
            for (int i = 0; i < relayStreams; i++) {
                var rd = StreamClient.post(direct, upstream.baseUrl(), body, -1, true, TIMEOUT);
                var rp = StreamClient.post(proxied, base, body, -1, true, TIMEOUT);
                if (!rd.ok() || !rp.ok()) {
                    s.latencyErrors++;
                    if (s.firstError == null) s.firstError = !rd.ok() ? "direct: " + rd.describe() : rp.describe();
                }
                d.add(rd.relayNanos());
                q.add(rp.relayNanos());
            }
            s.relayDirect = Stats.concat(d);
            s.relayPeer = Stats.concat(q);
        } finally {
            upstream.defaultGap(0);
            direct.shutdownNow();
            proxied.shutdownNow();
        }
        for (int c : CONCURRENCY) {
            log("  %s: %d concurrent streams, warm-up until each has had an answer (%d-%d s), then %d s measured", peer.name(), c,
                    tputWarm.toSeconds(), FIRST_WAVE_LIMIT.toSeconds(), tputMeasure.toSeconds());
            s.tput.put(c, throughput(p, base, body, c));
            if (p != null) {
                row.peakRssKb = Math.max(row.peakRssKb, p.peakRssKb()); // read while it runs: VmHWM goes with the process
                if (!p.alive()) {
                    row.died = fmt("its process ended (exit code %d) during %d-byte requests at %d concurrent streams; its log: %s",
                            p.process.exitValue(), body.length, c, lastWord(p.logTail(40)));
                    log("  %s %s", peer.name(), row.died);
                    break;
                }
            }
        }
        return s;
    }

    /**
     * {@code n} clients in a closed loop. Warm-up lasts until every client has finished its first stream (so the
     * first wave's queue is not in the figure), at least {@code tputWarm}, at most {@link #FIRST_WAVE_LIMIT}; then
     * streams ending in the next {@code tputMeasure} are counted. Failures count whenever they happen; requests
     * still running a few seconds after the window are cut off and not counted. CPU of this JVM and of the proxy's
     * processes is read at the window's edges.
     */
    private Tput throughput(PeerProcess p, URI base, byte[] body, int n) throws Exception {
        // Each JDK HttpClient does its I/O on one selector thread: spread the clients over several, so the
        // generator is not held to one core.
        var clients = new HttpClient[Math.min(n, CLIENT_SELECTORS)];
        for (int i = 0; i < clients.length; i++) clients[i] = StreamClient.newClient();
        long t0 = System.nanoTime();
        var from = new AtomicLong(Long.MAX_VALUE);
        var to = new AtomicLong(Long.MAX_VALUE);
        var firstWave = new java.util.concurrent.CountDownLatch(n);
        var completed = new LongAdder();
        var errors = new AtomicInteger();
        var firstError = new java.util.concurrent.atomic.AtomicReference<String>();
        var cutOff = new java.util.concurrent.atomic.AtomicBoolean();
        long self = ProcessHandle.current().pid();
        long[] cpu = new long[4]; // bench from, bench to, proxy from, proxy to
        var exec = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < n; i++) {
            long startAt = t0 + TimeUnit.MILLISECONDS.toNanos(1) * i; // the first wave spread over n ms
            HttpClient client = clients[i % clients.length];
            exec.submit(() -> {
                long wait = startAt - System.nanoTime();
                if (wait > 0) Thread.sleep(Duration.ofNanos(wait));
                boolean first = true;
                while (System.nanoTime() < to.get()) {
                    var r = StreamClient.post(client, base, body, -1, false, TIMEOUT);
                    long end = System.nanoTime();
                    if (first) {
                        firstWave.countDown();
                        first = false;
                    }
                    if (r.ok()) {
                        if (end >= from.get() && end <= to.get()) completed.increment();
                    } else if (!cutOff.get()) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, r.describe());
                    }
                }
                return null;
            });
        }
        boolean waveDone = firstWave.await(FIRST_WAVE_LIMIT.toNanos(), TimeUnit.NANOSECONDS);
        long warmEnd = t0 + tputWarm.toNanos();
        if (System.nanoTime() < warmEnd) Thread.sleep(Duration.ofNanos(warmEnd - System.nanoTime()));
        cpu[0] = PeerProcess.cpuTicks(self);
        cpu[2] = p == null ? -1 : p.cpuTicks();
        long f = System.nanoTime();
        from.set(f);
        to.set(f + tputMeasure.toNanos());
        Thread.sleep(tputMeasure);
        cpu[1] = PeerProcess.cpuTicks(self);
        cpu[3] = p == null ? -1 : p.cpuTicks();
        exec.shutdown();
        if (!exec.awaitTermination(5, TimeUnit.SECONDS)) {
            cutOff.set(true);
            for (var c : clients) c.shutdownNow();
            exec.shutdownNow();
            exec.awaitTermination(30, TimeUnit.SECONDS);
        }
        exec.close();
        for (var c : clients) c.shutdownNow();
        double secs = tputMeasure.toNanos() / 1e9;
        int done = completed.intValue();
        double ticks = 100.0; // USER_HZ
        double benchPct = (cpu[1] - cpu[0]) / ticks / secs * 100;
        double peerPct = p == null ? Double.NaN : (cpu[3] - cpu[2]) / ticks / secs * 100;
        double perReq = p == null || done == 0 ? Double.NaN : (cpu[3] - cpu[2]) / ticks * 1000 / done;
        return new Tput(n, done / secs, done, errors.get(), firstError.get(), perReq, benchPct, peerPct, waveDone,
                (f - t0) / 1e9);
    }

    /** The log's last line that names an error, else its last line; shortened. */
    private static String lastWord(String tail) {
        var lines = tail.lines().toList();
        String pick = lines.isEmpty() ? "" : lines.getLast();
        for (String l : lines) if (l.contains("Error") || l.contains("Exception") || l.contains("Terminating")) pick = l;
        return pick.length() > 200 ? pick.substring(0, 200) + "…" : pick;
    }

    static String today() {
        return LocalDate.now().toString();
    }

    static String fmt(String f, Object... a) {
        return String.format(Locale.ROOT, f, a);
    }
}
