package io.aismush.testkit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

import static io.aismush.testkit.AnthropicSse.JSON;

/**
 * Folds an Anthropic SSE stream back into the assistant message a client keeps in its history (what Claude Code sends
 * back on the next turn): text and thinking deltas concatenated, the signature attached, tool input parsed from its
 * JSON fragments. Unknown events are ignored. Returns a new value; not for streams with {@code error} events.
 */
public final class StreamedMessage {
    private StreamedMessage() {}

    /** The assistant message {@code {"role":"assistant","content":[...]}} from raw SSE text as a client received it. */
    public static ObjectNode assemble(String sse) {
        return assemble(List.of(sse.replace("\r\n", "\n").split("\n\n")));
    }

    /** The same, from a list of events such as {@link AnthropicSse} and {@link ThinkingSse} build. */
    public static ObjectNode assemble(List<String> events) {
        ArrayNode content = JSON.createArrayNode();
        StringBuilder partialJson = new StringBuilder();
        for (String event : events) {
            JsonNode data = data(event);
            if (data == null) continue;
            switch (data.path("type").asString("")) {
                case "content_block_start" -> {
                    content.add(data.path("content_block").deepCopy());
                    partialJson.setLength(0);
                }
                case "content_block_delta" -> apply((ObjectNode) content.get(data.path("index").asInt()), data.path("delta"), partialJson);
                case "content_block_stop" -> {
                    ObjectNode block = (ObjectNode) content.get(data.path("index").asInt());
                    if ("tool_use".equals(block.path("type").asString("")) && !partialJson.isEmpty()) {
                        block.set("input", JSON.readTree(partialJson.toString()));
                    }
                }
                default -> { } // message_start, message_delta, ping, message_stop: nothing for the history
            }
        }
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        message.set("content", content);
        return message;
    }

    private static void apply(ObjectNode block, JsonNode delta, StringBuilder partialJson) {
        switch (delta.path("type").asString("")) {
            case "text_delta" -> block.put("text", block.path("text").asString("") + delta.path("text").asString(""));
            case "thinking_delta" -> block.put("thinking", block.path("thinking").asString("") + delta.path("thinking").asString(""));
            case "signature_delta" -> block.put("signature", delta.path("signature").asString(""));
            case "input_json_delta" -> partialJson.append(delta.path("partial_json").asString(""));
            default -> { }
        }
    }

    private static JsonNode data(String event) {
        for (String line : event.split("\n")) {
            if (line.startsWith("data:")) return JSON.readTree(line.substring(5).trim());
        }
        return null;
    }
}
