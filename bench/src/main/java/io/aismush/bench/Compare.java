package io.aismush.bench;

import io.aismush.testkit.ClaudeCodeRequests;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import static io.aismush.bench.Stats.ms;
import static io.aismush.bench.Stats.pad;
import static io.aismush.bench.Stats.padLeft;
import static io.aismush.bench.Stats.percentile;

/**
 * Two builds of aismush side by side: did a change move the latency? On a small machine the main report's figures
 * drift by 0.1-0.2 ms between runs minutes apart, more than most changes move them. Here both proxies run at once and
 * are measured in rotation, request by request (direct, A, B, then A, B, direct, ...), so drift falls on all three
 * alike. The measured requests are cut into blocks; the report gives each one's percentiles over all of them and in
 * how many blocks B's median beat A's, with the sign test's chance of as lopsided a count if the two were the same.
 *
 * <p>Both proxies get the launcher's JVM flags without an AOT cache (it shortens the start, not the steady state, and
 * the warm-up lets the JIT finish). With two proxy JVMs on the machine the absolute figures run higher than the
 * main report's; compare A with B here, and read the targets off {@code bench/run}.
 */
public final class Compare {
    static final int BODY_BYTES = 200_000;
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String[] NAMES = {"direct", "A", "B"};

    Path java;
    Path jarA;
    Path jarB;
    int warmup = 2000, blocks = 8, perBlock = 400, relayStreams = 150;
    long relayGapMs = 2;

    public static void main(String[] args) throws Exception {
        var c = new Compare();
        try {
            c.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println("usage: bench/run compare A.jar [B.jar] [--blocks N] [--per-block N] [--warmup N] [--relay N]"
                    + " (B defaults to the jar just built)");
            System.exit(2);
        }
        System.exit(c.run());
    }

    void parse(String[] args) {
        var jars = new ArrayList<Path>();
        Path built = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--java" -> java = Path.of(value(args, ++i));
                case "--built" -> built = Path.of(value(args, ++i)); // B when only A is given
                case "--blocks" -> blocks = positive(args, ++i);
                case "--per-block" -> perBlock = positive(args, ++i);
                case "--warmup" -> warmup = positive(args, ++i);
                case "--relay" -> relayStreams = positive(args, ++i);
                default -> {
                    if (args[i].startsWith("--")) throw new IllegalArgumentException("unknown option " + args[i]);
                    jars.add(Path.of(args[i]));
                }
            }
        }
        if (jars.isEmpty() || jars.size() > 2) throw new IllegalArgumentException("give one or two jars to compare");
        jarA = jars.get(0).toAbsolutePath(); // the proxies run in folders of their own
        jarB = jars.size() == 2 ? jars.get(1).toAbsolutePath() : built;
        if (jarB == null) throw new IllegalArgumentException("give the second jar");
        for (Path p : List.of(jarA, jarB)) if (!Files.isRegularFile(p)) throw new IllegalArgumentException("no such jar: " + p);
        if (java == null) java = Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " wants a value");
        return args[i];
    }

    private static int positive(String[] args, int i) {
        int n = Integer.parseInt(value(args, i));
        if (n <= 0) throw new IllegalArgumentException(args[i - 1] + " wants a positive number");
        return n;
    }

    /** One contender's samples: TTFB per block, relay delays of every event. */
    record Samples(List<long[]> ttfbBlocks, List<long[]> relays) {
        long[] ttfb() {
            return Stats.concat(ttfbBlocks);
        }

        long[] relay() {
            return Stats.concat(relays);
        }

        double blockMedian(int block) {
            return percentile(ttfbBlocks.get(block), 50);
        }
    }

    int run() throws Exception {
        String loadBefore = Machine.loadAverage();
        long began = System.nanoTime();
        Path work = Files.createTempDirectory("aismush-compare-");
        byte[] body = ClaudeCodeRequests.streamed(BODY_BYTES);
        List<String> flags = Bench.BASE_FLAGS.get("serial");
        try (var upstream = StampingUpstream.start();
             var a = ProxyProcess.spawn(java, jarA, flags, upstream.baseUrl(), Map.of(), work);
             var b = ProxyProcess.spawn(java, jarB, flags, upstream.baseUrl(), Map.of(), work)) {
            HttpClient[] clients = {StreamClient.newClient(), StreamClient.newClient(), StreamClient.newClient()};
            URI[] targets = {upstream.baseUrl(), a.base, b.base};
            var samples = List.of(new Samples(new ArrayList<>(), new ArrayList<>()), new Samples(new ArrayList<>(), new ArrayList<>()),
                    new Samples(new ArrayList<>(), new ArrayList<>()));
            Bench.awaitHealthy(a, clients[1]);
            Bench.awaitHealthy(b, clients[2]);

            System.err.printf("bench: compare: %d warm-up rounds%n", warmup);
            rounds(clients, targets, body, warmup, -1, (j, i, r) -> { });
            for (int k = 0; k < blocks; k++) {
                System.err.printf("bench: compare: block %d of %d (%d rounds)%n", k + 1, blocks, perBlock);
                long[][] block = new long[3][perBlock];
                rounds(clients, targets, body, perBlock, -1, (j, i, r) -> block[j][i] = r.ttfbNanos());
                for (int j = 0; j < 3; j++) samples.get(j).ttfbBlocks().add(block[j]);
            }
            System.err.printf("bench: compare: %d streams each, events %d ms apart%n", relayStreams, relayGapMs);
            rounds(clients, targets, body, relayStreams, relayGapMs, (j, i, r) -> samples.get(j).relays().add(r.relayNanos()));
            for (HttpClient c : clients) c.shutdownNow();
            System.out.print(report(samples, loadBefore, System.nanoTime() - began));
            return 0;
        } catch (IllegalStateException | TimeoutException e) {
            System.err.println("bench: compare failed: " + e.getMessage());
            return 1;
        } finally {
            Bench.deleteTree(work);
        }
    }

    /** What a round does with one target's answer: {@code target} 0 is direct, 1 is A, 2 is B. */
    private interface Answer {
        void take(int target, int round, StreamClient.Result result);
    }

    /**
     * {@code n} rounds of one request to each target, the order rotating; streams are timed per event when
     * {@code gapMs} is set (≥ 0), else only to their first byte.
     */
    private static void rounds(HttpClient[] clients, URI[] targets, byte[] body, int n, long gapMs, Answer answer) {
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                int j = (i + k) % 3;
                var r = StreamClient.post(clients[j], targets[j], body, Math.max(0, gapMs), gapMs >= 0, TIMEOUT);
                if (!r.ok()) throw new IllegalStateException(NAMES[j] + ": " + r.describe());
                answer.take(j, i, r);
            }
        }
    }

    private String report(List<Samples> s, String loadBefore, long tookNanos) {
        var o = new StringBuilder();
        o.append("\n=== aismush A/B comparison ===\n");
        o.append(Machine.describe()).append('\n');
        o.append("Load average (1/5/15 min) before: ").append(loadBefore).append(" · after: ").append(Machine.loadAverage())
                .append("  (other work on the machine skews every figure)\n");
        o.append("A = ").append(jarA).append("\nB = ").append(jarB).append('\n');
        o.append(String.format(Locale.ROOT, "TTFB: %d rounds (direct, A, B in rotating order) after %d warm-up rounds, in %d blocks;"
                + " relay: %d streams each, 11 events %d ms apart. Both proxies run at once, launcher flags, no AOT cache.%n",
                blocks * perBlock, warmup, blocks, relayStreams, relayGapMs));
        o.append('\n').append(pad("metric", 22)).append(padLeft("direct", 11)).append(padLeft("A", 11)).append(padLeft("B", 11))
                .append(padLeft("B − A", 11)).append('\n');
        o.append("-".repeat(22)).append(("  " + "-".repeat(9)).repeat(4)).append('\n');
        long[][] ttfb = {s.get(0).ttfb(), s.get(1).ttfb(), s.get(2).ttfb()};
        long[][] relay = {s.get(0).relay(), s.get(1).relay(), s.get(2).relay()};
        for (double p : new double[] {50, 90, 99}) row(o, "TTFB p" + (int) p, ttfb, p, 2);
        for (double p : new double[] {50, 99}) row(o, "relay delay p" + (int) p, relay, p, 3);
        int bWins = 0;
        var perBlock = new StringBuilder();
        for (int k = 0; k < blocks; k++) {
            double da = s.get(1).blockMedian(k), db = s.get(2).blockMedian(k);
            if (db < da) bWins++;
            perBlock.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%+.3f", (db - da) / 1e6));
        }
        o.append(String.format(Locale.ROOT, "%nTTFB p50 per block, B − A (ms): %s%n", perBlock));
        o.append(String.format(Locale.ROOT, "B's median below A's in %d of %d blocks; if A and B were the same, a count at least"
                + " this lopsided has a chance of %.3f (two-sided sign test)%n", bWins, blocks, signTest(bWins, blocks)));
        o.append(String.format(Locale.ROOT, "took %.0f s%n", tookNanos / 1e9));
        return o.toString();
    }

    private static void row(StringBuilder o, String name, long[][] values, double p, int decimals) {
        double[] v = {percentile(values[0], p), percentile(values[1], p), percentile(values[2], p)};
        o.append(pad(name, 22));
        for (double x : v) o.append(padLeft(ms(x, decimals), 11));
        o.append(padLeft(String.format(Locale.ROOT, "%+." + decimals + "f ms", (v[2] - v[1]) / 1e6), 11)).append('\n');
    }

    /**
     * The two-sided sign test: the chance, if each block were a fair coin, of a split at least as uneven as
     * {@code wins} of {@code n}.
     */
    static double signTest(int wins, int n) {
        int extreme = Math.max(wins, n - wins);
        double tail = 0;
        for (int i = extreme; i <= n; i++) tail += binomial(n, i);
        tail /= Math.pow(2, n);
        return Math.min(1, 2 * tail - (2 * extreme == n ? binomial(n, extreme) / Math.pow(2, n) : 0));
    }

    private static double binomial(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }
}
