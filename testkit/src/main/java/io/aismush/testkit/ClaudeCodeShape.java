package io.aismush.testkit;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Request skeletons shaped like Claude Code's (PROTOCOL.md §1–2): top-level keys in its order, three system blocks
 * with cache markers, a {@code role:"system"} environment message, twelve tools of about 31 kB, metadata with the
 * session, adaptive thinking and context management.
 */
public final class ClaudeCodeShape {
    private ClaudeCodeShape() {}

    private static final List<String> TOOLS = List.of("Agent", "Bash", "Edit", "Glob", "Grep", "Read", "Skill", "ToolSearch",
            "WebFetch", "TodoWrite", "NotebookEdit", "Write");

    public static ObjectNode request(String model, String sessionId) {
        ObjectNode r = AnthropicSse.JSON.createObjectNode().put("model", model);
        ArrayNode messages = r.putArray("messages");
        ObjectNode env = AnthropicSse.JSON.createObjectNode().put("role", "system");
        env.putArray("content").addObject().put("type", "text")
                .put("text", "# Environment\nWorking directory: /home/dev/shop\nPlatform: linux\n" + "Git status: clean. ".repeat(400));
        env.putObject("output_config").put("effort", "medium");
        ArrayNode system = r.putArray("system");
        system.addObject().put("type", "text").put("text", "x-anthropic-billing-header: cc_version=2.1.330.f17; cc_entrypoint=cli;");
        system.addObject().put("type", "text").put("text", "You are Claude Code, Anthropic's official CLI for Claude.")
                .putObject("cache_control").put("type", "ephemeral");
        system.addObject().put("type", "text").put("text", "You are an interactive CLI tool that helps users with software engineering tasks. ".repeat(85))
                .putObject("cache_control").put("type", "ephemeral");
        ArrayNode tools = r.putArray("tools");
        for (String name : TOOLS) {
            ObjectNode t = tools.addObject().put("name", name)
                    .put("description", (name + " is a tool Claude Code offers; it does what its name says, carefully. ").repeat(30));
            ObjectNode schema = t.putObject("input_schema").put("type", "object");
            schema.putObject("properties").putObject("file_path").put("type", "string").put("description", "The absolute path");
            schema.put("additionalProperties", false).put("$schema", "https://json-schema.org/draft/2020-12/schema");
        }
        r.putObject("metadata").put("user_id", "{\"device_id\":\"" + "ab".repeat(32) + "\",\"account_uuid\":\"\",\"session_id\":\"" + sessionId + "\"}");
        r.put("max_tokens", model.contains("haiku") ? 512 : 128_000);
        if (!model.contains("haiku")) {
            r.putObject("thinking").put("type", "adaptive");
            r.putObject("context_management").putArray("edits").addObject().put("type", "clear_thinking_20251015").put("keep", "all");
        }
        r.putObject("output_config").put("effort", "medium");
        r.put("stream", true);
        r.set("__env", env); // moved into messages by human(): Claude Code puts it right after the first user message
        return r;
    }

    /** A user message as Claude Code writes it: a system reminder, then the human's text. */
    public static ObjectNode human(String text) {
        ObjectNode user = AnthropicSse.JSON.createObjectNode().put("role", "user");
        ArrayNode content = user.putArray("content");
        content.addObject().put("type", "text").put("text", "<system-reminder>\nThe user may plan, design or debug; follow the architecture notes.\n</system-reminder>");
        content.addObject().put("type", "text").put("text", text).putObject("cache_control").put("type", "ephemeral");
        return user;
    }
}
