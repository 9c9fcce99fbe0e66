package io.aismush.http;

import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testing.Configs;
import io.aismush.testing.Stats;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.Reply;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static io.aismush.http.BadInputTest.assertErrorShape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Beyond the configured number of requests in flight, the proxy answers 529 at once instead of queueing. */
class OverloadTest {
    private static final List<String> TURN = AnthropicSse.textTurn("claude-opus-5-5", "held open", AnthropicSse.Tokens.SMALL);
    private final TestProxy proxy = TestProxy.start(Configs.maxInFlight(2));

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void requestBeyondMaxInFlightGets529OverloadedAtOnceAndLaterOnesSucceed() throws Exception {
        var gate = new Semaphore(0);
        proxy.upstream.enqueue(Reply.stream(TURN).gatedBy(gate));
        proxy.upstream.enqueue(Reply.stream(TURN).gatedBy(gate));
        CompletableFuture<HttpResponse<String>> first = sendAsync();
        CompletableFuture<HttpResponse<String>> second = sendAsync();
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.upstream.requests().size() == 2);

        long start = System.nanoTime();
        var third = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(5_000)).build());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(third.statusCode()).isEqualTo(529);
        assertErrorShape(third.body(), "overloaded_error");
        assertThat(proxy.upstream.requests()).hasSize(2);
        assertThat(Json.MAPPER.readTree(proxy.get("/health").body()).path("in_flight").asInt()).isEqualTo(2);

        gate.release(2 * TURN.size());
        assertThat(first.get(5, TimeUnit.SECONDS).body()).isEqualTo(String.join("", TURN));
        assertThat(second.get(5, TimeUnit.SECONDS).body()).isEqualTo(String.join("", TURN));
        await().atMost(Duration.ofSeconds(2)).until(() -> Json.MAPPER.readTree(proxy.get("/health").body()).path("in_flight").asInt() == 0);

        for (int i = 0; i < 3; i++) {
            assertThat(proxy.send(proxy.messages(ClaudeCodeRequests.streamed(5_000)).build()).statusCode()).isEqualTo(200);
        }
        var stats = Stats.after(proxy, 6);
        assertThat(Stats.outcome(stats, "proxy_error")).isEqualTo(1);
        assertThat(Stats.outcome(stats, "completed")).isEqualTo(5);
    }

    @Test
    void requestsHeldBeforeTheUpstreamAnswersCountTowardsTheLimit() throws Exception {
        proxy.upstream.enqueue(Reply.neverAnswers());
        proxy.upstream.enqueue(Reply.neverAnswers());
        var first = sendAsync();
        var second = sendAsync();
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.upstream.openResponses() == 2);

        var third = proxy.send(proxy.messages(ClaudeCodeRequests.plain(5_000)).build());
        assertThat(third.statusCode()).isEqualTo(529);
        assertErrorShape(third.body(), "overloaded_error");

        first.cancel(true);
        second.cancel(true);
        proxy.client.shutdownNow(); // the clients hang up, which cancels their upstream calls and frees their places
        await().atMost(Duration.ofSeconds(3)).until(() -> proxy.upstream.hangUps() == 2);
        await().atMost(Duration.ofSeconds(2)).until(() -> Json.MAPPER.readTree(get("/health")).path("in_flight").asInt() == 0);
        try (var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            var next = client.send(proxy.messages(ClaudeCodeRequests.streamed(5_000)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(next.statusCode()).isEqualTo(200);
        }
    }

    private CompletableFuture<HttpResponse<String>> sendAsync() {
        return proxy.client.sendAsync(proxy.messages(ClaudeCodeRequests.streamed(5_000)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            return client.send(java.net.http.HttpRequest.newBuilder(proxy.uri(path)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
