package io.aismush.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

import static io.aismush.testkit.Flavour.ANTHROPIC;
import static io.aismush.testkit.Flavour.DEEPSEEK;
import static io.aismush.testkit.Requests.READ_ID;
import static io.aismush.testkit.Requests.assistant;
import static io.aismush.testkit.Requests.content;
import static io.aismush.testkit.Requests.messages;
import static io.aismush.testkit.Requests.obj;
import static io.aismush.testkit.Requests.text;
import static io.aismush.testkit.Requests.toolLoop;
import static io.aismush.testkit.Requests.user;
import static org.assertj.core.api.Assertions.assertThat;

/** Where the flavours differ: system messages, block types, tool names, models, fields, and thinking order. */
class FlavourRulesTest {

    private static List<String> anthropic(ObjectNode body) {
        return MessagesValidator.validate(ANTHROPIC, body);
    }

    private static List<String> deepseek(ObjectNode body) {
        return MessagesValidator.validate(DEEPSEEK, body);
    }

    @Test
    void anthropicAcceptsASystemRoleMessageButDeepseekRejectsIt() {
        var anthropicBody = toolLoop(ANTHROPIC);
        messages(anthropicBody).insert(1, obj("{'role': 'system', 'content': 'env: linux', 'output_config': {}}"));
        assertThat(anthropic(anthropicBody)).isEmpty();

        var deepseekBody = toolLoop(DEEPSEEK);
        messages(deepseekBody).insert(1, obj("{'role': 'system', 'content': 'env: linux'}"));
        assertThat(deepseek(deepseekBody)).containsExactly("messages.1.role: Input should be 'user' or 'assistant'");
    }

    @Test
    void deepseekRejectsRedactedThinking() {
        var anthropicBody = toolLoop(ANTHROPIC);
        content(anthropicBody, 1).insert(0, obj("{'type': 'redacted_thinking', 'data': 'EmwKAhgB'}"));
        assertThat(anthropic(anthropicBody)).isEmpty();

        var deepseekBody = toolLoop(DEEPSEEK);
        content(deepseekBody, 1).insert(0, obj("{'type': 'redacted_thinking', 'data': 'EmwKAhgB'}"));
        assertThat(deepseek(deepseekBody)).containsExactly(
                "messages.1.content.0.type: content block type 'redacted_thinking' is not supported by deepseek");
    }

    @Test
    void redactedThinkingNeedsItsData() {
        var body = toolLoop(ANTHROPIC);
        content(body, 1).insert(0, obj("{'type': 'redacted_thinking'}"));
        assertThat(anthropic(body)).containsExactly("messages.1.content.0.data: Field required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"document", "search_result", "server_tool_use", "web_search_tool_result", "mcp_tool_use",
            "mcp_tool_result", "container_upload"})
    void deepseekRejectsBlocksItDoesNotSupport(String type) {
        var block = obj("{'type': '" + type + "', 'id': 'srvtoolu_1', 'name': 'web_search', 'input': {}}");
        var anthropicBody = toolLoop(ANTHROPIC);
        content(anthropicBody, 2).add(block);
        assertThat(anthropic(anthropicBody)).isEmpty();

        var deepseekBody = toolLoop(DEEPSEEK);
        content(deepseekBody, 2).add(block);
        assertThat(deepseek(deepseekBody)).containsExactly(
                "messages.2.content.1.type: content block type '" + type + "' is not supported by deepseek");
    }

    @Test
    void deepseekRejectsToolNamesLongerThan64() {
        String name65 = "mcp__github__" + "x".repeat(52);
        assertThat(name65).hasSize(65);
        var anthropicBody = toolLoop(ANTHROPIC);
        ((ObjectNode) anthropicBody.get("tools").get(0)).put("name", name65);
        ((ObjectNode) content(anthropicBody, 1).get(1)).put("name", name65);
        assertThat(anthropic(anthropicBody)).isEmpty();

        var deepseekBody = toolLoop(DEEPSEEK);
        ((ObjectNode) deepseekBody.get("tools").get(0)).put("name", name65);
        ((ObjectNode) content(deepseekBody, 1).get(1)).put("name", name65);
        assertThat(deepseek(deepseekBody)).containsExactlyInAnyOrder(
                "tools.0.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'",
                "messages.1.content.1.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'");
        ((ObjectNode) deepseekBody.get("tools").get(0)).put("name", name65.substring(1));
        ((ObjectNode) content(deepseekBody, 1).get(1)).put("name", name65.substring(1));
        assertThat(deepseek(deepseekBody)).isEmpty();
    }

    @Test
    void anthropicRejectsToolNamesLongerThan128OrWithOtherCharacters() {
        var body = toolLoop(ANTHROPIC);
        ((ObjectNode) body.get("tools").get(0)).put("name", "x".repeat(128));
        ((ObjectNode) content(body, 1).get(1)).put("name", "x".repeat(128));
        assertThat(anthropic(body)).isEmpty();
        ((ObjectNode) body.get("tools").get(0)).put("name", "x".repeat(129));
        ((ObjectNode) content(body, 1).get(1)).put("name", "read.file");
        assertThat(anthropic(body)).containsExactlyInAnyOrder(
                "tools.0.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'",
                "messages.1.content.1.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'");
    }

    @Test
    void toolNamesMustBeUnique() {
        var body = toolLoop(DEEPSEEK);
        ((tools.jackson.databind.node.ArrayNode) body.get("tools")).add(obj("{'name': 'Read', 'input_schema': {'type': 'object'}}"));
        assertThat(deepseek(body)).containsExactly("tools: Tool names must be unique (Read)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deepseek-flash", "deepseek-v4-pro", "claude-opus-5-5", "claude-haiku-4-5"})
    void deepseekServesItsModelsAndClaudeAliases(String model) {
        var body = toolLoop(DEEPSEEK);
        body.put("model", model);
        assertThat(deepseek(body)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"deepseek-chat", "deepseek-reasoner", "gpt-5", "qwen3-coder"})
    void deepseekRejectsUnknownModels(String model) {
        var body = toolLoop(DEEPSEEK);
        body.put("model", model);
        assertThat(deepseek(body)).containsExactly("model: unknown model " + model);
    }

    @ParameterizedTest
    @ValueSource(strings = {"safeguards", "mcp_servers"})
    void deepseekRejectsFieldsOnlyAnthropicUnderstands(String field) {
        var anthropicBody = toolLoop(ANTHROPIC);
        anthropicBody.set(field, obj("{'mode': 'auto', 'cwd': '/home/dev/project'}"));
        assertThat(anthropic(anthropicBody)).isEmpty();

        var deepseekBody = toolLoop(DEEPSEEK);
        deepseekBody.set(field, obj("{'mode': 'auto', 'cwd': '/home/dev/project'}"));
        assertThat(deepseek(deepseekBody)).containsExactly(field + ": Extra inputs are not permitted (unsupported by deepseek)");
    }

    // ---- thinking must lead the last assistant message of the tool loop (Anthropic) ----

    @Test
    void anthropicRequiresThinkingFirstInTheToolLoopWhenThinkingIsEnabled() {
        var body = toolLoop(ANTHROPIC);
        content(body, 1).remove(0);
        assertThat(anthropic(body)).singleElement().asString().startsWith(
                "messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`.");

        content(body, 1).insert(0, text("Let me look."));
        assertThat(anthropic(body)).singleElement().asString().contains("but found `text`");

        content(body, 1).set(0, obj("{'type': 'redacted_thinking', 'data': 'EmwKAhgB'}"));
        assertThat(anthropic(body)).as("redacted thinking also leads").isEmpty();
    }

    @Test
    void withThinkingDisabledTheToolLoopNeedsNoThinking() {
        var body = toolLoop(ANTHROPIC);
        content(body, 1).remove(0);
        body.set("thinking", obj("{'type': 'disabled'}"));
        assertThat(anthropic(body)).isEmpty();
        body.remove("thinking");
        assertThat(anthropic(body)).isEmpty();
    }

    @Test
    void thinkingIsNotRequiredOnceANewUserTurnClosedTheToolLoop() {
        var body = toolLoop(ANTHROPIC);
        content(body, 1).remove(0);
        messages(body).add(assistant(text("It says hello.")));
        messages(body).add(user(text("Thanks. Now something else.")));
        assertThat(anthropic(body)).isEmpty();
    }

    @Test
    void onlyTheLastAssistantMessageOfTheToolLoopMustStartWithThinking() {
        var body = toolLoop(ANTHROPIC);
        content(body, 1).remove(0); // an earlier step of the loop lost its thinking: allowed
        messages(body).add(assistant(ThinkingSse.thinkingBlock(ANTHROPIC, "Now the second file."),
                obj("{'type': 'tool_use', 'id': 'toolu_02', 'name': 'Read', 'input': {'file_path': 'b.txt'}}")));
        messages(body).add(user(obj("{'type': 'tool_result', 'tool_use_id': 'toolu_02', 'content': '1\\tbye'}")));
        assertThat(anthropic(body)).isEmpty();
    }

    @Test
    void adaptiveThinkingRequiresThinkingFirstOnlyForTurnsIssuedWithThinking() {
        var body = toolLoop(ANTHROPIC);
        body.set("thinking", obj("{'type': 'adaptive', 'display': 'omitted'}"));
        content(body, 1).remove(0);
        assertThat(anthropic(body)).as("the model may skip thinking in adaptive mode").isEmpty();
        assertThat(MessagesValidator.validate(ANTHROPIC, body, Set.of(READ_ID)))
                .as("but a turn issued with thinking must come back with it").singleElement().asString()
                .contains("must start with a thinking block");
    }

    @Test
    void deepseekDoesNotRequireThinkingFirst() {
        var body = toolLoop(DEEPSEEK);
        content(body, 1).remove(0);
        assertThat(deepseek(body)).isEmpty();
    }
}
