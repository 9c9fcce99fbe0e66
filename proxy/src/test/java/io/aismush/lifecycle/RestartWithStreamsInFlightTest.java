package io.aismush.lifecycle;

import io.aismush.cli.AismushProcess;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proxy as its own process, stopped with SIGTERM while streams are in flight (a restart): the streams finish,
 * the process exits, and a new proxy on the same port and data folder serves and holds the earlier records.
 */
class RestartWithStreamsInFlightTest {
    private static final List<String> TURN = AnthropicSse.textTurn("claude-opus-5-5",
            "The loop starts at 1, so the total misses the first item.", AnthropicSse.Tokens.SMALL);

    private final FakeUpstream claude = FakeUpstream.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        client.shutdownNow();
        for (Process p : processes) {
            if (p.isAlive()) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        claude.close();
    }

    private Process startProxy(Map<String, String> env, Path log) throws Exception {
        var pb = new ProcessBuilder(AismushProcess.command()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private HttpRequest.Builder messages(int port, int i) {
        byte[] body = ("{\"model\":\"claude-opus-5-5\",\"max_tokens\":100,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"turn "
                + i + "\"}]}").getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                .header("content-type", "application/json").header("x-api-key", "sk-ant-" + "test-restart-0123456789")
                .header("anthropic-version", "2023-06-01").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private void awaitHealthy(int port, Process p, Path log) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!p.isAlive()) throw new AssertionError("aismush exited early: " + Files.readString(log));
            try {
                return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void sigtermLetsStreamsFinishAndTheNextProxyOnTheSamePortAndFolderHasTheirRecords() throws Exception {
        // about eight seconds each: longer than the five seconds Jetty alone would wait at stop
        claude.respondWith(r -> Reply.slowStream(TURN, Duration.ofMillis(700)));
        Path home = Files.createTempDirectory("aismush-restart");
        Path dataDir = home.resolve("data");
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var env = new java.util.HashMap<>(AismushProcess.environment(home, dataDir, port));
        env.remove("AISMUSH_DATABASE_URL"); // the default: SQLite in the data folder
        env.put("AISMUSH_ANTHROPIC_BASE_URL", claude.baseUrl().toString());
        env.put("AISMUSH_SHUTDOWN_DRAIN_SECONDS", "20");

        Path firstLog = home.resolve("first.log");
        Process first = startProxy(env, firstLog);
        awaitHealthy(port, first, firstLog);
        int n = 5;
        var streams = new ArrayList<CompletableFuture<HttpResponse<String>>>();
        for (int i = 0; i < n; i++) streams.add(client.sendAsync(messages(port, i).build(), HttpResponse.BodyHandlers.ofString()));
        await().atMost(Duration.ofSeconds(10)).until(() -> claude.openResponses() == n);

        first.destroy(); // SIGTERM, as a service manager or `kill` stops it
        for (var f : streams) {
            var response = f.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(String.join("", TURN));
        }
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("the stopped proxy exits").isTrue();
        assertThat(GracefulDrainTest.outcomes(dataDir.resolve("proxy.db"))).as("records stored before exit").isEqualTo(Map.of("COMPLETED/-", n));

        Path secondLog = home.resolve("second.log");
        Process second = startProxy(env, secondLog);
        awaitHealthy(port, second, secondLog);
        var after = client.send(messages(port, 99).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.body()).isEqualTo(String.join("", TURN));
        // the new proxy's stored totals count the drained requests and its own
        await().atMost(Duration.ofSeconds(10)).until(() -> io.aismush.wire.Json.MAPPER.readTree(client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("totals").path("requests").asLong() == n + 1);
    }
}
