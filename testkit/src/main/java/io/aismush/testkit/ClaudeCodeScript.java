package io.aismush.testkit;

import tools.jackson.databind.JsonNode;

import java.util.function.Function;

/**
 * A fake upstream's script that makes the real Claude Code CLI Read a file and then Edit it. The reply is chosen
 * from the conversation, not from a request counter, because Claude Code may retry or send side requests: the
 * last user message's tool results say which step comes next.
 */
public final class ClaudeCodeScript implements Function<ReceivedRequest, Reply> {
    public static final String READ_ID = "toolu_01ReadAAAAAAAAAAAAAAAA";
    public static final String EDIT_ID = "toolu_01EditBBBBBBBBBBBBBBBB";
    public static final String FINAL_TEXT = "Done: I read the file and changed the greeting.";

    private final String model;
    private final String filePath;
    private final String oldString;
    private final String newString;

    public ClaudeCodeScript(String model, String filePath, String oldString, String newString) {
        this.model = model;
        this.filePath = filePath;
        this.oldString = oldString;
        this.newString = newString;
    }

    @Override
    public Reply apply(ReceivedRequest request) {
        if (!request.path().equals("/v1/messages")) return FakeUpstream.defaultReply(request);
        JsonNode body = AnthropicSse.JSON.readTree(request.body());
        boolean stream = body.path("stream").asBoolean(false);
        var tokens = new AnthropicSse.Tokens(25, 40, 0, 0, 0);
        String lastToolResult = lastToolResultId(body.path("messages"));
        if (EDIT_ID.equals(lastToolResult)) {
            return stream ? Reply.stream(AnthropicSse.textTurn(model, FINAL_TEXT, tokens))
                    : Reply.json(200, AnthropicSse.message(model, FINAL_TEXT, tokens));
        }
        if (READ_ID.equals(lastToolResult)) {
            var input = AnthropicSse.JSON.createObjectNode().put("file_path", filePath).put("old_string", oldString).put("new_string", newString);
            return toolUse(stream, "Now I'll change the greeting.", EDIT_ID, "Edit", AnthropicSse.JSON.writeValueAsString(input), tokens);
        }
        if (hasTool(body, "Read") && lastToolResult == null) {
            var input = AnthropicSse.JSON.createObjectNode().put("file_path", filePath);
            return toolUse(stream, "Let me read the file.", READ_ID, "Read", AnthropicSse.JSON.writeValueAsString(input), tokens);
        }
        return stream ? Reply.stream(AnthropicSse.textTurn(model, "Side answer.", tokens))
                : Reply.json(200, AnthropicSse.message(model, "Side answer.", tokens));
    }

    private Reply toolUse(boolean stream, String leadIn, String id, String name, String input, AnthropicSse.Tokens tokens) {
        return stream ? Reply.stream(AnthropicSse.toolUseTurn(model, leadIn, id, name, input, tokens))
                : Reply.json(200, AnthropicSse.toolUseMessage(model, leadIn, id, name, input, tokens));
    }

    private static boolean hasTool(JsonNode body, String name) {
        for (JsonNode tool : body.path("tools")) if (name.equals(tool.path("name").asString(""))) return true;
        return false;
    }

    /** The tool_use_id of the last tool_result in the last user message, or null. */
    private static String lastToolResultId(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if (!"user".equals(m.path("role").asString(""))) continue;
            String id = null;
            for (JsonNode block : m.path("content")) {
                if ("tool_result".equals(block.path("type").asString(""))) id = block.path("tool_use_id").asString(null);
            }
            return id;
        }
        return null;
    }
}
