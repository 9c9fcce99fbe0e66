package io.aismush.lifecycle;

import io.aismush.config.Config;
import io.aismush.config.ProviderSpec;
import io.aismush.config.RoutingSettings;
import io.aismush.metering.RequestRecord;
import io.aismush.metering.RequestRecord.Outcome;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testkit.FakeOpenAi;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.OpenAiSse;
import io.aismush.testkit.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client hangs up at each stage of a request's life. Whatever the stage: the upstream request is cancelled
 * within a second (the fake sees its connection close), the request leaves the in-flight count, a record saying
 * {@code CLIENT_CLOSED} reaches the database, and the next request is served. ({@code http.StreamingTest} covers a
 * hang-up while events are still flowing.)
 */
class ClientHangUpTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(1);
    private static final List<String> TURN = AnthropicSse.textTurn("claude-opus-5-5",
            "The loop starts at 1, so the total misses the first item.", AnthropicSse.Tokens.SMALL);

    private final FakeUpstream claude = FakeUpstream.start();
    private FakeUpstream deepseek;
    private FakeOpenAi openAi;
    private TestProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) proxy.close();
        claude.close();
        if (deepseek != null) deepseek.close();
        if (openAi != null) openAi.close();
    }

    private TestProxy start(UnaryOperator<Config> adjust) {
        proxy = TestProxy.start(claude, adjust);
        return proxy;
    }

    private HangingClient sendStreamed() {
        byte[] body = ClaudeCodeRequests.streamed(10_000);
        return HangingClient.connect(proxy.server.port()).send(HangingClient.messagesHead("/v1/messages?beta=true", body.length), body);
    }

    @Test
    void hangUpWhileTheProxyReadsTheBodySendsNothingUpstream() throws Exception {
        start(c -> c);
        byte[] body = ClaudeCodeRequests.streamed(50_000);
        var client = HangingClient.connect(proxy.server.port())
                .send(HangingClient.messagesHead("/v1/messages?beta=true", body.length), body, 20_000);
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.server.inFlight() == 1);
        client.hangUp();
        await().atMost(PROMPTLY).until(() -> proxy.server.inFlight() == 0);
        assertClientClosedRecorded(1);
        assertThat(claude.requests()).as("a partial request is never sent upstream").isEmpty();
        assertNextRequestServed();
    }

    @Test
    void hangUpWhileTheRequestWaitsInThePipelineNeverReachesTheUpstream() throws Exception {
        start(c -> c);
        // Anthropic says no requests remain until a reset a few seconds away: the next request waits in the pipeline.
        claude.enqueue(new Reply.Json(200, Map.of("content-type", "application/json", "anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", Instant.now().plusSeconds(4).toString()),
                AnthropicSse.message("claude-opus-5-5", "ok", AnthropicSse.Tokens.SMALL)));
        assertThat(proxy.send(proxy.messages(ClaudeCodeRequests.plain(2_000)).build()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.server.recentRecords().size() == 1);

        var client = sendStreamed();
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.server.inFlight() == 1);
        Thread.sleep(300); // lets the request reach the pacing wait (it is well inside it: the wait lasts seconds)
        client.hangUp();
        await().atMost(PROMPTLY).until(() -> proxy.server.inFlight() == 0);
        assertClientClosedRecorded(2);
        assertThat(claude.requests()).as("the paced request was dropped before it was sent").hasSize(1);
        assertNextRequestServed();
    }

    @Test
    void hangUpWhileWaitingForTheFirstByteCancelsTheUpstream() throws Exception {
        start(c -> c);
        claude.enqueue(Reply.neverAnswers());
        var client = sendStreamed();
        await().atMost(Duration.ofSeconds(5)).until(() -> claude.openResponses() == 1);
        assertCancelled(client.hangUp(), claude::hangUps);
        assertClientClosedRecorded(1);
        assertNextRequestServed();
    }

    @Test
    void hangUpAfterTheUpstreamsHeadersButBeforeItsFirstEventCancelsTheUpstream() throws Exception {
        start(c -> c);
        claude.enqueue(Reply.stallAfter(TURN, 0));
        var client = sendStreamed();
        await().atMost(Duration.ofSeconds(5)).until(() -> claude.openResponses() == 1);
        Thread.sleep(200); // the headers reach the proxy, which now waits for the first event
        assertCancelled(client.hangUp(), claude::hangUps);
        assertClientClosedRecorded(1);
        assertNextRequestServed();
    }

    @Test
    void hangUpBetweenEventsOfASilentStreamCancelsTheUpstream() throws Exception {
        start(c -> c);
        claude.enqueue(Reply.stallAfter(TURN, 3));
        var client = sendStreamed();
        client.awaitReceived(TURN.get(2), Duration.ofSeconds(5)); // three events arrived; the upstream is silent now
        assertCancelled(client.hangUp(), claude::hangUps);
        RequestRecord r = assertClientClosedRecorded(1);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.ttfbMillis()).as("the client got the first event").isPositive();
        assertNextRequestServed();
    }

    @Test
    void hangUpDuringANonStreamedBodyCancelsTheUpstream() throws Exception {
        start(c -> c);
        String message = AnthropicSse.message("claude-opus-5-5", "x".repeat(4_000), AnthropicSse.Tokens.SMALL);
        claude.enqueue(Reply.stallMidBody(message));
        byte[] body = ClaudeCodeRequests.plain(10_000);
        var client = HangingClient.connect(proxy.server.port()).send(HangingClient.messagesHead("/v1/messages?beta=true", body.length), body);
        client.awaitReceived("xxxxxxxx", Duration.ofSeconds(5)); // half the body arrived; the rest never comes
        assertCancelled(client.hangUp(), claude::hangUps);
        assertClientClosedRecorded(1);
        assertNextRequestServed();
    }

    @Test
    void hangUpWhileTheFallbackProviderIsTriedCancelsIt() throws Exception {
        deepseek = FakeUpstream.start();
        deepseek.enqueue(Reply.serverError()); // the cheap provider fails: Claude is tried
        start(c -> c.withDeepseek("sk-deepseek-" + "test-0000000000", deepseek.baseUrl()));
        claude.enqueue(Reply.neverAnswers());
        byte[] body = toolStep();
        var client = HangingClient.connect(proxy.server.port()).send(HangingClient.messagesHead("/v1/messages?beta=true", body.length), body);
        await().atMost(Duration.ofSeconds(5)).until(() -> claude.openResponses() == 1);
        assertThat(deepseek.requests()).hasSize(1);
        assertCancelled(client.hangUp(), claude::hangUps);
        assertClientClosedRecorded(1);
        assertNextRequestServed();
    }

    @Test
    void hangUpDuringAStreamTranslatedFromAnOpenAiProviderCancelsIt() throws Exception {
        openAi = FakeOpenAi.start();
        start(c -> c.withRouting(RoutingSettings.defaults().withProviders(List.of(
                new ProviderSpec("local", openAi.baseUrl(), "local-key", "qwen3-coder:30b", 32_768, 8_192)))).withForceProvider("local"));
        List<String> chunks = OpenAiSse.textStream(FakeOpenAi.DEFAULT_MODEL, "Reading the file now, then the tests.", OpenAiSse.Tokens.SMALL);
        openAi.enqueue(new Reply.Stall(200, Map.of("content-type", "text/event-stream; charset=utf-8"),
                String.join("", chunks.subList(0, 2)).getBytes(StandardCharsets.UTF_8)));
        var client = sendStreamed();
        client.awaitReceived("event: content_block_delta", Duration.ofSeconds(5));
        assertCancelled(client.hangUp(), openAi::hangUps);
        assertClientClosedRecorded(1);
        assertNextRequestServed();
    }

    @Test
    void hangUpOfAnOpenAiFormatClientCancelsTheClaudeStreamBehindIt() throws Exception {
        start(c -> c);
        claude.enqueue(Reply.stallAfter(TURN, 4));
        byte[] body = ("{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Why is the total off?\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                + "authorization: Bearer sk-ant-" + "test-hangup-0123456789\r\ncontent-length: " + body.length;
        var client = HangingClient.connect(proxy.server.port()).send(head, body);
        client.awaitReceived("\"content\":\"The", Duration.ofSeconds(5));
        assertCancelled(client.hangUp(), claude::hangUps);
        assertClientClosedRecorded(1);
        assertNextRequestServed();
    }

    @Test
    void hangUpOfADashboardEventStreamFreesItAtOnce() throws Exception {
        start(c -> c);
        String head = "GET /events HTTP/1.1\r\nHost: 127.0.0.1:" + proxy.server.port();
        var client = HangingClient.connect(proxy.server.port()).send(head, new byte[0]);
        client.awaitReceived(": connected", Duration.ofSeconds(5));
        assertThat(proxy.server.eventClients()).isEqualTo(1);
        client.hangUp();
        await().atMost(PROMPTLY).until(() -> proxy.server.eventClients() == 0);

        // the next dashboard still hears about the next request
        var next = HangingClient.connect(proxy.server.port()).send(head, new byte[0]);
        next.awaitReceived(": connected", Duration.ofSeconds(5));
        assertNextRequestServed();
        next.awaitReceived("event: request", Duration.ofSeconds(5));
        next.hangUp();
    }

    /** The fake saw its connection close within a second of the client's hang-up, and the proxy let the request go. */
    private void assertCancelled(long hungUpAt, IntSupplier upstreamHangUps) {
        await().atMost(PROMPTLY).until(() -> upstreamHangUps.getAsInt() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - hungUpAt)).isLessThan(PROMPTLY.plusMillis(200));
        await().atMost(PROMPTLY).until(() -> proxy.server.inFlight() == 0);
    }

    /** The {@code n}th record says the client closed, in memory and in the database. */
    private RequestRecord assertClientClosedRecorded(int n) throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.server.recentRecords().size() == n);
        RequestRecord r = proxy.server.recentRecords().get(n - 1);
        assertThat(r.outcome()).isEqualTo(Outcome.CLIENT_CLOSED);
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.server.recordWriter().written() == n);
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + proxy.dataDir().resolve("proxy.db"));
             var st = c.prepareStatement("SELECT outcome FROM requests WHERE id = ?")) {
            st.setString(1, r.id());
            try (var rs = st.executeQuery()) {
                assertThat(rs.next()).as("record %s stored", r.id()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("CLIENT_CLOSED");
            }
        }
        return r;
    }

    private void assertNextRequestServed() {
        HttpRequest request = proxy.messages(ClaudeCodeRequests.streamed(5_000)).timeout(Duration.ofSeconds(20)).build();
        var response = proxy.send(request);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("event: message_stop");
    }

    /** A tool-loop step: the router sends it to the cheap provider. */
    private static byte[] toolStep() {
        return ("{\"model\":\"claude-opus-5-5\",\"max_tokens\":1000,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Go.\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Read\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"x\"}]}]}").getBytes(StandardCharsets.UTF_8);
    }
}
