package io.aismush.http;

import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.testkit.Reply;
import io.aismush.wire.SseEvent;
import io.aismush.wire.SseReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StreamingTest {
    private final TestProxy proxy = TestProxy.start();

    @AfterEach
    void stop() {
        proxy.close();
    }

    private static final List<String> TURN = AnthropicSse.textTurn("claude-opus-5-5", "The total was off by one because the loop started at 1.",
            new AnthropicSse.Tokens(30, 18, 40_000, 1_200, 300));

    @Test
    void unchangedRequestReachesUpstreamByteForByte() {
        byte[] body = ClaudeCodeRequests.streamed(200_000);
        assertThat(body.length).isBetween(195_000, 205_000);
        var response = proxy.send(proxy.messages(body).build());
        assertThat(response.statusCode()).isEqualTo(200);
        ReceivedRequest got = proxy.upstream.takeRequest(Duration.ofSeconds(5));
        assertThat(got.body()).isEqualTo(body);
        assertThat(got.pathAndQuery()).isEqualTo("/v1/messages?beta=true");
    }

    @Test
    void streamIsRelayedByteForByte() {
        proxy.upstream.enqueue(Reply.stream(TURN));
        var response = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(50_000)).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/event-stream"));
        assertThat(response.body()).isEqualTo(String.join("", TURN));
    }

    @Test
    void eachEventReachesTheClientBeforeTheNextIsSent() throws Exception {
        var gate = new Semaphore(0);
        proxy.upstream.enqueue(Reply.stream(TURN).gatedBy(gate));
        HttpResponse<InputStream> response = proxy.client.send(proxy.messages(ClaudeCodeRequests.streamed(20_000)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        var received = new ArrayList<String>();
        try (var reader = new SseReader(response.body())) {
            for (int k = 0; k < TURN.size(); k++) {
                SseEvent event = reader.next(); // blocks until event k arrives; the fake holds k+1 until we open the gate
                assertThat(event).as("event %d", k).isNotNull();
                received.add(new String(event.raw(), StandardCharsets.UTF_8));
                gate.release();
            }
            assertThat(reader.next()).isNull();
        }
        assertThat(received).containsExactlyElementsOf(TURN);
    }

    @Test
    void clientHangUpCancelsUpstreamWithinOneSecond() throws Exception {
        var endless = new ArrayList<String>(TURN.subList(0, 3));
        for (int i = 0; i < 2000; i++) endless.add(AnthropicSse.event("ping", AnthropicSse.errorObject("ping")));
        proxy.upstream.enqueue(Reply.slowStream(endless, Duration.ofMillis(50)));
        HttpResponse<InputStream> response = proxy.client.send(proxy.messages(ClaudeCodeRequests.streamed(10_000)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        var reader = new SseReader(response.body());
        assertThat(reader.next()).isNotNull();
        reader.close(); // the client hangs up mid-stream
        long hungUpAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).until(() -> proxy.upstream.hangUps() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - hungUpAt)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void clientHangUpBeforeUpstreamAnswersCancelsUpstream() throws Exception {
        proxy.upstream.enqueue(Reply.neverAnswers());
        var pending = proxy.client.sendAsync(proxy.messages(ClaudeCodeRequests.streamed(10_000)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.upstream.openResponses() == 1);
        pending.cancel(true);
        proxy.client.shutdownNow();
        await().atMost(Duration.ofSeconds(1)).until(() -> proxy.upstream.hangUps() == 1);
    }

    @Test
    void cutStreamEndsWithAnErrorEvent() {
        proxy.upstream.enqueue(Reply.cutMidStream(TURN, 4));
        var response = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(10_000)).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith(String.join("", TURN.subList(0, 4)));
        assertThat(response.body().substring(String.join("", TURN.subList(0, 4)).length()))
                .startsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\"").endsWith("\n\n");
    }

    @Test
    void errorEventMidStreamIsRelayedAsIs() {
        Reply.Stream reply = Reply.errorEventMidStream(TURN, 3);
        proxy.upstream.enqueue(reply);
        var response = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(10_000)).build());
        assertThat(response.body()).isEqualTo(String.join("", reply.events()));
    }

    @Test
    void garbageInsteadOfEventsGets502BeforeTheFirstByte() {
        proxy.upstream.enqueue(Reply.garbageSse());
        var response = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(10_000)).build());
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(response.body()).startsWith("{\"type\":\"error\"").contains("\"api_error\"");
    }

    @Test
    void slowStreamArrivesWhole() {
        proxy.upstream.enqueue(Reply.slowStream(TURN, Duration.ofMillis(20)));
        var response = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(10_000)).build());
        assertThat(response.body()).isEqualTo(String.join("", TURN));
    }

    @Test
    void usageOfAStreamIsRecorded() {
        proxy.upstream.enqueue(Reply.stream(TURN));
        proxy.send(proxy.messages(ClaudeCodeRequests.streamed(10_000)).build());
        await().atMost(Duration.ofSeconds(2)).until(() -> proxy.server.liveStats().requests() == 1);
        var stats = proxy.get("/stats").body();
        assertThat(stats).contains("\"input\":30").contains("\"output\":18").contains("\"cache_read\":40000")
                .contains("\"cache_write_5m\":1200").contains("\"cache_write_1h\":300").contains("\"claude-opus-5-5\":1");
    }

    @Test
    void fakeDefaultsAnswerEveryEndpoint() {
        assertThat(FakeUpstream.defaultReply(new ReceivedRequest("GET", "/v1/models", null, List.of(), new byte[0]))).isInstanceOf(Reply.Json.class);
    }
}
