package io.aismush.cli;

import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.Reply;
import io.aismush.wire.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code aismush stats} and {@code aismush --status} show costs and savings, from the proxy or from its database. */
class StatsCommandTest {
    private record Run(int exit, String out) {}

    private static Run run(Path dataDir, String... args) {
        var out = new ByteArrayOutputStream();
        var command = new AismushCommand((c, l) -> 0, Map.of("AISMUSH_HOME", dataDir.toString()), dataDir, dataDir,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        int exit = command.commandLine().execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void statsReportsDaysAndSessionsFromTheRunningProxyThenFromTheDatabaseAlone() {
        Path dataDir;
        try (var proxy = TestProxy.start()) {
            dataDir = proxy.dataDir();
            proxy.upstream.respondWith(r -> Reply.stream(AnthropicSse.textTurn("claude-opus-5-5", "ok", new AnthropicSse.Tokens(1000, 100, 0, 0, 0))));
            byte[] body = ("{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Working directory: /home/dev/cli\"}],"
                    + "\"metadata\":{\"user_id\":\"{\\\"session_id\\\":\\\"cli-session\\\"}\"}}").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 2; i++) proxy.send(proxy.messages(body).build());
            await().atMost(Duration.ofSeconds(5)).until(() -> Json.MAPPER.readTree(proxy.get("/stats").body()).path("totals").path("requests").asLong() == 2);

            Run live = run(dataDir, "stats", "--port", String.valueOf(proxy.server.port()));
            assertThat(live.exit()).isZero();
            assertThat(live.out()).contains("from the proxy on").contains("all time: 2 requests, cost $0.0120").contains("cli-session")
                    .contains("/home/dev/cli");
            Run status = run(dataDir, "--status", "--port", String.valueOf(proxy.server.port()));
            assertThat(status.out()).contains("since start: cost $0.0120").contains("all time:");
        }
        Run offline = run(dataDir, "stats", "--port", String.valueOf(io.aismush.testkit.FakeUpstream.refusingPort()));
        assertThat(offline.exit()).isZero();
        assertThat(offline.out()).contains("(no proxy running)").contains("all time: 2 requests").contains("cli-session");
    }
}
