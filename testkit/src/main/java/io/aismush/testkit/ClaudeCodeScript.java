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
        String lastToolResult = ScriptedTurns.lastToolResultId(body.path("messages"));
        if (EDIT_ID.equals(lastToolResult)) {
            return Reply.text(stream, model, FINAL_TEXT, tokens);
        }
        if (READ_ID.equals(lastToolResult)) {
            var input = AnthropicSse.JSON.createObjectNode().put("file_path", filePath).put("old_string", oldString).put("new_string", newString);
            return Reply.toolUse(stream, model, "Now I'll change the greeting.", EDIT_ID, "Edit", AnthropicSse.JSON.writeValueAsString(input), tokens);
        }
        if (ScriptedTurns.hasTool(body, "Read") && lastToolResult == null) {
            var input = AnthropicSse.JSON.createObjectNode().put("file_path", filePath);
            return Reply.toolUse(stream, model, "Let me read the file.", READ_ID, "Read", AnthropicSse.JSON.writeValueAsString(input), tokens);
        }
        return Reply.text(stream, model, "Side answer.", tokens);
    }

}
