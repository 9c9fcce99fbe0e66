package io.aismush.testkit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

import static io.aismush.testkit.AnthropicSse.JSON;
import static io.aismush.testkit.Flavour.ANTHROPIC;
import static io.aismush.testkit.Flavour.DEEPSEEK;
import static io.aismush.testkit.Requests.messages;
import static io.aismush.testkit.Requests.obj;
import static io.aismush.testkit.Requests.user;
import static org.assertj.core.api.Assertions.assertThat;

class ThinkingSseTest {
    private static final String THINKING = "The user wants a.txt; I will read it before answering. ".repeat(3);

    @Test
    void aStreamedThinkingTurnOpensWithEmptyThinkingAndClosesWithTheSignature() {
        List<String> events = ThinkingSse.toolUseTurn(ANTHROPIC, "claude-opus-5-5", THINKING, "toolu_01", "Read", "{\"file_path\":\"a.txt\"}",
                AnthropicSse.Tokens.SMALL);
        List<JsonNode> data = events.stream().map(ThinkingSseTest::data).toList();
        assertThat(data.getFirst().path("type").asString()).isEqualTo("message_start");
        assertThat(data.get(1).path("content_block")).isEqualTo(obj("{'type': 'thinking', 'thinking': ''}"));
        var thinkingDeltas = data.stream().filter(d -> d.path("delta").path("type").asString("").equals("thinking_delta")).toList();
        assertThat(thinkingDeltas).hasSizeGreaterThan(1);
        int signatureAt = indexOfDelta(data, "signature_delta");
        assertThat(data.get(signatureAt).path("delta").path("signature").asString()).isEqualTo(ANTHROPIC.sign(THINKING))
                .startsWith("sig-anthropic-");
        assertThat(data.get(signatureAt + 1).path("type").asString()).isEqualTo("content_block_stop");
        assertThat(data.get(signatureAt + 2).path("content_block").path("type").asString()).isEqualTo("tool_use");
        assertThat(data.getLast().path("type").asString()).isEqualTo("message_stop");
    }

    @Test
    void theStreamedAndTheNonStreamedTurnCarryTheSameContent() {
        var streamed = StreamedMessage.assemble(ThinkingSse.textTurn(DEEPSEEK, "deepseek-flash", THINKING, "It says hello.", AnthropicSse.Tokens.SMALL));
        var plain = JSON.readTree(ThinkingSse.textMessage(DEEPSEEK, "deepseek-flash", THINKING, "It says hello.", AnthropicSse.Tokens.SMALL));
        assertThat(streamed.get("content")).isEqualTo(plain.get("content"));
        assertThat(plain.path("content").path(0).path("signature").asString()).startsWith("ds-");
    }

    @Test
    void aStreamedSignatureRoundTripsOnItsOwnFlavourAndIsRejectedByTheOther() {
        for (Flavour signer : List.of(ANTHROPIC, DEEPSEEK)) {
            Flavour other = signer == ANTHROPIC ? DEEPSEEK : ANTHROPIC;
            var turn = StreamedMessage.assemble(ThinkingSse.toolUseTurn(signer, "claude-sonnet-4-5", THINKING, "toolu_01", "Read",
                    "{\"file_path\":\"a.txt\"}", AnthropicSse.Tokens.SMALL));
            ObjectNode body = nextRequest(turn, "toolu_01");
            assertThat(MessagesValidator.validate(signer, body)).as("signed by " + signer + ", sent to " + signer).isEmpty();
            assertThat(MessagesValidator.validate(other, body)).as("signed by " + signer + ", sent to " + other)
                    .containsExactly("messages.1.content.0: Invalid 'signature' in 'thinking' block");
        }
    }

    @Test
    void aNonStreamedSignatureRoundTripsOnItsOwnFlavourAndIsRejectedByTheOther() {
        var message = (ObjectNode) JSON.readTree(ThinkingSse.toolUseMessage(ANTHROPIC, "claude-sonnet-4-5", THINKING, "toolu_01", "Read",
                "{\"file_path\":\"a.txt\"}", AnthropicSse.Tokens.SMALL));
        var turn = JSON.createObjectNode().put("role", "assistant").set("content", message.get("content"));
        ObjectNode body = nextRequest((ObjectNode) turn, "toolu_01");
        assertThat(MessagesValidator.validate(ANTHROPIC, body)).isEmpty();
        assertThat(MessagesValidator.validate(DEEPSEEK, body)).containsExactly("messages.1.content.0: Invalid 'signature' in 'thinking' block");
    }

    /** The request a client sends after {@code turn}: the turn, then the tool's result. */
    private static ObjectNode nextRequest(ObjectNode turn, String toolId) {
        ObjectNode body = obj("""
                {'model': 'claude-sonnet-4-5', 'max_tokens': 512, 'thinking': {'type': 'enabled', 'budget_tokens': 1024},
                 'tools': [{'name': 'Read', 'input_schema': {'type': 'object'}}],
                 'messages': [{'role': 'user', 'content': 'Read a.txt'}]}""");
        messages(body).add(turn);
        messages(body).add(user(obj("{'type': 'tool_result', 'tool_use_id': '" + toolId + "', 'content': 'hello'}")));
        return body;
    }

    private static int indexOfDelta(List<JsonNode> data, String deltaType) {
        for (int i = 0; i < data.size(); i++) if (data.get(i).path("delta").path("type").asString("").equals(deltaType)) return i;
        throw new AssertionError("no " + deltaType);
    }

    private static JsonNode data(String event) {
        String line = event.lines().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow();
        return JSON.readTree(line.substring(6));
    }
}
