package io.aismush.bench;

import io.aismush.app.AismushServer;
import io.aismush.compress.CompressStage;
import io.aismush.compress.Compressor;
import io.aismush.config.CompressionSettings;
import io.aismush.config.Config;
import io.aismush.config.MemorySettings;
import io.aismush.context.TokenEstimator;
import io.aismush.metering.RequestRecord;
import io.aismush.pipeline.Reduction;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.ReferenceSession;
import io.aismush.testkit.SimulatedCache;
import io.aismush.wire.Usage;

import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Runs the reference session (32 Claude Code-shaped agent steps and a background request) through the proxy four
 * times — the all-Claude baseline (direct, compression and memory off: what the session costs without aismush),
 * direct (all Claude, compression and memory on), default routing, and forced to DeepSeek — against fakes that
 * simulate each provider's prompt cache, and prints which turns went where and why, the switch count, cache hit
 * rate, compression, and the cost of each run against the baseline. Compression per kind comes from the compress
 * stage applied to the baseline's requests, which reached the fake unchanged.
 * Prices (USD per million tokens, PROTOCOL.md §5; DeepSeek at its peak prices, the conservative case):
 * claude-opus-5-5 input 4, cache write 5, cache read 0.20, output 20; deepseek-flash miss 0.30, hit 0.006, output 1.20.
 *
 * <p>Run: {@code bench/run routing}.
 */
public final class ReferenceSessionReport {
    private ReferenceSessionReport() {}

    record Run(String name, List<RequestRecord> records, List<byte[]> bodies) {
        double cost() {
            return records.stream().mapToDouble(ReferenceSessionReport::cost).sum();
        }

        long switches() {
            var main = records.stream().filter(r -> !r.modelRequested().contains("haiku")).toList();
            long n = 0;
            for (int i = 1; i < main.size(); i++) if (!main.get(i).provider().equals(main.get(i - 1).provider())) n++;
            return n;
        }

        double cacheHitRate() {
            long read = records.stream().mapToLong(r -> r.usage().cacheReadTokens()).sum();
            long all = records.stream().mapToLong(r -> r.usage().inputTokens() + r.usage().cacheReadTokens() + r.usage().cacheWriteTokens()).sum();
            return all == 0 ? 0 : (double) read / all;
        }

        long tokensCompressed() {
            return records.stream().mapToLong(RequestRecord::compressionTokensSaved).sum();
        }
    }

    public static void main(String[] args) throws Exception {
        Run baseline = run("all-Claude baseline (no aismush features)", c -> {
            var m = c.memory();
            var k = c.compression();
            return c.withRouting(c.routing().withDirect(true)).withCompression(new CompressionSettings(false, false, k.trimAtTokens()))
                    .withMemory(new MemorySettings(false, m.budgetTokens(), m.halfLife(), m.expiry(), m.summary(), m.summaryIdle()));
        });
        Run direct = run("direct (all Claude)", c -> c.withRouting(c.routing().withDirect(true)));
        Run routed = run("default routing", c -> c);
        Run forced = run("FORCE_PROVIDER=deepseek", c -> c.withForceProvider("deepseek"));

        System.out.println("Reference session, default routing: where each request went and why");
        System.out.println();
        System.out.println("| # | step | provider | reason |");
        System.out.println("|---|---|---|---|");
        var steps = ReferenceSession.STEPS;
        int step = 0;
        for (RequestRecord r : routed.records) {
            boolean background = r.modelRequested().contains("haiku");
            String what = background ? "background title" : describe(steps.get(step));
            System.out.printf("| %s | %s | %s | %s |%n", background ? "–" : String.valueOf(step + 1), what, r.provider(), r.routeReason());
            if (!background) step++;
        }
        System.out.println();
        System.out.println("Reference session: cost of each run against the all-Claude baseline (the same session with no aismush features)");
        System.out.println();
        System.out.println("| run | requests | Claude | DeepSeek | switches | cache hit rate | tokens removed by compression | cost (USD) | all-Claude baseline (USD) | savings |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Run run : List.of(baseline, direct, routed, forced)) {
            long claude = run.records.stream().filter(r -> r.provider().equals("anthropic")).count();
            System.out.printf(java.util.Locale.ROOT, "| %s | %d | %d | %d | %d | %.0f %% | %d | %.4f | %.4f | %s |%n", run.name, run.records.size(), claude,
                    run.records.size() - claude, run.switches(), run.cacheHitRate() * 100, run.tokensCompressed(), run.cost(), baseline.cost(),
                    run == baseline ? "–" : String.format(java.util.Locale.ROOT, "%.1f %%", 100 * (1 - run.cost() / baseline.cost())));
        }
        compressionPerKind(baseline);
    }

    /**
     * What the compress stage removes from the session, per kind, summed over every request (a tool result is in
     * every later request too): the baseline's bodies reached its fake exactly as the client sent them.
     */
    private static void compressionPerKind(Run baseline) {
        var stage = new CompressStage(new Compressor(false), TokenEstimator.standard());
        Map<String, Reduction> byKind = new TreeMap<>();
        for (byte[] body : baseline.bodies) {
            stage.rewrite(body).reductions().values().forEach(r -> byKind.merge(r.kind(), r, Reduction::plus));
        }
        long before = baseline.bodies.stream().mapToLong(b -> TokenEstimator.standard().estimate(b, 0, b.length)).sum();
        System.out.println();
        System.out.printf(java.util.Locale.ROOT, "Compression per kind over the session's %d requests (%d prompt tokens in all, estimated)%n",
                baseline.bodies.size(), before);
        System.out.println();
        System.out.println("| kind | tool results (× requests carrying them) | tokens before | tokens after | removed | of the kind | of all prompt tokens |");
        System.out.println("|---|---|---|---|---|---|---|");
        long saved = 0;
        for (Reduction r : byKind.values()) {
            saved += r.tokensSaved();
            System.out.printf(java.util.Locale.ROOT, "| %s | %d | %d | %d | %d | %.0f %% | %.1f %% |%n", r.kind(), r.count(), r.tokensBefore(), r.tokensAfter(),
                    r.tokensSaved(), 100.0 * r.tokensSaved() / Math.max(1, r.tokensBefore()), 100.0 * r.tokensSaved() / Math.max(1, before));
        }
        System.out.printf(java.util.Locale.ROOT, "| all kinds | | | | %d | | %.1f %% |%n", saved, 100.0 * saved / Math.max(1, before));
    }

    private static String describe(ReferenceSession.Step s) {
        String head = s.human() == null ? "" : "human: \"" + abbreviate(s.human()) + "\" → ";
        return head + (s.tool() == null ? "final answer" : s.tool() + (s.error() ? " (fails)" : ""));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "…";
    }

    private static Run run(String name, UnaryOperator<Config> mode) throws Exception {
        try (var claude = FakeUpstream.start().respondWith(ReferenceSession.responder("claude-opus-5-5", new SimulatedCache(SimulatedCache.Style.ANTHROPIC)));
             var deepseek = FakeUpstream.start().respondWith(ReferenceSession.responder("deepseek-flash", new SimulatedCache(SimulatedCache.Style.DEEPSEEK)))) {
            Config config = mode.apply(Config.defaults(Files.createTempDirectory("aismush-ref")).withPort(0)
                    .withAnthropicBaseUrl(claude.baseUrl()).withDeepseek("sk-deepseek-reference", deepseek.baseUrl()));
            try (var server = new AismushServer(config).start()) {
                var turns = ReferenceSession.drive(URI.create("http://127.0.0.1:" + server.port()), "reference-" + name.hashCode());
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (server.recentRecords().size() < turns.size() && System.nanoTime() < deadline) Thread.sleep(10);
                var bodies = claude.requests().stream().filter(r -> r.path().equals("/v1/messages")).map(r -> r.body()).toList();
                return new Run(name, server.recentRecords(), bodies);
            }
        }
    }

    static double cost(RequestRecord r) {
        Usage u = r.usage();
        if (r.provider().equals("anthropic")) {
            return (u.inputTokens() * 4 + u.cacheWrite5mTokens() * 5 + u.cacheWrite1hTokens() * 8 + u.cacheReadTokens() * 0.20
                    + u.outputTokens() * 20) / 1e6;
        }
        return (u.inputTokens() * 0.30 + u.cacheReadTokens() * 0.006 + u.outputTokens() * 1.20) / 1e6;
    }
}
