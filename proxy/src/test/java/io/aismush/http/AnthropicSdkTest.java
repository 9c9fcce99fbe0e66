package io.aismush.http;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlock;
import io.aismush.testing.Stats;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.testkit.Reply;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official Anthropic Java SDK, pointed at the proxy, cannot tell it from the API. */
class AnthropicSdkTest {
    private static final String API_KEY = "sk-ant-" + "api03-sdk-test-key-0123456789";
    private static final String TEXT = "Hello through the proxy: caf\u00e9 \ud83d\ude00, with a long enough answer to be split into pieces.";
    private static final AnthropicSse.Tokens TOKENS = new AnthropicSse.Tokens(25, 17, 3_000, 400, 0);

    private final TestProxy proxy = TestProxy.start();
    private final AnthropicClient sdk = AnthropicOkHttpClient.builder()
            .baseUrl(proxy.baseUrl().toString())
            .apiKey(API_KEY)
            .maxRetries(0)
            .timeout(Duration.ofSeconds(8))
            .build();

    @AfterEach
    void stop() {
        sdk.close();
        proxy.close();
    }

    private static MessageCreateParams params() {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(1024).addUserMessage("Say hello.").build();
    }

    private static String text(Message message) {
        return message.content().stream().map(ContentBlock::text).flatMap(t -> t.stream()).map(TextBlock::text)
                .collect(Collectors.joining());
    }

    @Test
    void nonStreamingCreateParsesTextAndUsage() {
        proxy.upstream.enqueue(Reply.json(200, AnthropicSse.message("claude-sonnet-4-5", TEXT, TOKENS)));
        Message message = sdk.messages().create(params());

        assertThat(text(message)).isEqualTo(TEXT);
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isEqualTo(25);
        assertThat(message.usage().outputTokens()).isEqualTo(17);
        assertThat(message.usage().cacheReadInputTokens()).hasValue(3_000L);
        assertThat(message.usage().cacheCreationInputTokens()).hasValue(400L);
        assertReceivedTheSdksRequest(false);
    }

    @Test
    void streamingCreateParsesEveryEventTextAndUsage() {
        proxy.upstream.enqueue(Reply.stream(AnthropicSse.textTurn("claude-sonnet-4-5", TEXT, TOKENS)));
        var accumulator = MessageAccumulator.create();
        var events = new ArrayList<RawMessageStreamEvent>();
        try (StreamResponse<RawMessageStreamEvent> stream = sdk.messages().createStreaming(params())) {
            stream.stream().forEach(e -> events.add(accumulator.accumulate(e)));
        }
        Message message = accumulator.message();

        // Every event arrived; the SDK hands out all but the ping.
        assertThat(events).hasSize(AnthropicSse.textTurn("claude-sonnet-4-5", TEXT, TOKENS).size() - 1);
        assertThat(events.getFirst().isMessageStart()).isTrue();
        assertThat(events.getLast().isMessageStop()).isTrue();
        assertThat(text(message)).isEqualTo(TEXT);
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isEqualTo(25);
        assertThat(message.usage().outputTokens()).isEqualTo(17);
        assertThat(message.usage().cacheReadInputTokens()).hasValue(3_000L);
        assertReceivedTheSdksRequest(true);

        JsonNode stats = Stats.after(proxy, 1);
        assertThat(stats.path("tokens").path("output").asLong()).isEqualTo(17);
        assertThat(Stats.outcome(stats, "completed")).isEqualTo(1);
    }

    @Test
    void theSdkSeesAnUpstreamRateLimitAsItsOwnRateLimitError() {
        proxy.upstream.enqueue(Reply.rateLimited(30));
        assertThatThrownBy(() -> sdk.messages().create(params())).isInstanceOfSatisfying(RateLimitException.class,
                e -> assertThat(e.headers().values("retry-after")).containsExactly("30"));
    }

    private void assertReceivedTheSdksRequest(boolean stream) {
        ReceivedRequest got = proxy.upstream.takeRequest(Duration.ofSeconds(2));
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.path()).isEqualTo("/v1/messages");
        assertThat(got.header("x-api-key")).isEqualTo(API_KEY);
        assertThat(got.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(got.header("user-agent")).contains("Anthropic");
        assertThat(got.header("x-stainless-lang")).isEqualTo("java");
        assertThat(got.header("accept-encoding")).isNull();
        JsonNode body = Json.MAPPER.readTree(got.body());
        assertThat(body.path("model").asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("max_tokens").asLong()).isEqualTo(1024);
        assertThat(body.path("messages").get(0).path("content").asString()).isEqualTo("Say hello.");
        assertThat(body.path("stream").asBoolean(false)).isEqualTo(stream);
    }
}
