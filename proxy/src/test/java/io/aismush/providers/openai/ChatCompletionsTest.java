package io.aismush.providers.openai;

import io.aismush.providers.ToolNames;
import io.aismush.testkit.OpenAiSse;
import io.aismush.wire.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChatCompletionsTest {
    private static final ToolNames NO_TOOLS = ToolNames.forRequest(List.of());

    private static JsonNode message(String completion) {
        return ChatCompletions.toMessage(Json.MAPPER.readTree(completion), "local", "requested-model", NO_TOOLS);
    }

    @Test
    void aCompletionBecomesACompleteAnthropicMessage() {
        JsonNode m = message(OpenAiSse.completion("qwen3-coder:30b", null, "Hello.", List.of(), "stop", new OpenAiSse.Tokens(100, 5, 60)));
        assertThat(m.toString()).isEqualTo("{\"id\":\"msg_chatcmpl-whole\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"qwen3-coder:30b\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Hello.\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":40,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":60,\"output_tokens\":5}}");
    }

    @Test
    void lengthMeansMaxTokens() {
        assertThat(message(OpenAiSse.completion("m", null, "cut", List.of(), "length", OpenAiSse.Tokens.SMALL)).path("stop_reason").asString())
                .isEqualTo("max_tokens");
    }

    @Test
    void argumentsThatAreNotAnObjectAreKeptAsText() {
        JsonNode m = message(OpenAiSse.completion("m", null, null, List.of(new OpenAiSse.Call("call_1", "Bash", List.of("ls -la"))), "tool_calls",
                OpenAiSse.Tokens.SMALL));
        assertThat(m.path("content")).hasSize(1);
        assertThat(m.path("content").get(0).path("input").toString()).isEqualTo("{\"arguments\":\"ls -la\"}");
        JsonNode empty = message(OpenAiSse.completion("m", null, "", List.of(new OpenAiSse.Call("call_1", "Bash", List.of())), "tool_calls",
                OpenAiSse.Tokens.SMALL));
        assertThat(empty.path("content").get(0).path("input").toString()).isEqualTo("{}");
    }

    @Test
    void deepSeekCacheCountersAreRead() {
        var usage = ChatUsage.from(Json.MAPPER.readTree(
                "{\"prompt_tokens\":1000,\"completion_tokens\":10,\"prompt_cache_hit_tokens\":900,\"prompt_cache_miss_tokens\":100}"));
        assertThat(usage).isEqualTo(new ChatUsage(100, 900, 10));
    }

    @Test
    void missingUsageIsZero() {
        assertThat(ChatUsage.from(Json.MAPPER.readTree("{}"))).isEqualTo(ChatUsage.NONE);
        assertThat(ChatUsage.from(null)).isEqualTo(ChatUsage.NONE);
    }

    @Test
    void toolIdsAreSanitisedDeterministicallyWithoutCollisions() {
        assertThat(ToolIds.sanitise("call_abc-123")).isEqualTo("call_abc-123");
        String a = ToolIds.sanitise("call.1");
        assertThat(a).matches("[a-zA-Z0-9_-]+").isEqualTo(ToolIds.sanitise("call.1"));
        assertThat(a).isNotEqualTo(ToolIds.sanitise("call:1")).isNotEqualTo("call_1");
        assertThat(ToolIds.sanitise("")).matches("[a-zA-Z0-9_-]+");
    }
}
