package io.aismush.providers.openai;

import io.aismush.pipeline.UpstreamResponse;
import io.aismush.providers.Upstream;
import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testkit.FakeOpenAi;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.OpenAiSse;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.wire.ApiError;
import io.aismush.wire.Json;
import io.aismush.wire.SseEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static io.aismush.providers.openai.OpenAiTesting.events;
import static io.aismush.providers.openai.OpenAiTesting.exchange;
import static io.aismush.providers.openai.OpenAiTesting.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiProviderTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String HELLO = "{'model':'claude-opus-5-5','max_tokens':128000,'stream':true,'messages':[{'role':'user','content':'hi'}]}";
    private static final String HELLO_WHOLE = HELLO.replace("'stream':true", "'stream':false");

    private final FakeOpenAi fake = FakeOpenAi.start();
    private final Upstream upstream = new Upstream(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
    private final OpenAiProvider provider = provider("local-key");

    private OpenAiProvider provider(String key) {
        return new OpenAiProvider(new OpenAiProviderConfig("local", fake.baseUrl(), key, "qwen3-coder:30b", 32768, 8192), upstream);
    }

    @AfterEach
    void stop() {
        upstream.close();
        fake.close();
    }

    @Test
    void streamedAnswerArrivesAsAnthropicEvents() throws IOException {
        UpstreamResponse response = provider.call(exchange(HELLO, null));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.provider()).isEqualTo("local");
        assertThat(response.headers().first("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/event-stream"));
        List<SseEvent> events = events(response);
        assertThat(events.getFirst().name()).isEqualTo("message_start");
        assertThat(events.getLast().name()).isEqualTo("message_stop");
        assertThat(textOf(events)).isEqualTo(FakeOpenAi.DEFAULT_TEXT);
    }

    @Test
    void clientCredentialsAndAnthropicHeadersNeverReachTheForeignProvider() throws IOException {
        events(provider.call(exchange(HELLO, null)));
        ReceivedRequest got = fake.takeRequest(WAIT);
        assertThat(got.pathAndQuery()).isEqualTo("/v1/chat/completions");
        assertThat(got.header("authorization")).isEqualTo("Bearer local-key");
        assertThat(got.header("x-api-key")).isNull();
        assertThat(got.headerNames()).noneMatch(n -> n.toLowerCase().startsWith("anthropic-") || n.toLowerCase().startsWith("x-claude"));
        assertThat(got.bodyText()).doesNotContain("sk-ant");
        assertThat(got.header("accept")).isEqualTo("text/event-stream");
    }

    @Test
    void noKeyMeansNoAuthorizationHeader() throws IOException {
        events(provider(null).call(exchange(HELLO, null)));
        assertThat(fake.takeRequest(WAIT).header("authorization")).isNull();
    }

    @Test
    void theRoutedModelWinsOverTheConfiguredOne() throws IOException {
        events(provider.call(exchange(HELLO, "llama3.3:70b")));
        assertThat(json(fake.takeRequest(WAIT)).path("model").asString()).isEqualTo("llama3.3:70b");
        events(provider.call(exchange(HELLO, null)));
        JsonNode second = json(fake.takeRequest(WAIT));
        assertThat(second.path("model").asString()).isEqualTo("qwen3-coder:30b");
        assertThat(second.path("max_tokens").asLong()).isEqualTo(8192);
    }

    @Test
    void theAnswerNamesTheModelTheProviderReports() throws IOException {
        var start = events(provider.call(exchange(HELLO, "some-alias"))).getFirst();
        assertThat(Json.MAPPER.readTree(start.data()).path("message").path("model").asString()).isEqualTo(FakeOpenAi.DEFAULT_MODEL);
    }

    @Test
    void nonStreamedAnswerBecomesAnAnthropicMessage() throws IOException {
        fake.enqueue(FakeOpenAi.nonStreaming(OpenAiSse.completion("qwen3-coder:30b", "thinking about it", "Reading now.",
                List.of(new OpenAiSse.Call("call:1", "Read", List.of("{\"file_path\":\"/a\"}"))), "tool_calls", new OpenAiSse.Tokens(1000, 20, 800))));
        UpstreamResponse response = provider.call(exchange(HELLO_WHOLE, null));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().first("content-type")).hasValue("application/json");
        JsonNode message = Json.MAPPER.readTree(text(response));
        assertThat(message.path("type").asString()).isEqualTo("message");
        assertThat(message.path("content").findValuesAsString("type")).containsExactly("thinking", "text", "tool_use");
        assertThat(message.path("content").get(0).path("signature").asString()).isEqualTo("aismush.local.");
        assertThat(message.path("content").get(2).path("id").asString()).matches("[a-zA-Z0-9_-]+");
        assertThat(message.path("content").get(2).path("input").toString()).isEqualTo("{\"file_path\":\"/a\"}");
        assertThat(message.path("stop_reason").asString()).isEqualTo("tool_use");
        assertThat(message.path("usage").path("input_tokens").asLong()).isEqualTo(200);
        assertThat(message.path("usage").path("cache_read_input_tokens").asLong()).isEqualTo(800);
        assertThat(json(fake.takeRequest(WAIT)).has("stream_options")).isFalse();
    }

    @Test
    void anUpstreamThatIgnoresStreamingIsStillAnsweredAsAStream() throws IOException {
        fake.enqueue(FakeOpenAi.nonStreaming(OpenAiSse.completion("qwen3-coder:30b", null, "Whole answer.", List.of(), "stop", OpenAiSse.Tokens.SMALL)));
        var events = events(provider.call(exchange(HELLO, null)));
        assertThat(events.getFirst().name()).isEqualTo("message_start");
        assertThat(events.getLast().name()).isEqualTo("message_stop");
        assertThat(textOf(events)).isEqualTo("Whole answer.");
    }

    @Test
    void parallelToolCallsAndIndexReuseBothBecomeSeparateToolUseBlocks() throws IOException {
        var calls = List.of(new OpenAiSse.Call("call_a", "Read", List.of("{\"file_path\":", "\"/a\"}")),
                new OpenAiSse.Call("call_b", "Grep", List.of("{\"pattern\":", "\"x\"}")));
        for (var reply : List.of(FakeOpenAi.parallelToolCalls(calls), FakeOpenAi.indexReuse(calls))) {
            fake.enqueue(reply);
            var events = events(provider.call(exchange(HELLO, null)));
            var starts = events.stream().filter(e -> "content_block_start".equals(e.name()) && e.data().contains("\"tool_use\"")).map(e -> Json.MAPPER.readTree(e.data()).path("content_block")).toList();
            assertThat(starts).extracting(b -> b.path("id").asString()).containsExactly("call_a", "call_b");
            assertThat(events).anyMatch(e -> e.data().contains("\"stop_reason\":\"tool_use\""));
        }
    }

    @Test
    void keepAlivesAreSkipped() throws IOException {
        fake.enqueue(FakeOpenAi.keepAlives("Slow but steady."));
        var events = events(provider.call(exchange(HELLO, null)));
        assertThat(events).allMatch(e -> e.name() != null);
        assertThat(textOf(events)).isEqualTo("Slow but steady.");
    }

    @Test
    void rateLimitKeepsItsRetryAfter() throws IOException {
        fake.enqueue(FakeOpenAi.rateLimited(17));
        UpstreamResponse response = provider.call(exchange(HELLO, null));
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.headers().first("retry-after")).hasValue("17");
        assertThat(response.body()).isInstanceOf(UpstreamResponse.Bytes.class);
        assertError(text(response), "rate_limit_error", "Rate limit reached");
    }

    @Test
    void serverErrorBecomesApiError() throws IOException {
        fake.enqueue(FakeOpenAi.serverError());
        UpstreamResponse response = provider.call(exchange(HELLO, null));
        assertThat(response.status()).isEqualTo(500);
        assertError(text(response), "api_error", "The server had an error");
    }

    @Test
    void unavailableBecomesOverloaded() throws IOException {
        fake.enqueue(FakeOpenAi.error(503, "Service Unavailable", "server_error", null));
        UpstreamResponse response = provider.call(exchange(HELLO, null));
        assertThat(response.status()).isEqualTo(529);
        assertError(text(response), "overloaded_error", "Service Unavailable");
    }

    @Test
    void badKeyBecomesAuthenticationError() throws IOException {
        fake.enqueue(FakeOpenAi.unauthorized());
        UpstreamResponse response = provider.call(exchange(HELLO, null));
        assertThat(response.status()).isEqualTo(401);
        assertError(text(response), "authentication_error", "Incorrect API key");
    }

    @Test
    void statusesMapToAnthropicErrorTypes() throws IOException {
        record Case(int status, int expectedStatus, String type) {}
        for (var c : List.of(new Case(400, 400, "invalid_request_error"), new Case(403, 403, "permission_error"),
                new Case(404, 404, "not_found_error"), new Case(413, 413, "request_too_large"), new Case(422, 400, "invalid_request_error"),
                new Case(502, 502, "api_error"), new Case(504, 504, "timeout_error"))) {
            fake.enqueue(FakeOpenAi.error(c.status(), "failed with " + c.status(), "some_error", null));
            UpstreamResponse response = provider.call(exchange(HELLO, null));
            assertThat(response.status()).as("upstream %d", c.status()).isEqualTo(c.expectedStatus());
            assertError(text(response), c.type(), "failed with " + c.status());
        }
    }

    @Test
    void contextOverflowIsReportedInAnthropicsWordsSoClaudeCodeCompacts() throws IOException {
        fake.enqueue(FakeOpenAi.contextTooLong());
        UpstreamResponse response = provider.call(exchange(HELLO, null));
        assertThat(response.status()).isEqualTo(400);
        assertError(text(response), "invalid_request_error", "prompt is too long");
    }

    @Test
    void anErrorInsteadOfTheFirstChunkIsAnHttpErrorNeverAnEmpty200() throws IOException {
        fake.enqueue(FakeOpenAi.errorInStream("model 'nope' not found", "invalid_request_error", "404"));
        UpstreamResponse response = provider.call(exchange(HELLO, null));
        assertThat(response.status()).isEqualTo(404);
        assertError(text(response), "not_found_error", "model 'nope' not found");

        fake.enqueue(FakeOpenAi.streaming(List.of(OpenAiSse.DONE)));
        response = provider.call(exchange(HELLO, null));
        assertThat(response.status()).isEqualTo(502);
        assertError(text(response), "api_error", "without a single chunk");
    }

    @Test
    void aStreamCutMidwayThrowsSoTheRelaySendsItsErrorEvent() throws IOException {
        fake.enqueue(FakeOpenAi.streaming(OpenAiSse.textStream(FakeOpenAi.DEFAULT_MODEL, "A long answer that breaks.", OpenAiSse.Tokens.SMALL)).cutAfter(3));
        UpstreamResponse response = provider.call(exchange(HELLO, null));
        assertThat(response.status()).isEqualTo(200);
        assertThatThrownBy(() -> events(response)).isInstanceOf(IOException.class);
    }

    @Test
    void anUnreachableUpstreamIsABadGateway() {
        var dead = new OpenAiProvider(new OpenAiProviderConfig("local", URI.create("http://127.0.0.1:" + FakeUpstream.refusingPort() + "/v1"),
                null, "m", 8192, 0), upstream);
        assertThatThrownBy(() -> dead.call(exchange(HELLO, null))).isInstanceOfSatisfying(ApiError.Failure.class,
                f -> assertThat(f.error().status()).isEqualTo(502));
    }

    @Test
    void aClaudeCodeConversationPassesTheStrictValidator() throws IOException {
        UpstreamResponse response = provider.call(exchange(ClaudeCodeRequests.streamed(80_000), null));
        assertThat(response.status()).as("the fake's validator refused the translated request").isEqualTo(200);
        events(response);
        JsonNode sent = json(fake.takeRequest(WAIT));
        assertThat(sent.path("tools")).hasSize(12);
        List<String> roles = sent.path("messages").findValuesAsString("role");
        assertThat(roles.getFirst()).isEqualTo("system");
        assertThat(roles.stream().filter("system"::equals)).hasSize(1);
    }

    @Test
    void onlyTheMessagesEndpointIsServed() {
        var countTokens = new io.aismush.pipeline.Exchange("ams_t", "POST", "/v1/messages/count_tokens", null, OpenAiTesting.CLAUDE_CODE_HEADERS,
                new io.aismush.pipeline.RequestBody(new byte[0]), io.aismush.wire.RequestSummary.NONE, System.nanoTime());
        assertThatThrownBy(() -> provider.call(countTokens)).isInstanceOfSatisfying(ApiError.Failure.class,
                f -> assertThat(f.error().type()).isEqualTo("not_found_error"));
    }

    // ---- helpers ----

    private static JsonNode json(ReceivedRequest request) {
        return Json.MAPPER.readTree(request.body());
    }

    private static String textOf(List<SseEvent> events) {
        return events.stream().filter(e -> "content_block_delta".equals(e.name()))
                .map(e -> Json.MAPPER.readTree(e.data()).path("delta"))
                .filter(d -> d.path("type").asString().equals("text_delta"))
                .map(d -> d.path("text").asString()).collect(Collectors.joining());
    }

    private static void assertError(String body, String type, String messagePart) {
        JsonNode error = Json.MAPPER.readTree(body);
        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.path("error").path("type").asString()).isEqualTo(type);
        assertThat(error.path("error").path("message").asString()).contains(messagePart);
    }
}
