package io.aismush.http;

import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.Reply;
import io.aismush.wire.SseReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

/** Upstreams that end lines with CRLF (common among OpenAI-compatible servers) are relayed as exactly as LF ones. */
class RelayLineEndsTest {
    private static final List<String> CRLF_TURN = AnthropicSse.textTurn("claude-opus-5-5", "Lines end in CR LF here.",
            AnthropicSse.Tokens.SMALL).stream().map(e -> e.replace("\n", "\r\n")).toList();

    private final TestProxy proxy = TestProxy.start();

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void crlfStreamIsRelayedByteForByteIncludingItsLastByte() {
        proxy.upstream.enqueue(Reply.stream(CRLF_TURN));
        var response = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(5_000)).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(String.join("", CRLF_TURN));
    }

    @Test
    void eachCrlfEventReachesTheClientWholeBeforeTheNextIsSent() throws Exception {
        var gate = new Semaphore(0);
        proxy.upstream.enqueue(Reply.stream(CRLF_TURN).gatedBy(gate));
        HttpResponse<InputStream> response = proxy.client.send(proxy.messages(ClaudeCodeRequests.streamed(5_000)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (var reader = new SseReader(response.body())) {
            for (int k = 0; k < CRLF_TURN.size(); k++) {
                var event = reader.next();
                assertThat(new String(event.raw(), StandardCharsets.UTF_8)).as("event %d", k).isEqualTo(CRLF_TURN.get(k));
                gate.release();
            }
            assertThat(reader.next()).isNull();
            assertThat(reader.unfinished()).isEmpty();
        }
    }
}
