package io.aismush.providers.openai;

import io.aismush.providers.ToolNames;
import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates a Messages request into a Chat Completions request. Only fields with a Chat meaning are carried over
 * ({@code max_tokens}, capped; {@code temperature}, {@code top_p}, {@code stop_sequences}, {@code stream}, tools);
 * everything else ({@code cache_control}, {@code metadata}, {@code thinking}, {@code context_management},
 * {@code output_config}, {@code safeguards}, {@code container}, {@code mcp_servers}, …) stays behind, so nothing
 * Anthropic-specific or local (safeguards carry paths) reaches a foreign upstream. A pure function of its input.
 */
final class ChatRequests {
    private ChatRequests() {}

    /** A translated request and the tool-name mapping its answer must be read back with. */
    record Translated(ObjectNode body, ToolNames toolNames, boolean stream) {}

    /**
     * @param clientRequest   the Messages request
     * @param model           the model to ask for
     * @param provider        this provider's name (which thinking blocks it may read back)
     * @param maxOutputTokens the cap on {@code max_tokens}; 0 or less for none
     */
    static Translated translate(JsonNode clientRequest, String model, String provider, int maxOutputTokens) {
        ToolNames names = ToolNames.forRequest(toolNamesIn(clientRequest));
        ObjectNode chat = Json.MAPPER.createObjectNode();
        chat.put("model", model);
        chat.set("messages", new ChatMessages(provider, names).translate(clientRequest.path("system"), clientRequest.path("messages")));
        ArrayNode tools = tools(clientRequest.path("tools"), names);
        if (!tools.isEmpty()) {
            chat.set("tools", tools);
            JsonNode choice = toolChoice(clientRequest.path("tool_choice"), names);
            if (choice != null) chat.set("tool_choice", choice);
            if (clientRequest.path("tool_choice").path("disable_parallel_tool_use").asBoolean(false)) chat.put("parallel_tool_calls", false);
        }
        JsonNode maxTokens = clientRequest.path("max_tokens");
        if (maxTokens.isNumber()) {
            long wanted = maxTokens.asLong();
            chat.put("max_tokens", maxOutputTokens > 0 ? Math.min(wanted, maxOutputTokens) : wanted);
        } else if (maxOutputTokens > 0) {
            chat.put("max_tokens", maxOutputTokens);
        }
        if (clientRequest.path("temperature").isNumber()) chat.set("temperature", clientRequest.get("temperature"));
        if (clientRequest.path("top_p").isNumber()) chat.set("top_p", clientRequest.get("top_p"));
        ArrayNode stop = stopSequences(clientRequest.path("stop_sequences"));
        if (!stop.isEmpty()) chat.set("stop", stop);
        boolean stream = clientRequest.path("stream").asBoolean(false);
        chat.put("stream", stream);
        if (stream) chat.putObject("stream_options").put("include_usage", true);
        return new Translated(chat, names, stream);
    }

    /** Every tool name the request mentions: declared tools, the forced tool, and the tool calls in its history. */
    static List<String> toolNamesIn(JsonNode clientRequest) {
        var names = new ArrayList<String>();
        for (JsonNode tool : clientRequest.path("tools")) if (isFunctionTool(tool)) names.add(tool.path("name").asString(null));
        JsonNode choice = clientRequest.path("tool_choice");
        if ("tool".equals(choice.path("type").asString(""))) names.add(choice.path("name").asString(null));
        for (JsonNode m : clientRequest.path("messages")) {
            for (JsonNode block : m.path("content")) {
                if ("tool_use".equals(block.path("type").asString(""))) names.add(block.path("name").asString(null));
            }
        }
        return names;
    }

    /**
     * Client tools have no {@code type} (or {@code custom}); server tools and Anthropic-defined tools carry a
     * versioned type such as {@code web_search_20250305} and mean nothing to a Chat upstream.
     */
    private static boolean isFunctionTool(JsonNode tool) {
        String type = tool.path("type").asString("custom");
        return type.equals("custom") && tool.path("name").isString();
    }

    private static ArrayNode tools(JsonNode clientTools, ToolNames names) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode tool : clientTools) {
            if (!isFunctionTool(tool)) continue;
            ObjectNode function = out.addObject().put("type", "function").putObject("function");
            function.put("name", names.toUpstream(tool.path("name").asString()));
            if (tool.path("description").isString()) function.put("description", tool.path("description").asString());
            JsonNode schema = tool.path("input_schema");
            if (schema.isObject()) {
                function.set("parameters", schema);
            } else {
                function.putObject("parameters").put("type", "object").putObject("properties");
            }
        }
        return out;
    }

    /** auto → "auto", any → "required", tool → {type:function, function:{name}}, none → "none"; anything else is left out. */
    private static JsonNode toolChoice(JsonNode choice, ToolNames names) {
        var nodes = Json.MAPPER.getNodeFactory();
        return switch (choice.path("type").asString("")) {
            case "auto" -> nodes.stringNode("auto");
            case "any" -> nodes.stringNode("required");
            case "none" -> nodes.stringNode("none");
            case "tool" -> {
                ObjectNode forced = nodes.objectNode().put("type", "function");
                forced.putObject("function").put("name", names.toUpstream(choice.path("name").asString("")));
                yield forced;
            }
            default -> null;
        };
    }

    private static ArrayNode stopSequences(JsonNode sequences) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode s : sequences) if (s.isString() && !s.asString().isEmpty()) out.add(s.asString());
        return out;
    }
}
