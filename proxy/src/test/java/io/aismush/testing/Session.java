package io.aismush.testing;

import io.aismush.wire.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Claude Code-shaped conversation that grows one tool step at a time: the first user message, Claude Code's
 * {@code role:"system"} message, then assistant tool_use / user tool_result pairs; the newest message's last block
 * carries the cache marker, as Claude Code puts it. {@link #body()} is the request of the current turn.
 */
public final class Session {
    public static final String SESSION_ID = "5e7c1f2a-0b3d-4c5e-8f9a-0123456789ab";

    private final List<ObjectNode> messages = new ArrayList<>();
    private int step;

    public Session(String firstRequest) {
        ObjectNode user = Json.MAPPER.createObjectNode().put("role", "user");
        user.putArray("content").addObject().put("type", "text").put("text", firstRequest);
        messages.add(user);
        ObjectNode system = Json.MAPPER.createObjectNode().put("role", "system");
        system.put("content", "Environment: working directory /home/dev/shop, platform linux. " + "Context line. ".repeat(40));
        messages.add(system);
    }

    /** One step: the assistant calls {@code tool} with {@code input}, the user message carries its result. */
    public Session step(String tool, ObjectNode input, String result, boolean error) {
        String id = String.format("toolu_01%018d", step++);
        ObjectNode assistant = Json.MAPPER.createObjectNode().put("role", "assistant");
        ArrayNode a = assistant.putArray("content");
        a.addObject().put("type", "text").put("text", "Step " + step + ": running " + tool + ".");
        a.addObject().put("type", "tool_use").put("id", id).put("name", tool).set("input", input);
        ObjectNode user = Json.MAPPER.createObjectNode().put("role", "user");
        ObjectNode r = user.putArray("content").addObject().put("type", "tool_result").put("tool_use_id", id).put("content", result);
        if (error) r.put("is_error", true);
        messages.add(assistant);
        messages.add(user);
        return this;
    }

    public Session bash(String command, String output) {
        return step("Bash", Json.MAPPER.createObjectNode().put("command", command).put("description", "run it"), output, false);
    }

    public Session read(String path, String fileText) {
        return step("Read", Json.MAPPER.createObjectNode().put("file_path", path), readView(fileText), false);
    }

    /** A file as Claude Code's Read tool shows it: {@code 1\t<line>\n2\t<line>...}. */
    public static String readView(String fileText) {
        var sb = new StringBuilder();
        String[] lines = fileText.split("\n", -1);
        int n = fileText.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < n; i++) sb.append(i + 1).append('\t').append(lines[i]).append('\n');
        return sb.toString();
    }

    public int size() {
        return messages.size();
    }

    /** The current turn's request body, streamed, with Claude Code's top-level layout. */
    public byte[] body() {
        ObjectNode root = Json.MAPPER.createObjectNode().put("model", "claude-opus-5-5");
        ArrayNode list = root.putArray("messages");
        for (int i = 0; i < messages.size(); i++) {
            ObjectNode m = messages.get(i).deepCopy();
            if (i == messages.size() - 1 && m.path("content").isArray()) {
                ArrayNode content = (ArrayNode) m.path("content");
                ((ObjectNode) content.get(content.size() - 1)).putObject("cache_control").put("type", "ephemeral");
            }
            list.add(m);
        }
        ArrayNode system = root.putArray("system");
        system.addObject().put("type", "text").put("text", "x-anthropic-billing-header: cc_version=2.1.330.abc; cc_entrypoint=cli;");
        system.addObject().put("type", "text").put("text", "You are Claude Code, Anthropic's official CLI for Claude.");
        ArrayNode tools = root.putArray("tools");
        for (String name : List.of("Bash", "Read", "Edit")) {
            ObjectNode t = tools.addObject().put("name", name).put("description", "The " + name + " tool. " + "Use it well. ".repeat(30));
            t.putObject("input_schema").put("type", "object");
        }
        root.putObject("metadata").put("user_id", "{\"device_id\":\"" + "ab".repeat(32) + "\",\"account_uuid\":\"\",\"session_id\":\"" + SESSION_ID + "\"}");
        root.put("max_tokens", 32000).put("stream", true);
        return Json.MAPPER.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    }
}
