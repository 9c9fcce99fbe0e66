package io.aismush.providers.openai;

import io.aismush.providers.Signatures;
import io.aismush.providers.ToolNames;
import io.aismush.wire.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.UUID;

/**
 * Translates a non-streamed Chat completion into an Anthropic message: {@code choices[0].message}'s reasoning
 * becomes a thinking block (signed as this provider's), its content a text block, each tool call a
 * {@code tool_use} block with its arguments parsed, and the usage Anthropic's usage with the cache split out.
 */
final class ChatCompletions {
    private ChatCompletions() {}

    static ObjectNode toMessage(JsonNode completion, String provider, String requestedModel, ToolNames toolNames) {
        String id = completion.path("id").asString("");
        String messageId = id.isEmpty() ? "msg_" + UUID.randomUUID().toString().replace("-", "") : "msg_" + id;
        String model = completion.path("model").asString("");
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");

        ObjectNode out = Json.MAPPER.createObjectNode().put("id", messageId).put("type", "message").put("role", "assistant")
                .put("model", model.isEmpty() ? requestedModel : model);
        ArrayNode content = out.putArray("content");
        String reasoning = text(message.has("reasoning_content") ? message.path("reasoning_content") : message.path("reasoning"));
        if (!reasoning.isBlank()) {
            content.addObject().put("type", "thinking").put("thinking", reasoning).put("signature", Signatures.mark(provider, ""));
        }
        String text = text(message.path("content"));
        if (text.isBlank()) text = text(message.path("refusal"));
        if (!text.isBlank()) content.addObject().put("type", "text").put("text", text);
        JsonNode calls = message.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) content.add(toolUse(calls.get(i), messageId, i, toolNames));

        out.put("stop_reason", StopReasons.of(choice.path("finish_reason").asString(null), !calls.isEmpty()));
        out.putNull("stop_sequence");
        out.set("usage", ChatUsage.from(completion.path("usage")).toAnthropic());
        return out;
    }

    private static ObjectNode toolUse(JsonNode call, String messageId, int ordinal, ToolNames toolNames) {
        String upstreamId = call.path("id").asString("");
        JsonNode function = call.path("function");
        ObjectNode block = Json.MAPPER.createObjectNode().put("type", "tool_use")
                .put("id", upstreamId.isEmpty() ? ToolIds.generated(messageId, ordinal) : ToolIds.sanitise(upstreamId))
                .put("name", toolNames.toClient(function.path("name").asString("")));
        block.set("input", input(function.path("arguments")));
        return block;
    }

    /**
     * The arguments as a JSON object. A string that is not a JSON object is kept under {@code arguments}, so the tool
     * reports a clear validation error to the model instead of the turn failing here.
     */
    private static JsonNode input(JsonNode arguments) {
        if (arguments.isObject()) return arguments;
        String raw = arguments.asString("");
        if (raw.isBlank()) return Json.MAPPER.createObjectNode();
        try {
            JsonNode parsed = Json.MAPPER.readTree(raw);
            if (parsed.isObject()) return parsed;
        } catch (JacksonException e) {
            // falls through: kept as text
        }
        return Json.MAPPER.createObjectNode().put("arguments", raw);
    }

    /** A string content, or the text parts of an array content joined. */
    private static String text(JsonNode content) {
        if (content.isString()) return content.asString();
        if (!content.isArray()) return "";
        var sb = new StringBuilder();
        for (JsonNode part : content) if (part.path("text").isString()) sb.append(part.path("text").asString());
        return sb.toString();
    }
}
