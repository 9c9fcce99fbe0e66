package io.aismush.http.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.aismush.config.ProviderSpec;
import io.aismush.config.RoutingSettings;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.FakeOpenAi;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.testkit.Reply;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The official OpenAI Java SDK talks Chat Completions to aismush ({@code POST /v1/chat/completions}); the request
 * runs through the same pipeline as Claude Code's, to an Anthropic fake or to an OpenAI-compatible fake, and the
 * answer comes back in Chat format, streamed and not, with tool calls and usage.
 */
class OpenAiSdkThroughChatEndpointTest {
    private static final String ANTHROPIC_KEY = "sk-ant-" + "api03-chat-client-0123456789";
    private static final String MODEL = "claude-sonnet-4-5";
    private static final String READ_ARGS = "{\"file_path\":\"/tmp/a.txt\"}";

    private TestProxy proxy;
    private FakeOpenAi openAi;
    private OpenAIClient client;

    @AfterEach
    void stop() {
        if (client != null) client.close();
        if (proxy != null) proxy.close();
        if (openAi != null) openAi.close();
    }

    private void toAnthropic() {
        proxy = TestProxy.start();
        connect();
    }

    private void toOpenAiProvider() {
        openAi = FakeOpenAi.start();
        proxy = TestProxy.start(FakeUpstream.start(), c -> c
                .withRouting(RoutingSettings.defaults().withProviders(List.of(
                        new ProviderSpec("local", openAi.baseUrl(), "local-key", "qwen3-coder:30b", 32_768, 8_192))))
                .withForceProvider("local"));
        connect();
    }

    private void connect() {
        client = OpenAIOkHttpClient.builder().baseUrl(proxy.baseUrl() + "/v1").apiKey(ANTHROPIC_KEY).maxRetries(0)
                .timeout(Duration.ofSeconds(10)).build();
    }

    private static ChatCompletionCreateParams.Builder withReadTool() {
        var params = FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("file_path", Map.of("type", "string"))))
                .putAdditionalProperty("required", JsonValue.from(List.of("file_path"))).build();
        return ChatCompletionCreateParams.builder().model(MODEL).maxCompletionTokens(1_000)
                .addSystemMessage("You are terse.")
                .addUserMessage("Read /tmp/a.txt")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("Read")
                        .description("Reads a file").parameters(params).build()).build());
    }

    private static ChatCompletionMessageFunctionToolCall onlyCall(List<ChatCompletionMessageToolCall> calls) {
        assertThat(calls).hasSize(1);
        return calls.getFirst().asFunction();
    }

    @Test
    void aWholeToolCallFromClaudeComesBackAsAChatToolCall() {
        toAnthropic();
        proxy.upstream.enqueue(Reply.json(200, AnthropicSse.toolUseMessage(MODEL, "Reading it.", "toolu_01Read", "Read", READ_ARGS,
                new AnthropicSse.Tokens(30, 12, 1000, 200, 0))));
        ChatCompletion completion = client.chat().completions().create(withReadTool().build());

        var choice = completion.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().content()).contains("Reading it.");
        var call = onlyCall(choice.message().toolCalls().orElseThrow());
        assertThat(call.id()).isEqualTo("toolu_01Read");
        assertThat(call.function().name()).isEqualTo("Read");
        assertThat(Json.MAPPER.readTree(call.function().arguments())).isEqualTo(Json.MAPPER.readTree(READ_ARGS));
        var usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(1230);
        assertThat(usage.completionTokens()).isEqualTo(12);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(1000L);

        ReceivedRequest sent = proxy.upstream.takeRequest(Duration.ofSeconds(5));
        assertThat(sent.pathAndQuery()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).as("a console key sent as a bearer token goes where Anthropic expects it").isEqualTo(ANTHROPIC_KEY);
        assertThat(sent.header("authorization")).isNull();
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        JsonNode body = Json.MAPPER.readTree(sent.body());
        assertThat(body.path("system").path(0).path("text").asString()).isEqualTo("You are terse.");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(1000);
        assertThat(body.path("tools").path(0).path("input_schema").path("required").path(0).asString()).isEqualTo("file_path");
    }

    @Test
    void aStreamedToolCallFromClaudeArrivesAsChatChunksWithUsageLast() {
        toAnthropic();
        proxy.upstream.enqueue(Reply.stream(AnthropicSse.toolUseTurn(MODEL, "Reading it.", "toolu_01Read", "Read", READ_ARGS,
                new AnthropicSse.Tokens(30, 12, 1000, 0, 0))));
        var accumulator = ChatCompletionAccumulator.create();
        ChatCompletionChunk last = null;
        try (StreamResponse<ChatCompletionChunk> chunks = client.chat().completions().createStreaming(withReadTool()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            for (ChatCompletionChunk chunk : chunks.stream().toList()) {
                accumulator.accumulate(chunk);
                last = chunk;
            }
        }
        ChatCompletion completion = accumulator.chatCompletion();
        var choice = completion.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().content()).contains("Reading it.");
        var call = onlyCall(choice.message().toolCalls().orElseThrow());
        assertThat(call.function().name()).isEqualTo("Read");
        assertThat(Json.MAPPER.readTree(call.function().arguments())).isEqualTo(Json.MAPPER.readTree(READ_ARGS));
        assertThat(last.choices()).as("the usage chunk comes last, without choices").isEmpty();
        assertThat(last.usage().orElseThrow().promptTokens()).isEqualTo(1030);
        assertThat(Json.MAPPER.readTree(proxy.upstream.requests().getFirst().body()).path("stream").asBoolean()).isTrue();
    }

    @Test
    void aStreamedTextAnswerEndsWithStopAndIsCountedLikeAMessagesRequest() {
        toAnthropic();
        proxy.upstream.enqueue(Reply.stream(AnthropicSse.textTurn(MODEL, "The file says hello.", AnthropicSse.Tokens.SMALL)));
        var accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> chunks = client.chat().completions().createStreaming(withReadTool().build())) {
            chunks.stream().forEach(accumulator::accumulate);
        }
        var choice = accumulator.chatCompletion().choices().getFirst();
        assertThat(choice.message().content()).contains("The file says hello.");
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        await().atMost(Duration.ofSeconds(2)).until(() -> proxy.server.liveStats().requests() == 1);
        assertThat(proxy.get("/stats").body()).contains("\"output\":" + AnthropicSse.Tokens.SMALL.output());
    }

    @Test
    void toolResultsGoBackToClaudeAsToolResultBlocksAfterTheirToolUse() {
        toAnthropic();
        var call = ChatCompletionMessageToolCall.ofFunction(ChatCompletionMessageFunctionToolCall.builder().id("call_1")
                .function(ChatCompletionMessageFunctionToolCall.Function.builder().name("Read").arguments(READ_ARGS).build()).build());
        client.chat().completions().create(withReadTool()
                .addMessage(ChatCompletionAssistantMessageParam.builder().content("Reading it.").addToolCall(call).build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("call_1").content("1\thello").build())
                .build());
        JsonNode messages = Json.MAPPER.readTree(proxy.upstream.takeRequest(Duration.ofSeconds(5)).body()).path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.path(1).path("content").path(1).path("type").asString()).isEqualTo("tool_use");
        assertThat(messages.path(1).path("content").path(1).path("input").path("file_path").asString()).isEqualTo("/tmp/a.txt");
        JsonNode result = messages.path(2).path("content").path(0);
        assertThat(result.path("type").asString()).isEqualTo("tool_result");
        assertThat(result.path("tool_use_id").asString()).isEqualTo("call_1");
        assertThat(result.path("content").asString()).isEqualTo("1\thello");
    }

    @Test
    void routedToAnOpenAiProviderAStreamedToolCallSurvivesBothTranslations() {
        toOpenAiProvider();
        openAi.enqueue(FakeOpenAi.fixture("tool-call-fragmented-args"));
        var accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> chunks = client.chat().completions().createStreaming(withReadTool()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks.stream().forEach(accumulator::accumulate);
        }
        var choice = accumulator.chatCompletion().choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        var call = onlyCall(choice.message().toolCalls().orElseThrow());
        assertThat(Json.MAPPER.readTree(call.function().arguments()).path("file_path").asString()).isEqualTo("/tmp/a.txt");
        ReceivedRequest sent = openAi.takeRequest(Duration.ofSeconds(5));
        assertThat(sent.header("authorization")).as("our key for other providers, never the client's").isEqualTo("Bearer local-key");
        assertThat(sent.bodyText()).doesNotContain(ANTHROPIC_KEY);
        assertThat(proxy.upstream.requests()).isEmpty();
    }

    @Test
    void routedToAnOpenAiProviderAWholeAnswerComesBack() {
        toOpenAiProvider();
        ChatCompletion completion = client.chat().completions().create(withReadTool().build());
        var choice = completion.choices().getFirst();
        assertThat(choice.message().content()).contains(FakeOpenAi.DEFAULT_TEXT);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage()).isPresent();
        assertThat(openAi.requests()).hasSize(1);
    }

    @Test
    void anUpstreamErrorReachesTheSdkAsAnOpenAiError() {
        toAnthropic();
        proxy.upstream.enqueue(Reply.rateLimited(3));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.chat().completions().create(withReadTool().build()))
                .isInstanceOf(com.openai.errors.RateLimitException.class);
    }

    @Test
    void theSdkListsTheModelsItCanNameWhileAnthropicClientsStillGetAnthropicsList() {
        toOpenAiProvider();
        var ids = client.models().list().data().stream().map(m -> m.id()).toList();
        assertThat(ids).contains("qwen3-coder:30b").anySatisfy(id -> assertThat(id).startsWith("claude-"));
        var anthropic = proxy.send(java.net.http.HttpRequest.newBuilder(proxy.uri("/v1/models"))
                .header("anthropic-version", "2023-06-01").header("x-api-key", ANTHROPIC_KEY).build());
        assertThat(anthropic.body()).contains("\"has_more\"");
        assertThat(proxy.upstream.requests()).hasSize(1);
    }
}
