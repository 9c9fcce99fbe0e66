package io.aismush.testkit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.function.Function;

import static io.aismush.testkit.AnthropicSse.JSON;

/**
 * A Claude Code-shaped tool loop with thinking, signed by the script's {@link Flavour}:
 * <ol>
 *   <li>thinking + tool_use of a long-named MCP tool ({@link #MCP_TOOL_NAME}, 80 chars: too long for DeepSeek);</li>
 *   <li>after its result: thinking + tool_use {@code Read};</li>
 *   <li>after the Read result: thinking + the text {@link #FINAL_TEXT}.</li>
 * </ol>
 * The step is chosen from the last tool_result id of the conversation, never from a counter, so retries and side
 * requests do not shift it. The MCP tool is found in the request's {@code tools[]} by name or, when a proxy mapped
 * the name (a DeepSeek upstream only ever sees the mapped name), by its description; the tool_use carries the
 * name as this upstream received it. Thinking is emitted when the request's thinking type is enabled or adaptive.
 * Stateless and thread-safe.
 */
public final class ConversationScript implements Function<ReceivedRequest, Reply> {
    public static final String MCP_TOOL_NAME = "mcp__github__create_or_update_file_in_repository_with_a_very_long_descriptive_name";
    public static final String MCP_TOOL_DESCRIPTION = "Create or update a single file in a GitHub repository (fake MCP server).";
    public static final String MCP_ID = "toolu_01McpCCCCCCCCCCCCCCCCCCC";
    public static final String READ_ID = "toolu_01ReadDDDDDDDDDDDDDDDDD";
    public static final String FINAL_TEXT = "Done: the file is in the repository and I checked its contents.";
    public static final String SIDE_TEXT = "Side answer.";

    private static final AnthropicSse.Tokens TOKENS = new AnthropicSse.Tokens(30, 45, 0, 0, 0);

    private final Flavour flavour;
    private final String model;
    private final String filePath;

    public ConversationScript(Flavour flavour, String model, String filePath) {
        this.flavour = flavour;
        this.model = model;
        this.filePath = filePath;
    }

    /** The MCP tool's definition, as a client lists it in {@code tools[]}. */
    public static ObjectNode mcpToolDefinition() {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        schema.putObject("properties").putObject("path").put("type", "string");
        schema.putArray("required").add("path");
        return JSON.createObjectNode().put("name", MCP_TOOL_NAME).put("description", MCP_TOOL_DESCRIPTION).set("input_schema", schema);
    }

    @Override
    public Reply apply(ReceivedRequest request) {
        if (!request.path().equals("/v1/messages")) return FakeUpstream.defaultReply(request);
        JsonNode body = JSON.readTree(request.body());
        boolean stream = body.path("stream").asBoolean(false);
        String thinkingType = body.path("thinking").path("type").asString("");
        boolean thinks = thinkingType.equals("enabled") || thinkingType.equals("adaptive");
        String lastResult = ScriptedTurns.lastToolResultId(body.path("messages"));
        String mcpName = mcpToolName(body.path("tools"));
        if (READ_ID.equals(lastResult)) {
            return text(stream, thinks ? "The file reads back as written; I can report success." : null, FINAL_TEXT);
        }
        if (MCP_ID.equals(lastResult)) {
            String input = JSON.writeValueAsString(JSON.createObjectNode().put("file_path", filePath));
            return toolUse(stream, thinks ? "The tool says the file was written. I should read it back to check." : null,
                    READ_ID, "Read", input);
        }
        if (lastResult == null && mcpName != null) {
            String input = JSON.writeValueAsString(JSON.createObjectNode().put("path", filePath));
            return toolUse(stream, thinks ? "The user wants the file in the repository, so I call the GitHub tool first." : null,
                    MCP_ID, mcpName, input);
        }
        return text(stream, null, SIDE_TEXT);
    }

    private Reply toolUse(boolean stream, String thinking, String id, String name, String input) {
        if (thinking == null) {
            return stream ? Reply.stream(AnthropicSse.toolUseTurn(model, null, id, name, input, TOKENS))
                    : Reply.json(200, AnthropicSse.toolUseMessage(model, null, id, name, input, TOKENS));
        }
        return stream ? Reply.stream(ThinkingSse.toolUseTurn(flavour, model, thinking, id, name, input, TOKENS))
                : Reply.json(200, ThinkingSse.toolUseMessage(flavour, model, thinking, id, name, input, TOKENS));
    }

    private Reply text(boolean stream, String thinking, String text) {
        if (thinking == null) {
            return stream ? Reply.stream(AnthropicSse.textTurn(model, text, TOKENS)) : Reply.json(200, AnthropicSse.message(model, text, TOKENS));
        }
        return stream ? Reply.stream(ThinkingSse.textTurn(flavour, model, thinking, text, TOKENS))
                : Reply.json(200, ThinkingSse.textMessage(flavour, model, thinking, text, TOKENS));
    }

    /** The MCP tool's name as this upstream received it, or null when the request does not offer it. */
    private static String mcpToolName(JsonNode tools) {
        for (JsonNode tool : tools) {
            String name = tool.path("name").asString("");
            if (name.equals(MCP_TOOL_NAME) || MCP_TOOL_DESCRIPTION.equals(tool.path("description").asString(""))) return name;
        }
        return null;
    }
}
