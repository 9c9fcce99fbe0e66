package io.aismush.providers.openai;

import io.aismush.providers.ToolNames;
import io.aismush.testkit.OpenAiSse;
import io.aismush.wire.EventSource;
import io.aismush.wire.Json;
import io.aismush.wire.SseEvent;
import io.aismush.wire.SseReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatStreamTranslatorTest {
    private static final String MODEL = "qwen3-coder:30b";
    private static final ToolNames TOOLS = ToolNames.forRequest(List.of("Read", "Grep", "Bash"));

    @ParameterizedTest
    @ValueSource(strings = {"plain-text", "tool-call-fragmented-args", "parallel-tool-calls", "index-reuse", "reasoning-then-text",
            "usage-only-final-chunk", "length-finish"})
    void fixtureTranslatesToItsExpectedAnthropicTranscript(String fixture) throws IOException {
        List<SseEvent> actual = drain(translator(OpenAiSse.fixtureText(fixture + ".sse"), TOOLS));
        List<SseEvent> expected = drain(reader(OpenAiSse.fixtureText(fixture + ".expected.sse")));
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).name()).as("event %d of %s", i, fixture).isEqualTo(expected.get(i).name());
            assertThat(Json.MAPPER.readTree(actual.get(i).data())).as("event %d of %s", i, fixture).isEqualTo(Json.MAPPER.readTree(expected.get(i).data()));
        }
    }

    @Test
    void everyEventIsWrittenAsAnthropicWritesIt() throws IOException {
        for (SseEvent e : drain(translator(OpenAiSse.fixtureText("tool-call-fragmented-args.sse"), TOOLS))) {
            String raw = new String(e.raw(), StandardCharsets.UTF_8);
            assertThat(raw).startsWith("event: " + e.name() + "\ndata: {").endsWith("}\n\n");
            assertThat(Json.MAPPER.readTree(e.data()).path("type").asString()).isEqualTo(e.name());
        }
    }

    @Test
    void doneAndKeepAlivesAreNeverEmitted() throws IOException {
        var events = drain(translator(OpenAiSse.fixtureText("plain-text.sse"), TOOLS));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.name()).isNotNull();
            assertThat(new String(e.raw(), StandardCharsets.UTF_8)).doesNotContain("[DONE]", "keep-alive");
        });
    }

    @Test
    void blankTextBeforeAToolCallOpensNoTextBlock() throws IOException {
        var events = drain(translator(OpenAiSse.fixtureText("index-reuse.sse"), TOOLS));
        assertThat(events).noneMatch(e -> e.data().contains("\"type\":\"text\""));
    }

    @Test
    void messageDeltaWaitsForTheUsageChunk() throws IOException {
        String id = "chatcmpl-wait";
        var stream = String.join("", List.of(
                OpenAiSse.data(OpenAiSse.chunk(id, MODEL, OpenAiSse.delta().put("content", "Hi"), null)),
                OpenAiSse.data(OpenAiSse.chunk(id, MODEL, OpenAiSse.delta(), "stop")),
                OpenAiSse.data(OpenAiSse.usageChunk(id, MODEL, new OpenAiSse.Tokens(5000, 7, 4096))),
                OpenAiSse.DONE));
        var delta = drain(translator(stream, TOOLS)).stream().filter(e -> "message_delta".equals(e.name())).findFirst().orElseThrow();
        var usage = Json.MAPPER.readTree(delta.data()).path("usage");
        assertThat(usage.path("input_tokens").asLong()).isEqualTo(904);
        assertThat(usage.path("cache_read_input_tokens").asLong()).isEqualTo(4096);
        assertThat(usage.path("output_tokens").asLong()).isEqualTo(7);
    }

    @Test
    void usageInTheFirstChunkGivesMessageStartItsInputTokens() throws IOException {
        var first = OpenAiSse.chunk("c", MODEL, OpenAiSse.delta().put("content", "Hi"), null);
        first.set("usage", OpenAiSse.usage(new OpenAiSse.Tokens(120, 1, 100)));
        var stream = OpenAiSse.data(first) + OpenAiSse.data(OpenAiSse.chunk("c", MODEL, OpenAiSse.delta(), "stop")) + OpenAiSse.DONE;
        var start = drain(translator(stream, TOOLS)).getFirst();
        assertThat(Json.MAPPER.readTree(start.data()).path("message").path("usage").path("input_tokens").asLong()).isEqualTo(20);
    }

    @Test
    void toolNamesAndIdsAreMappedBackForTheClient() throws IOException {
        String mcp = "mcp__github__create_or_update_file_in_repository_with_a_very_long_descriptive_name";
        var names = ToolNames.forRequest(List.of(mcp));
        String upstreamName = names.toUpstream(mcp);
        var stream = String.join("", OpenAiSse.toolCalls(MODEL, List.of(new OpenAiSse.Call("functions.call:0 x", upstreamName, List.of("{}"))), false,
                OpenAiSse.Tokens.SMALL));
        var start = drain(translator(stream, names)).stream().filter(e -> e.data().contains("\"tool_use\"")).findFirst().orElseThrow();
        var block = Json.MAPPER.readTree(start.data()).path("content_block");
        assertThat(block.path("name").asString()).isEqualTo(mcp);
        assertThat(block.path("id").asString()).matches("[a-zA-Z0-9_-]+").startsWith("functions_call_0_x_");
        assertThat(block.path("id").asString()).isEqualTo(ToolIds.sanitise("functions.call:0 x"));
    }

    @Test
    void aToolCallWithoutIdGetsADeterministicOne() throws IOException {
        String stream = "data: {\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"Bash\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n";
        var a = drain(translator(stream, TOOLS));
        var b = drain(translator(stream, TOOLS));
        assertThat(a.get(1).data()).isEqualTo(b.get(1).data()).contains("\"id\":\"call_");
    }

    @Test
    void stopAfterToolCallsMeansToolUse() throws IOException {
        String stream = String.join("", OpenAiSse.toolCalls(MODEL, List.of(new OpenAiSse.Call("call_1", "Bash", List.of("{}"))), false,
                OpenAiSse.Tokens.SMALL)).replace("\"finish_reason\":\"tool_calls\"", "\"finish_reason\":\"stop\"");
        assertThat(drain(translator(stream, TOOLS))).anyMatch(e -> e.data().contains("\"stop_reason\":\"tool_use\""));
    }

    @Test
    void contentFilterMeansRefusal() throws IOException {
        String stream = OpenAiSse.data(OpenAiSse.chunk("c", MODEL, OpenAiSse.delta().put("content", "I can't"), "content_filter")) + OpenAiSse.DONE;
        assertThat(drain(translator(stream, TOOLS))).anyMatch(e -> e.data().contains("\"stop_reason\":\"refusal\""));
    }

    @Test
    void reasoningFieldAlsoBecomesThinking() throws IOException {
        String stream = OpenAiSse.data(OpenAiSse.chunk("c", MODEL, OpenAiSse.delta().put("reasoning", "hmm"), null))
                + OpenAiSse.data(OpenAiSse.chunk("c", MODEL, OpenAiSse.delta().put("content", "ok"), "stop")) + OpenAiSse.DONE;
        var events = drain(translator(stream, TOOLS));
        assertThat(events.get(1).data()).contains("\"type\":\"thinking\"");
        assertThat(events).anyMatch(e -> e.data().contains("\"signature\":\"aismush.local.\""));
    }

    @Test
    void anErrorChunkThrows() {
        String stream = OpenAiSse.data(OpenAiSse.chunk("c", MODEL, OpenAiSse.delta().put("content", "Hi"), null))
                + "data: " + OpenAiSse.errorBody("model crashed", "server_error", null) + "\n\n";
        assertThatThrownBy(() -> drain(translator(stream, TOOLS))).isInstanceOf(ChatStreamTranslator.UpstreamError.class).hasMessageContaining("model crashed");
    }

    @Test
    void aStreamCutBeforeItsFinishReasonThrows() throws IOException {
        String stream = OpenAiSse.data(OpenAiSse.chunk("c", MODEL, OpenAiSse.delta().put("content", "Hi"), null));
        var translator = translator(stream, TOOLS);
        assertThat(translator.next().name()).isEqualTo("message_start");
        assertThat(translator.next().name()).isEqualTo("content_block_start");
        assertThat(translator.next().name()).isEqualTo("content_block_delta");
        assertThatThrownBy(translator::next).isInstanceOf(IOException.class).hasMessageContaining("before its finish_reason");
    }

    @Test
    void anEmptyStreamThrows() {
        assertThatThrownBy(() -> drain(translator("", TOOLS))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> drain(translator(OpenAiSse.DONE, TOOLS))).isInstanceOf(IOException.class);
    }

    @Test
    void aMalformedChunkThrows() {
        assertThatThrownBy(() -> drain(translator("data: {not json\n\n", TOOLS))).isInstanceOf(IOException.class).hasMessageContaining("malformed");
    }

    @Test
    void finishWithoutDoneStillEndsTheMessage() throws IOException {
        String stream = OpenAiSse.data(OpenAiSse.chunk("c", MODEL, OpenAiSse.delta().put("content", "Hi"), "stop"));
        assertThat(drain(translator(stream, TOOLS)).getLast().name()).isEqualTo("message_stop");
    }

    @Test
    void keepAliveAfterALongSilenceBecomesAPing() throws IOException {
        var clock = new AtomicLong();
        String stream = OpenAiSse.data(OpenAiSse.chunk("c", MODEL, OpenAiSse.delta().put("role", "assistant"), null))
                + OpenAiSse.KEEP_ALIVE + OpenAiSse.KEEP_ALIVE
                + OpenAiSse.data(OpenAiSse.chunk("c", MODEL, OpenAiSse.delta().put("content", "Hi"), "stop")) + OpenAiSse.DONE;
        var translator = new ChatStreamTranslator(reader(stream), "local", MODEL, TOOLS, clock::get, Duration.ofSeconds(15));
        assertThat(translator.next().name()).isEqualTo("message_start");
        clock.addAndGet(Duration.ofSeconds(16).toNanos()); // the first keep-alive arrives after 16 s of silence
        assertThat(translator.next().name()).isEqualTo("ping");
        // the second keep-alive follows at once: no second ping
        assertThat(translator.next().name()).isEqualTo("content_block_start");
    }

    @Test
    void interleavedParallelArgumentsAreRefused() {
        String stream = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"Bash\",\"arguments\":\"{\"}}]}}]}\n\n"
                + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"Bash\",\"arguments\":\"{\"}}]}}]}\n\n"
                + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"}\"}}]}}]}\n\n";
        assertThatThrownBy(() -> drain(translator(stream, TOOLS))).isInstanceOf(IOException.class).hasMessageContaining("interleaved");
    }

    @Test
    void interleavedCallsThatRepeatTheirIdAreRefusedSoNoToolUseIdIsUsedTwice() {
        // found by fuzzing (OpenAiStreamFuzzTest): servers that repeat the id on every fragment; the third fragment
        // used to open a second tool_use block with id "a", which makes the client's next request invalid
        String stream = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"Bash\",\"arguments\":\"{\"}}]}}]}\n\n"
                + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"Bash\",\"arguments\":\"{\"}}]}}]}\n\n"
                + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"arguments\":\"}\"}}]}}]}\n\n";
        assertThatThrownBy(() -> drain(translator(stream, TOOLS))).isInstanceOf(IOException.class).hasMessageContaining("interleaved")
                .hasMessageContaining("id a");
        String sameIdTwice = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"Bash\",\"arguments\":\"{}\"}},"
                + "{\"index\":1,\"id\":\"a\",\"function\":{\"name\":\"Read\",\"arguments\":\"{}\"}}]}}]}\n\n";
        assertThatThrownBy(() -> drain(translator(sameIdTwice, TOOLS))).isInstanceOf(IOException.class).hasMessageContaining("id a");
    }

    @Test
    void modelFallsBackToTheRequestedOneWhenTheUpstreamNamesNone() throws IOException {
        String stream = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        var start = drain(translator(stream, TOOLS)).getFirst();
        assertThat(Json.MAPPER.readTree(start.data()).path("message").path("model").asString()).isEqualTo(MODEL);
        assertThat(Json.MAPPER.readTree(start.data()).path("message").path("id").asString()).startsWith("msg_");
    }

    // ---- helpers ----

    private static ChatStreamTranslator translator(String openAiStream, ToolNames names) {
        return new ChatStreamTranslator(reader(openAiStream), "local", MODEL, names);
    }

    private static SseReader reader(String text) {
        InputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return new SseReader(in);
    }

    private static List<SseEvent> drain(EventSource source) throws IOException {
        var events = new ArrayList<SseEvent>();
        try (source) {
            for (SseEvent e = source.next(); e != null; e = source.next()) events.add(e);
        }
        return events;
    }
}
