package io.aismush.providers.openai;

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
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.providers.Upstream;
import io.aismush.testkit.FakeOpenAi;
import io.aismush.testkit.OpenAiSse;
import io.aismush.wire.ApiError;
import io.aismush.wire.EventSource;
import io.aismush.wire.Headers;
import io.aismush.wire.SseEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official Anthropic Java SDK reads what the provider translated. The proxy's own server wiring is not used here
 * (it is being built elsewhere); a small loopback endpoint plays the relay: it writes the provider's status, headers
 * and events exactly as they come, flushing each event.
 */
class AnthropicSdkTest {
    private final FakeOpenAi fake = FakeOpenAi.start();
    private final Upstream upstream = new Upstream(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
    private final OpenAiProvider provider = new OpenAiProvider(
            new OpenAiProviderConfig("local", fake.baseUrl(), null, "qwen3-coder:30b", 32768, 8192), upstream);
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer endpoint = start();
    private final AnthropicClient client = AnthropicOkHttpClient.builder()
            .baseUrl("http://127.0.0.1:" + endpoint.getAddress().getPort())
            .apiKey("sk-ant-test-key")
            .maxRetries(0)
            .timeout(Duration.ofSeconds(8))
            .build();

    private static final MessageCreateParams PARAMS = MessageCreateParams.builder()
            .model("claude-sonnet-4-5").maxTokens(1024L).addUserMessage("Say hi.").build();

    @AfterEach
    void stop() {
        client.close();
        endpoint.stop(0);
        threads.close();
        upstream.close();
        fake.close();
    }

    @Test
    void sdkAccumulatesThinkingAndTextFromATranslatedStream() {
        fake.enqueue(FakeOpenAi.fixture("reasoning-then-text"));
        Message message = stream();
        assertThat(message.content()).hasSize(2);
        assertThat(message.content().get(0).isThinking()).isTrue();
        assertThat(message.content().get(0).asThinking().thinking()).isEqualTo("The user wants a greeting.\n");
        assertThat(message.content().get(0).asThinking().signature()).isEqualTo("aismush.local.");
        assertThat(message.content().get(1).asText().text()).isEqualTo("Hi there!");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.model().asString()).isEqualTo("qwen3-coder:30b");
        assertThat(message.usage().inputTokens()).isEqualTo(44);
        assertThat(message.usage().cacheReadInputTokens()).contains(256L);
        assertThat(message.usage().outputTokens()).isEqualTo(50);
    }

    @Test
    void sdkAccumulatesAToolCallWhoseArgumentsArrivedInFragments() {
        fake.enqueue(FakeOpenAi.fixture("tool-call-fragmented-args"));
        Message message = stream();
        assertThat(message.content()).hasSize(2);
        assertThat(message.content().get(0).asText().text()).isEqualTo("I'll read the file.");
        var toolUse = message.content().get(1).asToolUse();
        assertThat(toolUse.id()).isEqualTo("call_abc123");
        assertThat(toolUse.name()).isEqualTo("Read");
        assertThat(toolUse._input().convert(Map.class)).isEqualTo(Map.of("file_path", "/tmp/a.txt"));
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
    }

    @Test
    void sdkSeesTwoToolCallsWhenTheUpstreamReusedIndexZero() {
        fake.enqueue(FakeOpenAi.fixture("index-reuse"));
        Message message = stream();
        assertThat(message.content()).allMatch(ContentBlock::isToolUse);
        assertThat(message.content()).extracting(b -> b.asToolUse()._input().convert(Map.class))
                .containsExactly(Map.of("file_path", "/a"), Map.of("file_path", "/b"));
    }

    @Test
    void sdkParsesANonStreamedTranslation() {
        fake.enqueue(FakeOpenAi.nonStreaming(OpenAiSse.completion("qwen3-coder:30b", "hmm", "Hello.",
                List.of(new OpenAiSse.Call("call.7", "Bash", List.of("{\"command\":\"ls\"}"))), "tool_calls", new OpenAiSse.Tokens(50, 9, 0))));
        Message message = client.messages().create(PARAMS);
        assertThat(message.content()).extracting(b -> b.isThinking(), b -> b.isText(), b -> b.isToolUse())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(true, false, false), org.assertj.core.groups.Tuple.tuple(false, true, false),
                        org.assertj.core.groups.Tuple.tuple(false, false, true));
        assertThat(message.content().get(2).asToolUse().id()).matches("[a-zA-Z0-9_-]+");
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(message.usage().inputTokens()).isEqualTo(50);
    }

    @Test
    void sdkSeesAnUpstreamRateLimitAsARateLimit() {
        fake.enqueue(FakeOpenAi.rateLimited(3));
        assertThatThrownBy(() -> client.messages().create(PARAMS)).isInstanceOf(RateLimitException.class);
    }

    private Message stream() {
        var accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(PARAMS)) {
            events.stream().forEach(accumulator::accumulate);
        }
        return accumulator.message();
    }

    // ---- the endpoint that plays the relay ----

    private HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(threads);
            server.createContext("/v1/messages", this::serve);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void serve(HttpExchange http) throws IOException {
        byte[] body = http.getRequestBody().readAllBytes();
        try (http; UpstreamResponse response = provider.call(OpenAiTesting.exchange(body, null))) {
            for (Headers.Field f : response.headers().fields()) http.getResponseHeaders().add(f.name(), f.value());
            OutputStream out = http.getResponseBody();
            switch (response.body()) {
                case UpstreamResponse.EventStream stream -> {
                    http.sendResponseHeaders(response.status(), 0);
                    EventSource events = stream.events();
                    for (SseEvent e = events.next(); e != null; e = events.next()) {
                        out.write(e.raw());
                        out.flush();
                    }
                }
                case UpstreamResponse.Bytes bytes -> {
                    byte[] all = bytes.in().readAllBytes();
                    http.sendResponseHeaders(response.status(), all.length);
                    out.write(all);
                }
            }
        } catch (ApiError.Failure f) {
            byte[] json = f.error().toJson();
            http.getResponseHeaders().add("content-type", "application/json");
            http.sendResponseHeaders(f.error().status(), json.length);
            http.getResponseBody().write(json);
            http.close();
        }
    }
}
