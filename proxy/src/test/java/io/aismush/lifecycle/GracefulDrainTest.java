package io.aismush.lifecycle;

import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping the proxy with streams in flight: no new connection is taken, streams that end within the drain deadline
 * end normally, the rest end with an {@code event: error} saying the proxy is shutting down, and every one of them
 * is in the database when {@code close()} returns.
 */
class GracefulDrainTest {
    private static final Duration DRAIN = Duration.ofSeconds(6);
    private static final List<String> TURN = AnthropicSse.textTurn("claude-opus-5-5",
            "The loop starts at 1, so the total misses the first item.", AnthropicSse.Tokens.SMALL);

    private final FakeUpstream claude = FakeUpstream.start();
    private final TestProxy proxy = TestProxy.start(claude, c -> c.withShutdownDrain(DRAIN));
    private boolean closed;

    @AfterEach
    void stop() {
        if (!closed) proxy.close();
        proxy.client.shutdownNow();
        claude.close();
    }

    /** Closes the server only: the test's client keeps its streams open through the drain. */
    private void closeServer() {
        closed = true;
        try {
            proxy.server.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stream of a few minutes: its pings keep coming until the proxy ends it. */
    private static List<String> endless() {
        var events = new ArrayList<>(TURN.subList(0, 3));
        for (int i = 0; i < 3_000; i++) events.add(AnthropicSse.event("ping", AnthropicSse.errorObject("ping")));
        return events;
    }

    private static byte[] request(String kind, int i) {
        return ("{\"model\":\"claude-opus-5-5\",\"max_tokens\":100,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + kind + " " + i + "\"}],\"metadata\":{\"user_id\":\"{\\\"session_id\\\":\\\"drain\\\"}\"}}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void closeDrainsStreamsUntilTheDeadlineThenEndsTheRestWithAnErrorEventAndStoresEveryRecord() throws Exception {
        claude.respondWith(r -> r.bodyText().contains("endless")
                ? Reply.slowStream(endless(), Duration.ofMillis(100))
                : Reply.slowStream(TURN, Duration.ofMillis(250))); // about two seconds: well within the deadline
        int n = 20;
        var finishing = new ArrayList<CompletableFuture<HttpResponse<String>>>();
        var endless = new ArrayList<CompletableFuture<HttpResponse<String>>>();
        for (int i = 0; i < n / 2; i++) {
            finishing.add(proxy.client.sendAsync(proxy.messages(request("finish", i)).build(), HttpResponse.BodyHandlers.ofString()));
            endless.add(proxy.client.sendAsync(proxy.messages(request("endless", i)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        var idle = HangingClient.connect(proxy.server.port()); // an open connection with no request yet
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.server.inFlight() == n && claude.openResponses() == n);
        int port = proxy.server.port();

        long t0 = System.nanoTime();
        var closing = CompletableFuture.runAsync(this::closeServer);

        await().atMost(Duration.ofSeconds(3)).until(() -> refused(port));
        byte[] late = ClaudeCodeRequests.streamed(2_000);
        String answer = idle.send(HangingClient.messagesHead("/v1/messages", late.length), late)
                .awaitReceived("shutting down", Duration.ofSeconds(3));
        assertThat(answer).startsWith("HTTP/1.1 529").contains("overloaded_error");
        assertThat(closing).as("still draining").isNotDone();

        for (var f : finishing) {
            var response = f.get(DRAIN.toSeconds(), TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(String.join("", TURN)); // whole, untouched
        }
        for (var f : endless) {
            var response = f.get(DRAIN.toSeconds() + 10, TimeUnit.SECONDS);
            assertThat(response.body()).startsWith(String.join("", TURN.subList(0, 3))).endsWith(
                    "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"aismush is shutting down; retry shortly\"}}\n\n");
        }
        closing.get(30, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).isBetween(DRAIN, DRAIN.plusSeconds(10));
        // the ended streams' upstream requests are cancelled: the fake sees it at its next ping
        await().atMost(Duration.ofSeconds(2)).until(() -> claude.hangUps() == n / 2);

        Map<String, Integer> outcomes = outcomes(proxy.dataDir().resolve("proxy.db"));
        assertThat(outcomes).isEqualTo(Map.of("COMPLETED/-", n / 2, "PROXY_ERROR/overloaded_error", n / 2 + 1));
    }

    @Test
    void theDeadlineEndsEachKindOfAnswerByTheErrorPolicy() throws Exception {
        try (var fake = FakeUpstream.start()) {
            var quick = TestProxy.start(fake, c -> c.withShutdownDrain(Duration.ofSeconds(1)));
            fake.respondWith(r -> r.bodyText().contains("waiting") ? Reply.neverAnswers()
                    : r.bodyText().contains("\"stream\":true") ? Reply.slowStream(endless(), Duration.ofMillis(100))
                    : Reply.stallMidBody(AnthropicSse.message("claude-opus-5-5", "x".repeat(4_000), AnthropicSse.Tokens.SMALL)));
            byte[] waiting = request("waiting", 0);
            var beforeFirstByte = quick.client.sendAsync(quick.messages(waiting).build(), HttpResponse.BodyHandlers.ofString());
            byte[] chat = "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            var chatStream = quick.client.sendAsync(java.net.http.HttpRequest.newBuilder(quick.uri("/v1/chat/completions"))
                    .header("content-type", "application/json").header("authorization", "Bearer sk-ant-" + "test-drain-0123456789")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(chat)).build(), HttpResponse.BodyHandlers.ofString());
            byte[] plain = ClaudeCodeRequests.plain(2_000);
            var plainBody = quick.client.sendAsync(quick.messages(plain).build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10)).until(() -> quick.server.inFlight() == 3 && fake.openResponses() == 3);

            quick.server.close();
            var error = beforeFirstByte.get(10, TimeUnit.SECONDS);
            assertThat(error.statusCode()).isEqualTo(529);
            assertThat(error.body()).contains("overloaded_error").contains("shutting down");
            assertThat(chatStream.get(10, TimeUnit.SECONDS).body()).contains("data: {\"error\":").contains("shutting down");
            assertThat(plainBody).as("a plain body cut short cannot carry an error: it is aborted").failsWithin(Duration.ofSeconds(10));
            assertThat(outcomes(quick.dataDir().resolve("proxy.db"))).isEqualTo(Map.of("PROXY_ERROR/overloaded_error", 3));
            quick.client.shutdownNow();
        }
    }

    @Test
    void closeWithNothingInFlightReturnsAtOnce() {
        assertThat(proxy.send(proxy.messages(ClaudeCodeRequests.streamed(2_000)).build()).statusCode()).isEqualTo(200);
        long t0 = System.nanoTime();
        closeServer();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    private static boolean refused(int port) {
        try (var ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Counts of "outcome/error type" among the stored records. */
    static Map<String, Integer> outcomes(Path db) throws Exception {
        var out = new HashMap<String, Integer>();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement();
             var rs = st.executeQuery("SELECT outcome, COALESCE(error_type, '-') FROM requests")) {
            while (rs.next()) out.merge(rs.getString(1) + "/" + rs.getString(2), 1, Integer::sum);
        }
        return out;
    }
}
