package io.aismush.providers;

import io.aismush.config.Config;
import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What happens when a provider fails before answering: the other one serves, within bounds. */
class FallbackTest {
    private final FakeUpstream deepseek = FakeUpstream.start();
    private TestProxy proxy;

    private void start(UnaryOperator<Config> adjust) {
        proxy = TestProxy.start(c -> adjust.apply(c.withDeepseek("sk-deepseek-test-0000000000", deepseek.baseUrl())));
    }

    @AfterEach
    void stop() {
        if (proxy != null) proxy.close();
        deepseek.close();
    }

    /** A first human message: the router sends it to Claude. */
    private static byte[] planningTurn() {
        return ("{\"model\":\"claude-opus-5-5\",\"max_tokens\":1000,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Plan the work.\"}],"
                + "\"metadata\":{\"user_id\":\"{\\\"session_id\\\":\\\"fb-1\\\"}\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /** A tool-loop step: the router sends it to the cheap provider. */
    private static byte[] toolStep() {
        return ("{\"model\":\"claude-opus-5-5\",\"max_tokens\":1000,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Go.\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Read\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"x\"}]}]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void claudeOverloadedFallsBackToTheCheapProvider() {
        start(c -> c);
        proxy.upstream.enqueue(Reply.overloaded());
        var response = proxy.send(proxy.messages(planningTurn()).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("event: message_stop").doesNotContain("event: error");
        assertThat(deepseek.requests()).hasSize(1);
        await().atMost(Duration.ofSeconds(2)).until(() -> proxy.get("/stats").body().contains("\"fallbacks\":1"));
        assertThat(proxy.get("/stats").body()).contains("\"deepseek\":1");
    }

    @Test
    void cheapProviderUnreachableFallsBackToClaude() {
        deepseek.close();
        proxy = TestProxy.start(c -> c.withDeepseek("sk-deepseek-test-0000000000", URI.create("http://127.0.0.1:" + FakeUpstream.refusingPort())));
        var response = proxy.send(proxy.messages(toolStep()).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(proxy.upstream.requests()).hasSize(1);
    }

    @Test
    void nonRetryableErrorsPassThroughWithoutFallback() {
        start(c -> c);
        proxy.upstream.enqueue(Reply.json(400, AnthropicSse.errorBody("invalid_request_error", "prompt is too long")));
        var response = proxy.send(proxy.messages(planningTurn()).build());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("prompt is too long");
        assertThat(deepseek.requests()).isEmpty();
    }

    @Test
    void directModeNeverFallsBack() {
        start(c -> c.withRouting(c.routing().withDirect(true)));
        proxy.upstream.enqueue(Reply.overloaded());
        var response = proxy.send(proxy.messages(toolStep()).build());
        assertThat(response.statusCode()).isEqualTo(529);
        assertThat(response.body()).contains("overloaded_error");
        assertThat(deepseek.requests()).isEmpty();
    }

    @Test
    void whenBothFailTheClientGetsTheLastErrorUnchanged() {
        start(c -> c);
        proxy.upstream.enqueue(Reply.overloaded());
        deepseek.enqueue(Reply.rateLimited(7));
        var response = proxy.send(proxy.messages(planningTurn()).build());
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("7");
        assertThat(response.body()).contains("rate_limit_error");
    }

    @Test
    void retryAfterKeepsAProviderOutOfRotationUntilThen() {
        start(c -> c);
        proxy.upstream.enqueue(Reply.rateLimited(30));
        assertThat(proxy.send(proxy.messages(planningTurn()).build()).statusCode()).isEqualTo(200);
        assertThat(proxy.send(proxy.messages(planningTurn()).build()).statusCode()).isEqualTo(200);
        assertThat(proxy.upstream.requests()).as("Claude is asked once, then skipped while it said to wait").hasSize(1);
        assertThat(deepseek.requests()).hasSize(2);
        assertThat(proxy.get("/health").body()).contains("retry_after_until");
    }

    @Test
    void repeatedFailuresOpenTheBreakerAndHealthShowsIt() {
        start(c -> c);
        proxy.upstream.respondWith(r -> Reply.serverError());
        for (int i = 0; i < 6; i++) assertThat(proxy.send(proxy.messages(planningTurn()).build()).statusCode()).isEqualTo(200);
        assertThat(proxy.get("/health").body()).contains("\"anthropic\":{\"breaker\":\"open\"");
        int askedBefore = proxy.upstream.requests().size();
        proxy.send(proxy.messages(planningTurn()).build());
        assertThat(proxy.upstream.requests()).as("an open breaker sends the turn straight to the fallback").hasSize(askedBefore);
    }

    @Test
    void forcedDeepseekNeverTouchesAnthropicAndNeverSendsTheClientsKey() {
        start(c -> c.withForceProvider("deepseek"));
        var response = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(50_000)).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(proxy.upstream.requests()).isEmpty();
        var got = deepseek.requests().getFirst();
        assertThat(got.header("x-api-key")).isEqualTo("sk-deepseek-test-0000000000");
        assertThat(got.headers().toString()).doesNotContain("sk-ant-test-key");
        assertThat(got.bodyText()).contains("\"model\":\"deepseek-flash\"");
    }
}
