package io.aismush.http;

import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testing.Configs;
import io.aismush.testing.Stats;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static io.aismush.http.BadInputTest.assertErrorShape;
import static org.assertj.core.api.Assertions.assertThat;

/** Upstream errors pass through unchanged; failures to reach or hear from the upstream get the proxy's own errors. */
class UpstreamErrorsTest {
    private static final List<String> TURN = AnthropicSse.textTurn("claude-opus-5-5", "Partial answers still count for something.",
            new AnthropicSse.Tokens(20, 9, 0, 0, 0));

    private TestProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) proxy.close();
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {true, false})
    void rateLimitWithRetryAfterPassesThroughUnchanged(boolean stream) {
        proxy = TestProxy.start();
        assertPassesThrough(() -> Reply.rateLimited(17), stream);
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {true, false})
    void overloaded529PassesThroughUnchanged(boolean stream) {
        proxy = TestProxy.start();
        assertPassesThrough(Reply::overloaded, stream);
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {true, false})
    void serverError500PassesThroughUnchanged(boolean stream) {
        proxy = TestProxy.start();
        assertPassesThrough(Reply::serverError, stream);
    }

    @Test
    void connectionRefusedGets502ApiError() {
        int refusing = FakeUpstream.refusingPort();
        proxy = TestProxy.start(c -> c.withAnthropicBaseUrl(URI.create("http://127.0.0.1:" + refusing)));
        var response = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(5_000)).build());
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertErrorShape(response.body(), "api_error");
        assertThat(response.body()).doesNotContain("sk-ant-test-key");

        // Nothing is left half-open: the next request gets the same clean answer.
        assertThat(proxy.send(proxy.messages(ClaudeCodeRequests.plain(5_000)).build()).statusCode()).isEqualTo(502);
        JsonNode stats = Stats.after(proxy, 2);
        assertThat(Stats.outcome(stats, "proxy_error")).isEqualTo(2);
        assertThat(stats.path("errors").asLong()).isEqualTo(2);
    }

    @Test
    void upstreamThatNeverAnswersGets504WithinTheFirstByteTimeout() {
        // Sub-second, yet enough for the next request's first byte on a loaded two-core machine.
        proxy = TestProxy.start(Configs.timeouts(Duration.ofMillis(800), Duration.ofSeconds(30)));
        proxy.upstream.enqueue(Reply.neverAnswers());
        long start = System.nanoTime();
        var response = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(5_000)).build());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.statusCode()).isEqualTo(504);
        JsonNode error = assertErrorShape(response.body(), "timeout_error");
        assertThat(error.path("error").path("message").asString()).contains("800 ms");
        assertThat(took).isBetween(Duration.ofMillis(750), Duration.ofSeconds(4));
        assertNextRequestSucceeds(2);
        assertThat(Stats.outcome(Stats.after(proxy, 2), "proxy_error")).isEqualTo(1);
    }

    @Test
    void upstreamSilentAfterItsFirstEventsGetsEventsSoFarThenAnErrorEvent() {
        proxy = TestProxy.start(Configs.timeouts(Duration.ofSeconds(5), Duration.ofMillis(300)));
        proxy.upstream.enqueue(Reply.stream(TURN).withGap(Duration.ofSeconds(4)));
        long start = System.nanoTime();
        var response = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(5_000)).build());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith(TURN.get(0));
        String rest = response.body().substring(TURN.get(0).length());
        assertThat(rest).startsWith("event: error\ndata: ").endsWith("\n\n");
        JsonNode error = io.aismush.wire.Json.MAPPER.readTree(rest.substring("event: error\ndata: ".length()).trim());
        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.path("error").path("type").asString()).isEqualTo("api_error");
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertNextRequestSucceeds(2);
        JsonNode stats = Stats.after(proxy, 2);
        assertThat(Stats.outcome(stats, "stream_cut")).isEqualTo(1);
        assertThat(Stats.outcome(stats, "completed")).isEqualTo(1);
    }

    @Test
    void upstreamSilentBeforeItsFirstEventGetsAnErrorEventAfterTheIdleTimeout() {
        proxy = TestProxy.start(Configs.timeouts(Duration.ofSeconds(5), Duration.ofMillis(300)));
        proxy.upstream.enqueue(new Reply.EndlessKeepAlive(Duration.ofSeconds(4)));
        var response = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(5_000)).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith(": keep-alive\n\n").contains("event: error\n").contains("\"api_error\"");
        assertNextRequestSucceeds(2);
    }

    @Test
    void keepAlivesWithinTheIdleTimeoutKeepAStreamAlive() {
        proxy = TestProxy.start(Configs.timeouts(Duration.ofSeconds(5), Duration.ofMillis(400)));
        proxy.upstream.enqueue(Reply.slowStream(TURN, Duration.ofMillis(100)));
        var response = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(5_000)).build());
        assertThat(response.body()).isEqualTo(String.join("", TURN));
    }

    @Test
    void errorEventMidStreamIsRelayedUnchangedAndCountedAsAnUpstreamError() {
        proxy = TestProxy.start();
        Reply.Stream reply = Reply.errorEventMidStream(TURN, 4);
        proxy.upstream.enqueue(reply);
        var response = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(5_000)).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(String.join("", reply.events()));
        assertNextRequestSucceeds(2);
        JsonNode stats = Stats.after(proxy, 2);
        assertThat(Stats.outcome(stats, "upstream_error")).isEqualTo(1);
        assertThat(stats.path("errors").asLong()).isEqualTo(1);
    }

    private void assertPassesThrough(Supplier<Reply.Json> error, boolean stream) {
        Reply.Json reply = error.get();
        proxy.upstream.enqueue(reply);
        byte[] body = stream ? ClaudeCodeRequests.streamed(5_000) : ClaudeCodeRequests.plain(5_000);
        HttpResponse<String> response = proxy.send(proxy.messages(body).build());

        assertThat(response.statusCode()).isEqualTo(reply.status());
        assertThat(response.body()).isEqualTo(reply.body());
        reply.headers().forEach((name, value) -> assertThat(response.headers().allValues(name)).as(name).containsExactly(value));
        assertThat(proxy.upstream.takeRequest(Duration.ofSeconds(2)).body()).isEqualTo(body);

        assertNextRequestSucceeds(2);
        JsonNode stats = Stats.after(proxy, 2);
        assertThat(Stats.outcome(stats, "upstream_error")).isEqualTo(1);
        assertThat(Stats.outcome(stats, "completed")).isEqualTo(1);
        assertThat(stats.path("errors").asLong()).isEqualTo(1);
    }

    private void assertNextRequestSucceeds(int expectedUpstreamRequests) {
        var next = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(5_000)).build());
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }
}
