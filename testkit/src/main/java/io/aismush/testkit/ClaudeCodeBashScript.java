package io.aismush.testkit;

import tools.jackson.databind.JsonNode;

import java.util.function.Function;

/**
 * A fake upstream's script that makes the real Claude Code CLI run a Bash command (a test run), then Read a file and
 * Edit it. Like {@link ClaudeCodeScript}, the reply is chosen from the conversation: the last user message's tool
 * results say which step comes next. It keeps the text of the last Bash result it saw, so a test can check what the
 * model was shown.
 */
public final class ClaudeCodeBashScript implements Function<ReceivedRequest, Reply> {
    public static final String BASH_ID = "toolu_01BashCCCCCCCCCCCCCCCC";
    public static final String READ_ID = "toolu_01ReadDDDDDDDDDDDDDDDD";
    public static final String EDIT_ID = "toolu_01EditEEEEEEEEEEEEEEEE";
    public static final String FINAL_TEXT = "Done: the test failed on the greeting, so I changed it.";

    private final String model;
    private final String command;
    private final String filePath;
    private final String oldString;
    private final String newString;
    private volatile String bashResult;

    public ClaudeCodeBashScript(String model, String command, String filePath, String oldString, String newString) {
        this.model = model;
        this.command = command;
        this.filePath = filePath;
        this.oldString = oldString;
        this.newString = newString;
    }

    /** The Bash result as the upstream last received it, or null before the command ran. */
    public String bashResult() {
        return bashResult;
    }

    @Override
    public Reply apply(ReceivedRequest request) {
        if (!request.path().equals("/v1/messages")) return FakeUpstream.defaultReply(request);
        JsonNode body = AnthropicSse.JSON.readTree(request.body());
        boolean stream = body.path("stream").asBoolean(false);
        var tokens = new AnthropicSse.Tokens(25, 40, 0, 0, 0);
        JsonNode last = ScriptedTurns.lastToolResult(body.path("messages"));
        String id = last == null ? null : last.path("tool_use_id").asString(null);
        if (EDIT_ID.equals(id)) {
            return Reply.text(stream, model, FINAL_TEXT, tokens);
        }
        if (READ_ID.equals(id)) {
            var input = AnthropicSse.JSON.createObjectNode().put("file_path", filePath).put("old_string", oldString).put("new_string", newString);
            return Reply.toolUse(stream, model, "Now I'll fix the greeting.", EDIT_ID, "Edit", AnthropicSse.JSON.writeValueAsString(input), tokens);
        }
        if (BASH_ID.equals(id)) {
            bashResult = text(last.path("content"));
            var input = AnthropicSse.JSON.createObjectNode().put("file_path", filePath);
            return Reply.toolUse(stream, model, "The test failed; let me read the file.", READ_ID, "Read", AnthropicSse.JSON.writeValueAsString(input), tokens);
        }
        if (ScriptedTurns.hasTool(body, "Bash") && id == null) {
            var input = AnthropicSse.JSON.createObjectNode().put("command", command).put("description", "Run the tests");
            return Reply.toolUse(stream, model, "Let me run the tests.", BASH_ID, "Bash", AnthropicSse.JSON.writeValueAsString(input), tokens);
        }
        return Reply.text(stream, model, "Side answer.", tokens);
    }

    private static String text(JsonNode content) {
        if (content.isString()) return content.asString();
        var sb = new StringBuilder();
        for (JsonNode b : content) sb.append(b.path("text").asString(""));
        return sb.toString();
    }
}
