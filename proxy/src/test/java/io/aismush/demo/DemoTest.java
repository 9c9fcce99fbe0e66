package io.aismush.demo;

import io.aismush.app.AismushServer;
import io.aismush.wire.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class DemoTest {

    /** Starts a real server in this process; on close, reads its /stats first, as the demo's user could have. */
    private static ProxyLauncher capturing(AtomicReference<JsonNode> statsAtClose) {
        return config -> {
            var server = new AismushServer(config).start();
            return new ProxyLauncher.Running() {
                @Override
                public int port() {
                    return server.port();
                }

                @Override
                public void close() throws Exception {
                    statsAtClose.set(Demo.stats(URI.create("http://127.0.0.1:" + server.port())));
                    server.close();
                }
            };
        };
    }

    @Test
    void theDemoReportsTheSameTotalsAsStatsAndFinishesWithinThirtySeconds() throws Exception {
        var stats = new AtomicReference<JsonNode>();
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        long started = System.nanoTime();
        int exit = new Demo(capturing(stats), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(0, false);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(exit).isZero();
        assertThat(took).isLessThan(Duration.ofSeconds(30));

        String report = out.toString(StandardCharsets.UTF_8);
        JsonNode s = stats.get();
        assertThat(s.path("requests").asLong()).isEqualTo(Session.requests()).isEqualTo(33);
        assertThat(s.path("errors").asLong()).isZero();
        assertThat(s.path("by_provider").path("anthropic").asLong()).isPositive();
        assertThat(s.path("by_provider").path("deepseek").asLong()).as("routing sends the tool loops to the cheap provider").isPositive();
        assertThat(report).contains("requests     33  (anthropic " + s.path("by_provider").path("anthropic").asLong()
                + ", deepseek " + s.path("by_provider").path("deepseek").asLong() + ")");
        assertThat(report).contains(String.format(Locale.ROOT, "input %,d · output %,d", s.path("tokens").path("input").asLong(),
                s.path("tokens").path("output").asLong()));
        Savings money = Savings.of(s);
        if (money.priced()) {
            assertThat(report).contains(String.format(Locale.ROOT, "cost         $%.4f", money.costUsd()))
                    .contains(String.format(Locale.ROOT, "all-Claude   $%.4f", money.baselineUsd()));
            assertThat(money.savingsUsd()).as("routing saves money against all-Claude").isPositive();
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("33/33");
    }

    @Test
    void eachStepIsAnsweredInTurnAndTheFailingTestIsFixedBeforeTheSummary() {
        assertThat(Script.STEPS).hasSize(32);
        assertThat(Script.STEPS.stream().filter(Script::error).count()).isEqualTo(3);
        assertThat(Script.STEPS.stream().filter(s -> s.human() != null).count()).isEqualTo(4);
        assertThat(Script.STEPS.getLast().text()).isNotBlank();
    }

    @Test
    @Tag("slow")
    void aismushDemoExitRunsAsACommandAndEndsOnItsOwn() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), "io.aismush.app.Main", "demo", "--exit")
                .redirectErrorStream(true);
        pb.environment().put("AISMUSH_HOME", java.nio.file.Files.createTempDirectory("aismush-demo-home").toString());
        long started = System.nanoTime();
        Process p = pb.start();
        var output = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                output.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                output.complete("");
            }
        });
        boolean ended = p.waitFor(30, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly();
        assertThat(ended).as("aismush demo --exit ends within 30 s").isTrue();
        assertThat(p.exitValue()).as(output.get()).isZero();
        assertThat(output.get()).contains("Savings report").contains("requests     33");
        System.out.printf("aismush demo --exit took %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }
}
