package io.aismush.providers.openai;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import io.aismush.config.ProviderSpec;
import io.aismush.config.RoutingSettings;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.FakeOpenAi;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.ReceivedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official Anthropic SDK talks to a real aismush server whose every turn is forced to an OpenAI-compatible provider. */
class OpenAiThroughProxyTest {
    private final FakeOpenAi openAi = FakeOpenAi.start();
    private final TestProxy proxy = TestProxy.start(FakeUpstream.start(), c -> c
            .withRouting(RoutingSettings.defaults().withProviders(List.of(
                    new ProviderSpec("local", openAi.baseUrl(), "local-key", "qwen3-coder:30b", 32_768, 8_192))))
            .withForceProvider("local"));
    private final AnthropicClient client = AnthropicOkHttpClient.builder()
            .baseUrl(proxy.baseUrl().toString())
            .apiKey("sk-ant-secret-0123456789")
            .maxRetries(0)
            .timeout(Duration.ofSeconds(8))
            .build();

    private static final MessageCreateParams PARAMS = MessageCreateParams.builder()
            .model("claude-sonnet-4-5").maxTokens(64_000L).addUserMessage("Read /tmp/a.txt").build();

    @AfterEach
    void stop() {
        client.close();
        proxy.close();
        openAi.close();
    }

    @Test
    void sdkStreamsAToolCallTranslatedByTheProxy() {
        openAi.enqueue(FakeOpenAi.fixture("tool-call-fragmented-args"));
        var accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(PARAMS)) {
            events.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();
        assertThat(message.content().get(1).asToolUse()._input().convert(Map.class)).isEqualTo(Map.of("file_path", "/tmp/a.txt"));
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(message.usage().cacheReadInputTokens()).contains(1000L);

        ReceivedRequest sent = openAi.takeRequest(Duration.ofSeconds(5));
        assertThat(sent.header("authorization")).isEqualTo("Bearer local-key");
        assertThat(sent.header("x-api-key")).isNull();
        assertThat(sent.bodyText()).contains("\"max_tokens\":8192").doesNotContain("sk-ant");
        assertThat(proxy.upstream.requests()).isEmpty();
    }

    @Test
    void sdkReadsAWholeTranslatedAnswer() {
        Message message = client.messages().create(PARAMS);
        assertThat(message.content().getFirst().asText().text()).isEqualTo(FakeOpenAi.DEFAULT_TEXT);
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
    }

    @Test
    void sdkSeesTheProvidersRateLimit() {
        openAi.enqueue(FakeOpenAi.rateLimited(2));
        assertThatThrownBy(() -> client.messages().create(PARAMS)).isInstanceOfSatisfying(RateLimitException.class,
                e -> assertThat(e.headers().values("retry-after")).containsExactly("2"));
    }
}
