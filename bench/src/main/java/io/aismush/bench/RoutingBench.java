package io.aismush.bench;

import io.aismush.context.TokenEstimator;
import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.routing.Router;
import io.aismush.routing.RoutingConfig;
import io.aismush.routing.StickyRoutes;
import io.aismush.routing.TurnFeatures;
import io.aismush.routing.TurnScanner;
import io.aismush.wire.Headers;
import io.aismush.wire.RequestSummary;

import java.util.List;

/**
 * What the routing decision costs on a 200 kB Claude Code-shaped request, measured in one run against the work the
 * proxy does anyway for every request (validating the body): feature extraction, the policy and stickiness, per
 * request, after warm-up. Run: {@code bench/run routing} (with the reference-session report).
 */
public final class RoutingBench {
    private RoutingBench() {}

    public static void main(String[] args) {
        byte[] body = ClaudeCodeRequests.streamed(200_000);
        Headers headers = Headers.of("x-claude-code-session-id", "bench");
        var scanner = new TurnScanner(TokenEstimator.standard());
        var router = new Router(new RoutingConfig(false, null, "deepseek", 64_000, 16_000, 2, List.of()));
        var sticky = new StickyRoutes(2);
        int warmup = 20_000;
        int n = 20_000;
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += RequestSummary.of(body).model().length();
            TurnFeatures f = scanner.scan(body, headers);
            sink += sticky.apply("s", router.decide(f), f.onlyToolResults()).reason().length();
        }
        long[] validate = new long[n];
        long[] route = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            sink += RequestSummary.of(body).model().length();
            long t1 = System.nanoTime();
            TurnFeatures f = scanner.scan(body, headers);
            sink += sticky.apply("s", router.decide(f), f.onlyToolResults()).reason().length();
            long t2 = System.nanoTime();
            validate[i] = t1 - t0;
            route[i] = t2 - t1;
        }
        System.out.printf("Routing decision on a %d-byte Claude Code-shaped request (%d runs after %d warm-up; checksum %d)%n",
                body.length, n, warmup, sink % 10);
        System.out.println("| step | p50 | p99 | target |");
        System.out.println("|---|---|---|---|");
        System.out.printf("| validation (every request, baseline) | %s | %s | |%n", Stats.ms(Stats.percentile(validate, 50), 3),
                Stats.ms(Stats.percentile(validate, 99), 3));
        double p50 = Stats.percentile(route, 50);
        System.out.printf("| routing: features + policy + stickiness | %s | %s | ≤ 0.3 ms p50: %s |%n", Stats.ms(p50, 3),
                Stats.ms(Stats.percentile(route, 99), 3), p50 <= 300_000 ? "PASS" : "FAIL");
    }
}
