package io.aismush.bench;

import io.aismush.app.AismushServer;
import io.aismush.config.Config;
import io.aismush.metering.RequestRecord;
import io.aismush.testkit.FakeUpstream;
import io.aismush.wire.Usage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/**
 * The dashboard with 10 000 requests in its history: how long its page takes to load, as the sum of every request
 * the page makes when it opens (the HTML, its script, style and chart library, then /health, /stats,
 * /history?limit=200, /sessions?limit=50 and /memories?limit=100), made one after another — a browser makes them
 * partly in parallel, so this is an upper bound. Target ≤ 300 ms. Run: {@code bench/run dashboard}.
 */
public final class DashboardBench {
    private DashboardBench() {}

    private static final List<String> PAGE = List.of("/dashboard", "/dashboard/app.css", "/dashboard/chart.umd.js",
            "/dashboard/app.js", "/health", "/stats", "/history?limit=200", "/sessions?limit=50", "/memories?limit=100");

    public static void main(String[] args) throws Exception {
        int history = 10_000;
        try (var upstream = FakeUpstream.start(false);
             var server = new AismushServer(Config.defaults(Files.createTempDirectory("aismush-bench-dash")).withPort(0)
                     .withAnthropicBaseUrl(upstream.baseUrl())).start();
             var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            Instant start = Instant.now().minusSeconds(history);
            for (int i = 0; i < history; i++) {
                boolean cheap = i % 3 != 0;
                server.recorder().record(new RequestRecord("ams_bench" + i, start.plusSeconds(i), "/v1/messages", cheap ? "deepseek" : "anthropic",
                        "claude-opus-5-5", cheap ? "deepseek-flash" : "claude-opus-5-5", true, 200, RequestRecord.Outcome.COMPLETED, null,
                        "tool_use", new Usage(800, 300, 40_000, 1_200, 0), 400, 2_000, "session-" + (i / 100),
                        cheap ? "tool-loop step" : "initial planning", null));
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (server.recordWriter().written() < history && System.nanoTime() < deadline) Thread.sleep(20);
            System.out.printf("history: %d requests stored in %d sessions%n", server.recordWriter().written(), history / 100);

            String base = "http://127.0.0.1:" + server.port();
            long[] loads = new long[40];
            for (int round = -10; round < loads.length; round++) {
                long t0 = System.nanoTime();
                for (String path : PAGE) {
                    var response = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) throw new IllegalStateException(path + " answered " + response.statusCode());
                }
                if (round >= 0) loads[round] = System.nanoTime() - t0;
            }
            double p50 = Stats.percentile(loads, 50);
            System.out.println("| page load with 10 000 requests in history | p50 | p95 | max | target |");
            System.out.println("|---|---|---|---|---|");
            System.out.printf("| HTML, assets and the page's JSON requests, one after another | %s | %s | %s | ≤ 300 ms: %s |%n",
                    Stats.ms(p50, 1), Stats.ms(Stats.percentile(loads, 95), 1), Stats.ms(Stats.percentile(loads, 100), 1),
                    p50 <= 300e6 ? "PASS" : "FAIL");
        }
    }
}
