package io.aismush.testkit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

import static io.aismush.testkit.AnthropicSse.JSON;
import static io.aismush.testkit.ConversationScript.MCP_ID;
import static io.aismush.testkit.ConversationScript.READ_ID;
import static io.aismush.testkit.Flavour.ANTHROPIC;
import static io.aismush.testkit.Flavour.DEEPSEEK;
import static io.aismush.testkit.Requests.messages;
import static io.aismush.testkit.Requests.obj;
import static io.aismush.testkit.Requests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drives the script the way Claude Code would, straight against a strict responder (no proxy in between). */
class ConversationScriptTest {
    private static final String MAPPED_NAME = "mcp__github__create_or_update_file_in_repository_w_3f2a91";

    @Test
    void theMcpToolNameIsLongerThanDeepseekAllows() {
        assertThat(ConversationScript.MCP_TOOL_NAME.length()).isGreaterThan(64);
        assertThat(MAPPED_NAME.length()).isLessThanOrEqualTo(64);
    }

    @Test
    void anthropicLoopRunsThreeStepsWithItsOwnThinkingAndNoRejection() {
        var strict = StrictFake.strict(ANTHROPIC, new ConversationScript(ANTHROPIC, "claude-opus-5-5", "/home/dev/project/notes.md"));
        var body = firstRequest("claude-opus-5-5", ConversationScript.MCP_TOOL_NAME, true);

        var step1 = reply(strict, body);
        assertThat(step1.at("/content/0/signature").asString()).isEqualTo(ANTHROPIC.sign(step1.at("/content/0/thinking").asString()));
        assertThat(step1.at("/content/1/name").asString()).isEqualTo(ConversationScript.MCP_TOOL_NAME);
        answer(body, step1, MCP_ID);

        var step2 = reply(strict, body);
        assertThat(step2.at("/content/0/type").asString()).isEqualTo("thinking");
        assertThat(step2.at("/content/1/name").asString()).isEqualTo("Read");
        assertThat(step2.at("/content/1/input/file_path").asString()).isEqualTo("/home/dev/project/notes.md");
        answer(body, step2, READ_ID);

        var step3 = reply(strict, body);
        assertThat(step3.at("/content/1/text").asString()).isEqualTo(ConversationScript.FINAL_TEXT);
        strict.assertNoRejections();
    }

    @Test
    void deepseekLoopUsesTheMappedToolNameAndDeepseekSignatures() {
        var strict = StrictFake.strict(DEEPSEEK, new ConversationScript(DEEPSEEK, "deepseek-v4-pro", "/home/dev/project/notes.md"));
        var body = firstRequest("deepseek-v4-pro", MAPPED_NAME, false);

        var step1 = reply(strict, body);
        assertThat(step1.at("/content/1/name").asString()).isEqualTo(MAPPED_NAME);
        assertThat(step1.at("/content/0/signature").asString()).startsWith("ds-");
        answer(body, step1, MCP_ID);
        answer(body, reply(strict, body), READ_ID);
        assertThat(reply(strict, body).at("/content/1/text").asString()).isEqualTo(ConversationScript.FINAL_TEXT);
        strict.assertNoRejections();
    }

    @Test
    void strippingThinkingThisUpstreamIssuedInTheToolLoopIsRejectedEvenInAdaptiveMode() {
        var strict = StrictFake.strict(ANTHROPIC, new ConversationScript(ANTHROPIC, "claude-opus-5-5", "/home/dev/project/notes.md"));
        var body = firstRequest("claude-opus-5-5", ConversationScript.MCP_TOOL_NAME, true);
        var step1 = reply(strict, body);
        ((ArrayNode) step1.get("content")).remove(0);
        answer(body, step1, MCP_ID);

        assertThat(strict.apply(post(body))).isInstanceOfSatisfying(Reply.Json.class, r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("invalid_request_error", "must start with a thinking block");
        });
        assertThatThrownBy(strict::assertNoRejections).hasMessageContaining("rejected 1 request(s)")
                .hasMessageContaining("messages.1.content.0.type: Expected `thinking`");
    }

    @Test
    void deepseekThinkingReachesAnthropicOnlyAfterItIsDropped() {
        var deepseek = StrictFake.strict(DEEPSEEK, new ConversationScript(DEEPSEEK, "deepseek-v4-pro", "/home/dev/project/notes.md"));
        var fromDeepseek = reply(deepseek, firstRequest("deepseek-v4-pro", MAPPED_NAME, true));
        ((ObjectNode) fromDeepseek.get("content").get(1)).put("name", ConversationScript.MCP_TOOL_NAME); // the proxy maps it back
        var body = firstRequest("claude-opus-5-5", ConversationScript.MCP_TOOL_NAME, true);
        answer(body, fromDeepseek, MCP_ID);

        var anthropic = StrictFake.strict(ANTHROPIC, new ConversationScript(ANTHROPIC, "claude-opus-5-5", "/home/dev/project/notes.md"));
        assertThat(anthropic.validate(bytes(body))).containsExactly("messages.1.content.0: Invalid 'signature' in 'thinking' block");

        ((ArrayNode) messages(body).get(1).get("content")).remove(0);
        assertThat(anthropic.validate(bytes(body))).as("adaptive: a turn this upstream did not issue may lack thinking").isEmpty();
    }

    /** Claude Code's first request: one user prompt, the MCP tool (under {@code mcpName}) and Read, adaptive thinking. */
    private static ObjectNode firstRequest(String model, String mcpName, boolean stream) {
        ObjectNode mcp = ConversationScript.mcpToolDefinition().put("name", mcpName);
        ObjectNode body = obj("""
                {'max_tokens': 128000, 'thinking': {'type': 'adaptive'},
                 'messages': [{'role': 'user', 'content': 'Put notes.md into the repository and check it.'}]}""");
        body.put("model", model).put("stream", stream);
        body.putArray("tools").add(mcp).add(obj("{'name': 'Read', 'input_schema': {'type': 'object'}}"));
        return body;
    }

    /** Sends {@code body} and returns the assistant message the client keeps, whether streamed or not. */
    private static ObjectNode reply(StrictFake strict, ObjectNode body) {
        Reply reply = strict.apply(post(body));
        strict.assertNoRejections();
        return switch (reply) {
            case Reply.Stream s -> StreamedMessage.assemble(s.events());
            case Reply.Json j -> (ObjectNode) JSON.createObjectNode().put("role", "assistant").set("content", JSON.readTree(j.body()).get("content"));
            default -> throw new AssertionError("unexpected reply " + reply);
        };
    }

    private static void answer(ObjectNode body, ObjectNode assistant, String toolId) {
        messages(body).add(assistant);
        messages(body).add(user(obj("{'type': 'tool_result', 'tool_use_id': '" + toolId + "', 'content': 'ok'}")));
    }

    static ReceivedRequest post(ObjectNode body) {
        return new ReceivedRequest("POST", "/v1/messages", "beta=true", List.of(), bytes(body));
    }

    private static byte[] bytes(ObjectNode body) {
        return JSON.writeValueAsBytes(body);
    }
}
