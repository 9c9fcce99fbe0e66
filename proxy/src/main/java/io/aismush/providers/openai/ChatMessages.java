package io.aismush.providers.openai;

import io.aismush.providers.Signatures;
import io.aismush.providers.ToolNames;
import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates a Messages conversation ({@code system} and {@code messages[]}) into Chat Completions messages.
 * A pure function of its input, so the translated prefix of turn N+1 equals turn N's and the upstream's prompt
 * cache keeps hitting. Never emits an empty text content.
 *
 * <ul>
 *   <li>{@code system} and every {@code role:"system"} message inside {@code messages[]} become one leading system
 *       message, in that order (many chat templates refuse a system message anywhere but first);</li>
 *   <li>user blocks: each {@code tool_result} becomes a {@code role:"tool"} message, placed before the rest of
 *       that user message; text stays text, base64 images become data-URL {@code image_url} parts;</li>
 *   <li>assistant blocks: text and {@code tool_use} become one message with {@code tool_calls}; thinking this
 *       provider issued becomes {@code reasoning_content}; other thinking and {@code redacted_thinking} are dropped;</li>
 *   <li>documents and search results become a short note; server-tool blocks are dropped.</li>
 * </ul>
 */
final class ChatMessages {
    private final String provider;
    private final ToolNames toolNames;

    /**
     * @param provider  this provider's name: thinking blocks it issued are passed back as reasoning
     * @param toolNames the request's tool-name mapping
     */
    ChatMessages(String provider, ToolNames toolNames) {
        this.provider = provider;
        this.toolNames = toolNames;
    }

    /** The Chat messages for a Messages request's {@code system} and {@code messages}. */
    ArrayNode translate(JsonNode system, JsonNode messages) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        var systemText = new ArrayList<String>();
        addText(systemText, system);
        for (JsonNode m : messages) {
            if ("system".equals(m.path("role").asString(""))) addText(systemText, m.path("content"));
        }
        if (!systemText.isEmpty()) out.addObject().put("role", "system").put("content", String.join("\n\n", systemText));
        for (JsonNode m : messages) {
            switch (m.path("role").asString("")) {
                case "user" -> user(m.path("content"), out);
                case "assistant" -> assistant(m.path("content"), out);
                default -> { } // system messages were folded above; unknown roles have no Chat equivalent
            }
        }
        return out;
    }

    private void user(JsonNode content, ArrayNode out) {
        if (content.isString()) {
            if (!content.asString().isBlank()) out.addObject().put("role", "user").put("content", content.asString());
            return;
        }
        var parts = new ArrayList<ObjectNode>();
        for (JsonNode block : content) {
            switch (block.path("type").asString("")) {
                case "tool_result" -> out.add(toolMessage(block));
                case "text" -> textPart(parts, block.path("text").asString(""));
                case "image" -> parts.add(imagePart(block.path("source")));
                case "document" -> textPart(parts, documentNote(block));
                case "search_result" -> textPart(parts, "[search result omitted: " + block.path("title").asString("untitled")
                        + " (" + block.path("source").asString("unknown source") + ")]");
                default -> { } // thinking, server-tool results and unknown blocks mean nothing to a Chat upstream
            }
        }
        if (!parts.isEmpty()) out.addObject().put("role", "user").set("content", userContent(parts));
    }

    /** Text-only content as one string (every chat template understands that); with images, the parts themselves. */
    private static JsonNode userContent(List<ObjectNode> parts) {
        if (parts.stream().allMatch(p -> p.path("type").asString("").equals("text"))) {
            return Json.MAPPER.getNodeFactory().stringNode(String.join("\n\n", parts.stream().map(p -> p.path("text").asString()).toList()));
        }
        ArrayNode array = Json.MAPPER.createArrayNode();
        parts.forEach(array::add);
        return array;
    }

    private static void textPart(List<ObjectNode> parts, String text) {
        if (!text.isBlank()) parts.add(Json.MAPPER.createObjectNode().put("type", "text").put("text", text));
    }

    private static ObjectNode imagePart(JsonNode source) {
        String url = switch (source.path("type").asString("")) {
            case "base64" -> "data:" + source.path("media_type").asString("image/png") + ";base64," + source.path("data").asString("");
            default -> source.path("url").asString("");
        };
        ObjectNode part = Json.MAPPER.createObjectNode().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    private static String documentNote(JsonNode document) {
        JsonNode source = document.path("source");
        if (source.path("type").asString("").equals("text") && !source.path("data").asString("").isBlank()) {
            return source.path("data").asString();
        }
        return "[document omitted: " + document.path("title").asString("untitled") + " (this provider cannot read documents)]";
    }

    private static ObjectNode toolMessage(JsonNode result) {
        var texts = new ArrayList<String>();
        JsonNode content = result.path("content");
        if (content.isString()) {
            texts.add(content.asString());
        } else {
            for (JsonNode b : content) {
                switch (b.path("type").asString("")) {
                    case "text" -> texts.add(b.path("text").asString(""));
                    case "image" -> texts.add("[image omitted: this provider cannot read images in tool results]");
                    default -> { }
                }
            }
        }
        String text = String.join("\n", texts.stream().filter(t -> !t.isEmpty()).toList());
        if (result.path("is_error").asBoolean(false)) text = text.isBlank() ? "[tool error]" : "[tool error] " + text;
        if (text.isBlank()) text = "(no output)";
        return Json.MAPPER.createObjectNode().put("role", "tool").put("tool_call_id", result.path("tool_use_id").asString(""))
                .put("content", text);
    }

    private void assistant(JsonNode content, ArrayNode out) {
        if (content.isString()) {
            if (!content.asString().isBlank()) out.addObject().put("role", "assistant").put("content", content.asString());
            return;
        }
        var texts = new ArrayList<String>();
        var reasoning = new ArrayList<String>();
        ArrayNode calls = Json.MAPPER.createArrayNode();
        for (JsonNode block : content) {
            switch (block.path("type").asString("")) {
                case "text" -> {
                    String t = block.path("text").asString("");
                    if (!t.isBlank()) texts.add(t);
                }
                case "tool_use" -> calls.add(toolCall(block));
                case "thinking" -> {
                    boolean ours = provider.equals(Signatures.issuer(block.path("signature").asString(null)));
                    String t = block.path("thinking").asString("");
                    if (ours && !t.isEmpty()) reasoning.add(t);
                }
                default -> { } // redacted thinking, server tools: meaningless to this upstream
            }
        }
        if (texts.isEmpty() && calls.isEmpty()) return;
        ObjectNode message = out.addObject().put("role", "assistant");
        if (texts.isEmpty()) message.putNull("content");
        else message.put("content", String.join("\n\n", texts));
        if (!reasoning.isEmpty()) message.put("reasoning_content", String.join("\n\n", reasoning));
        if (!calls.isEmpty()) message.set("tool_calls", calls);
    }

    private ObjectNode toolCall(JsonNode toolUse) {
        ObjectNode call = Json.MAPPER.createObjectNode().put("id", toolUse.path("id").asString("")).put("type", "function");
        JsonNode input = toolUse.path("input");
        call.putObject("function")
                .put("name", toolNames.toUpstream(toolUse.path("name").asString("")))
                .put("arguments", input.isObject() ? Json.MAPPER.writeValueAsString(input) : "{}");
        return call;
    }

    /** Appends the text of a string or of a list of text blocks. */
    private static void addText(List<String> into, JsonNode content) {
        if (content.isString()) {
            if (!content.asString().isBlank()) into.add(content.asString());
            return;
        }
        for (JsonNode block : content) {
            String t = block.path("text").asString("");
            if ("text".equals(block.path("type").asString("")) && !t.isBlank()) into.add(t);
        }
    }
}
