package io.aismush.providers;

import io.aismush.config.Config;
import io.aismush.config.ProviderSpec;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.ConversationScript;
import io.aismush.testkit.FakeOpenAi;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.Flavour;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.testkit.StreamedMessage;
import io.aismush.testkit.StrictFake;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Claude Code-shaped conversation whose turns go Claude → DeepSeek → an OpenAI-compatible server → Claude →
 * DeepSeek, with thinking blocks, a role:"system" message, a long MCP tool name and fields only Anthropic knows.
 * Every fake validates like the real API; the rule: every upstream accepts every request, and the client always
 * sees its own tool names.
 */
class MixedProviderConversationTest {
    private static final String FILE = "/home/dev/project/notes.md";

    private final FakeUpstream anthropic = FakeUpstream.start();
    private final FakeUpstream deepseek = FakeUpstream.start();
    private final FakeOpenAi local = FakeOpenAi.start();
    private final StrictFake strictAnthropic = StrictFake.strict(Flavour.ANTHROPIC, new ConversationScript(Flavour.ANTHROPIC, "claude-opus-5-5", FILE));
    private final StrictFake strictDeepseek = StrictFake.strict(Flavour.DEEPSEEK, new ConversationScript(Flavour.DEEPSEEK, "deepseek-flash", FILE));
    private final TestProxy proxy;

    MixedProviderConversationTest() {
        anthropic.respondWith(strictAnthropic);
        deepseek.respondWith(strictDeepseek);
        var rules = Json.MAPPER.readTree("""
                [{"when":{"requestClass":"to-claude"},"provider":"claude","reason":"test: Claude"},
                 {"when":{"requestClass":"to-deepseek"},"provider":"deepseek","reason":"test: DeepSeek"},
                 {"when":{"requestClass":"to-local"},"provider":"local","reason":"test: local"}]""");
        proxy = TestProxy.start(anthropic, c -> c.withDeepseek("sk-deepseek-test-0000000000", deepseek.baseUrl())
                .withRouting(c.withDeepseek("x", deepseek.baseUrl()).routing()
                        .withProviders(List.of(new ProviderSpec("local", local.baseUrl(), null, FakeOpenAi.DEFAULT_MODEL, 128_000, 16_384)))
                        .withRules(rules)));
    }

    @AfterEach
    void stop() {
        proxy.close();
        deepseek.close();
        local.close();
    }

    @Test
    void everyUpstreamAcceptsEveryTurnOfAConversationThatSwitchesProviders() {
        ObjectNode request = claudeCodeRequest("Put notes.md into the repository and check it.");

        // 1. Claude: thinks, then calls the MCP tool with its long name.
        ObjectNode a1 = turn(request, "to-claude");
        assertThat(toolUse(a1).path("name").asString()).isEqualTo(ConversationScript.MCP_TOOL_NAME);
        assertThat(a1.path("content").path(0).path("type").asString()).isEqualTo("thinking");
        answerTool(request, a1, "created notes.md");

        // 2. DeepSeek: sees no Claude thinking, a mapped tool name, no role:"system" message; thinks, calls Read.
        ObjectNode a2 = turn(request, "to-deepseek");
        assertThat(toolUse(a2).path("name").asString()).isEqualTo("Read");
        assertThat(a2.path("content").path(0).path("signature").asString()).startsWith("aismush.deepseek.");
        ReceivedRequest atDeepseek = deepseek.requests().getLast();
        assertThat(atDeepseek.header("x-api-key")).isEqualTo("sk-deepseek-test-0000000000");
        assertThat(atDeepseek.header("anthropic-beta")).isNull();
        assertThat(atDeepseek.bodyText()).doesNotContain(ConversationScript.MCP_TOOL_NAME).doesNotContain("sk-ant-");
        answerTool(request, a2, "1\tnotes");

        // 3. The local OpenAI-compatible server: fragmented tool-call arguments.
        local.enqueue(FakeOpenAi.fragmentedToolCall("call_7", "Bash", List.of("{\"comm", "and\":\"git st", "atus\"}")));
        ObjectNode a3 = turn(request, "to-local");
        assertThat(toolUse(a3).path("name").asString()).isEqualTo("Bash");
        assertThat(toolUse(a3).path("input").path("command").asString()).isEqualTo("git status");
        answerTool(request, a3, "nothing to commit");

        // 4. Back to Claude: the foreign thinking is gone, Claude's own stays.
        ObjectNode a4 = turn(request, "to-claude");
        assertThat(a4.path("content").findValuesAsString("text")).contains(ConversationScript.SIDE_TEXT);
        request.withArray("messages").add(a4);
        request.withArray("messages").add(human("Now do it again."));

        // 5. DeepSeek again: its own earlier thinking goes back with its own signature; the MCP call comes back
        //    to the client under the client's name.
        ObjectNode a5 = turn(request, "to-deepseek");
        assertThat(toolUse(a5).path("name").asString()).isEqualTo(ConversationScript.MCP_TOOL_NAME);

        strictAnthropic.assertNoRejections();
        strictDeepseek.assertNoRejections();
        assertThat(anthropic.requests()).hasSize(2);
        assertThat(deepseek.requests()).hasSize(2);
        assertThat(local.requests()).hasSize(1);
    }

    /** Sends the conversation with a routing hint and returns the assistant message the client assembled. */
    private ObjectNode turn(ObjectNode request, String route) {
        HttpResponse<String> response = proxy.send(proxy.messages(Json.MAPPER.writeValueAsBytes(request))
                .header("x-claude-code-request-class", route).build());
        assertThat(response.statusCode()).as("status of %s; body %s", route, response.body()).isEqualTo(200);
        assertThat(response.body()).as(route).doesNotContain("event: error");
        return StreamedMessage.assemble(response.body());
    }

    private static JsonNode toolUse(ObjectNode message) {
        for (JsonNode b : message.path("content")) if ("tool_use".equals(b.path("type").asString(""))) return b;
        throw new AssertionError("no tool_use in " + message);
    }

    private static void answerTool(ObjectNode request, ObjectNode assistant, String result) {
        ArrayNode messages = request.withArray("messages");
        // Claude Code moves the cache marker to the newest message: drop the old one first.
        for (JsonNode m : messages) for (JsonNode b : m.path("content")) if (b.isObject()) ((ObjectNode) b).remove("cache_control");
        messages.add(assistant);
        ObjectNode user = messages.addObject().put("role", "user");
        user.putArray("content").addObject().put("type", "tool_result").put("tool_use_id", toolUse(assistant).path("id").asString())
                .put("content", result).set("cache_control", Json.MAPPER.createObjectNode().put("type", "ephemeral"));
    }

    private static ObjectNode human(String text) {
        ObjectNode user = Json.MAPPER.createObjectNode().put("role", "user");
        user.putArray("content").addObject().put("type", "text").put("text", text);
        return user;
    }

    private static ObjectNode claudeCodeRequest(String prompt) {
        ObjectNode r = Json.MAPPER.createObjectNode().put("model", "claude-opus-5-5");
        ArrayNode messages = r.putArray("messages");
        ObjectNode first = messages.addObject().put("role", "user");
        first.putArray("content").addObject().put("type", "text").put("text", "<system-reminder>\nContext.\n</system-reminder>");
        ((ArrayNode) first.path("content")).addObject().put("type", "text").put("text", prompt);
        ObjectNode sys = messages.addObject().put("role", "system");
        sys.putArray("content").addObject().put("type", "text").put("text", "# Environment\nWorking directory: /home/dev/project");
        sys.putObject("output_config").put("effort", "medium");
        ArrayNode system = r.putArray("system");
        system.addObject().put("type", "text").put("text", "x-anthropic-billing-header: cc_version=2.1.330.f17; cc_entrypoint=cli;");
        system.addObject().put("type", "text").put("text", "You are Claude Code.").putObject("cache_control").put("type", "ephemeral");
        system.addObject().put("type", "text").put("text", "Be helpful. ".repeat(50)).putObject("cache_control").put("type", "ephemeral");
        ArrayNode tools = r.putArray("tools");
        tools.add(ConversationScript.mcpToolDefinition());
        for (String name : List.of("Read", "Bash")) {
            ObjectNode t = tools.addObject().put("name", name).put("description", name + " tool");
            t.putObject("input_schema").put("type", "object").putObject("properties");
        }
        r.putObject("metadata").put("user_id", "{\"device_id\":\"" + "ab".repeat(32) + "\",\"account_uuid\":\"\",\"session_id\":\"mixed-1\"}");
        r.put("max_tokens", 128_000);
        r.putObject("thinking").put("type", "adaptive");
        r.putObject("context_management").putArray("edits").addObject().put("type", "clear_thinking_20251015").put("keep", "all");
        r.putObject("output_config").put("effort", "medium");
        r.putObject("safeguards").put("mode", "auto").put("cwd", "/home/dev/project");
        r.put("stream", true);
        return r;
    }
}
