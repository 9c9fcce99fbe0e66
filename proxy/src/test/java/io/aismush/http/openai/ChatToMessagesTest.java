package io.aismush.http.openai;

import io.aismush.wire.ApiError;
import io.aismush.wire.Json;
import io.aismush.wire.SseEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatToMessagesTest {
    private static JsonNode translate(String chat) {
        return ChatToMessages.translate(Json.MAPPER.readTree(chat));
    }

    @Test
    void parallelToolResultsBecomeOneUserMessageFollowedByTheNextUserText() {
        JsonNode m = translate("""
                {"model":"claude-sonnet-4-5","messages":[
                  {"role":"user","content":"go"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"call_a","type":"function","function":{"name":"Read","arguments":"{\\"file_path\\":\\"/a\\"}"}},
                    {"id":"call.b","type":"function","function":{"name":"Read","arguments":"not json"}}]},
                  {"role":"tool","tool_call_id":"call_a","content":"A"},
                  {"role":"tool","tool_call_id":"call.b","content":[{"type":"text","text":"B"}]},
                  {"role":"user","content":"and now?"}]}
                """).path("messages");
        assertThat(m).hasSize(3);
        assertThat(m.path(1).path("content").path(0).path("type").asString()).as("no empty text block").isEqualTo("tool_use");
        assertThat(m.path(1).path("content").path(1).path("input").path("arguments").asString()).isEqualTo("not json");
        JsonNode user = m.path(2).path("content");
        assertThat(user).hasSize(3);
        assertThat(user.path(0).path("tool_use_id").asString()).isEqualTo("call_a");
        assertThat(user.path(1).path("tool_use_id").asString()).as("ids made valid, as for the tool_use").isEqualTo(m.path(1).path("content").path(1).path("id").asString());
        assertThat(user.path(2).path("text").asString()).isEqualTo("and now?");
    }

    @Test
    void optionsMapToTheirMessagesEquivalents() {
        JsonNode r = translate("""
                {"model":"m","max_tokens":50,"stop":"END","temperature":0.2,"stream":true,"tool_choice":"required","parallel_tool_calls":false,
                 "tools":[{"type":"function","function":{"name":"Bash"}}],
                 "messages":[{"role":"developer","content":"be brief"},{"role":"user","content":[
                   {"type":"text","text":"what is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBOR"}}]}]}
                """);
        assertThat(r.path("system").path(0).path("text").asString()).isEqualTo("be brief");
        assertThat(r.path("max_tokens").asInt()).isEqualTo(50);
        assertThat(r.path("stop_sequences").path(0).asString()).isEqualTo("END");
        assertThat(r.path("stream").asBoolean()).isTrue();
        assertThat(r.path("tool_choice").path("type").asString()).isEqualTo("any");
        assertThat(r.path("tool_choice").path("disable_parallel_tool_use").asBoolean()).isTrue();
        assertThat(r.path("tools").path(0).path("input_schema").path("type").asString()).isEqualTo("object");
        JsonNode image = r.path("messages").path(0).path("content").path(1).path("source");
        assertThat(image.path("media_type").asString()).isEqualTo("image/png");
        assertThat(image.path("data").asString()).isEqualTo("iVBOR");
    }

    @Test
    void aRequestWithoutMessagesIsA400() {
        assertThatThrownBy(() -> translate("{\"model\":\"m\",\"messages\":[]}")).isInstanceOfSatisfying(ApiError.Failure.class,
                e -> assertThat(e.error().status()).isEqualTo(400));
    }

    @Test
    void aStreamCutByAnErrorEventEndsWithAnErrorChunkAndNoDone() {
        var writer = new ChatStreamWriter(true, 0);
        var out = new ArrayList<String>();
        for (SseEvent e : new SseEvent[] {
                SseEvent.of("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"m\",\"usage\":{\"input_tokens\":5}}}"),
                SseEvent.of("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}"),
                SseEvent.of("message_stop", "{\"type\":\"message_stop\"}")}) {
            for (byte[] b : writer.translate(e)) out.add(new String(b, StandardCharsets.UTF_8));
        }
        assertThat(out).hasSize(2);
        assertThat(out.get(1)).contains("\"overloaded_error\"").contains("busy");
        assertThat(String.join("", out)).doesNotContain("[DONE]");
        assertThat(writer.finished()).isTrue();
    }
}
