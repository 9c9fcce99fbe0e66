package io.aismush.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aismush.providers.ToolNames;
import io.aismush.providers.openai.ChatStreamTranslator;
import io.aismush.testkit.StreamValidator;
import io.aismush.wire.Json;
import io.aismush.wire.SseEvent;
import io.aismush.wire.SseReader;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAI Chat → Anthropic stream translator, fed Chat streams: what it emits is always a well-formed Anthropic
 * stream ({@link StreamValidator}), complete when it ends normally and a well-formed prefix when it gives up; it gives
 * up only with an {@link IOException} (a malformed or broken upstream stream), never with anything else.
 */
class OpenAiStreamFuzzTest {
    private static final ToolNames TOOLS = ToolNames.forRequest(List.of("Read", "Grep", "Bash", "mcp__files.read"));
    private static final List<String> NAMES = List.of("Read", "Grep", "Bash", ToolNames.forRequest(List.of("mcp__files.read"))
            .toUpstream("mcp__files.read"), "", "Unknown tool");
    private static final List<String> FINISH = List.of("stop", "length", "tool_calls", "function_call", "content_filter", "", "other");

    /** Raw upstream bytes (seeds: the OpenAI fixtures of the test kit). */
    @FuzzTest(maxDuration = "60s")
    void anyUpstreamBytesTranslateToAWellFormedStreamOrAnIoError(byte[] upstream) {
        translateAndCheck(upstream);
    }

    /** Streams built chunk by chunk from the pieces real servers send, in any order and with any values. */
    @FuzzTest(maxDuration = "60s")
    void anySequenceOfChatChunksTranslatesToAWellFormedStreamOrAnIoError(FuzzedDataProvider data) {
        var sse = new StringBuilder();
        String id = data.consumeBoolean() ? "chatcmpl-" + data.consumeString(8) : "";
        int chunks = data.consumeInt(0, 40);
        for (int i = 0; i < chunks && data.remainingBytes() > 0; i++) {
            switch (data.consumeInt(0, 9)) {
                case 0 -> sse.append(": keep-alive\n\n");
                case 1 -> sse.append("data: [DONE]\n\n");
                case 2 -> sse.append("data: ").append(data.consumeString(40).replace("\n", " ")).append("\n\n");
                case 3 -> sse.append(data(usageChunk(id, data)));
                case 4 -> sse.append(data(errorChunk(data)));
                default -> sse.append(data(deltaChunk(id, data)));
            }
        }
        translateAndCheck(sse.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void translateAndCheck(byte[] upstream) {
        var translator = new ChatStreamTranslator(new SseReader(new ByteArrayInputStream(upstream)), "local", "qwen3-coder:30b", TOOLS);
        var validator = new StreamValidator();
        try {
            for (SseEvent e = translator.next(); e != null; e = translator.next()) {
                validator.accept(new String(e.raw(), StandardCharsets.UTF_8));
            }
        } catch (IOException gaveUp) {
            // a documented refusal (malformed chunk, error chunk, early end, interleaved calls): what went out is still well formed
            assertThat(validator.soFar()).as("events before the failure").isEmpty();
            return;
        }
        assertThat(validator.end()).isEmpty();
    }

    private static ObjectNode chunk(String id) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        if (!id.isEmpty()) c.put("id", id);
        return c.put("object", "chat.completion.chunk").put("created", 1_764_000_000).put("model", "qwen3-coder:30b");
    }

    private static ObjectNode deltaChunk(String id, FuzzedDataProvider data) {
        ObjectNode c = chunk(id);
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (data.consumeBoolean()) delta.put("role", "assistant");
        switch (data.consumeInt(0, 3)) {
            case 0 -> delta.put("content", data.consumeString(30));
            case 1 -> delta.put(data.consumeBoolean() ? "reasoning_content" : "reasoning", data.consumeString(30));
            case 2 -> {
                ArrayNode calls = delta.putArray("tool_calls");
                int n = data.consumeInt(1, 3);
                for (int k = 0; k < n; k++) calls.add(toolCall(data));
            }
            default -> delta.put("content", data.pickValue(List.of(" ", "\n", "", "Hi", "\u00e9\ud83d\ude00")));
        }
        if (data.consumeInt(0, 5) == 0) choice.put("finish_reason", data.pickValue(FINISH));
        else choice.putNull("finish_reason");
        if (data.consumeInt(0, 7) == 0) c.set("usage", usage(data));
        return c;
    }

    private static ObjectNode toolCall(FuzzedDataProvider data) {
        ObjectNode call = Json.MAPPER.createObjectNode();
        if (data.consumeInt(0, 5) > 0) call.put("index", data.consumeInt(0, 3));
        if (data.consumeBoolean()) call.put("id", data.pickValue(List.of("call_a", "call_b", "call.c:1", "call_a", "x")));
        if (data.consumeBoolean()) call.put("type", "function");
        ObjectNode function = call.putObject("function");
        if (data.consumeBoolean()) function.put("name", data.pickValue(NAMES));
        switch (data.consumeInt(0, 3)) {
            case 0 -> function.put("arguments", data.consumeString(20));
            case 1 -> function.putObject("arguments").put("file_path", "/src/A.java");
            case 2 -> function.put("arguments", "");
            default -> { }
        }
        return call;
    }

    private static ObjectNode usageChunk(String id, FuzzedDataProvider data) {
        ObjectNode c = chunk(id);
        c.putArray("choices");
        c.set("usage", usage(data));
        return c;
    }

    private static ObjectNode usage(FuzzedDataProvider data) {
        ObjectNode u = Json.MAPPER.createObjectNode().put("prompt_tokens", data.consumeInt(0, 200_000))
                .put("completion_tokens", data.consumeInt(0, 10_000));
        if (data.consumeBoolean()) u.putObject("prompt_tokens_details").put("cached_tokens", data.consumeInt(0, 200_000));
        if (data.consumeBoolean()) u.put("prompt_cache_hit_tokens", data.consumeInt(0, 200_000)).put("prompt_cache_miss_tokens", data.consumeInt(0, 200_000));
        return u;
    }

    private static ObjectNode errorChunk(FuzzedDataProvider data) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        if (data.consumeBoolean()) c.put("error", data.consumeString(20));
        else c.putObject("error").put("message", data.consumeString(20)).put("code", data.pickValue(List.of("429", "context_length_exceeded", "", "500")));
        return c;
    }

    private static String data(ObjectNode chunk) {
        return "data: " + Json.MAPPER.writeValueAsString(chunk) + "\n\n";
    }
}
