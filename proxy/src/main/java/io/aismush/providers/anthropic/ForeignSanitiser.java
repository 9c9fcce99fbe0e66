package io.aismush.providers.anthropic;

import io.aismush.providers.Signatures;
import io.aismush.providers.ToolNames;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a Claude Code request for an Anthropic-compatible upstream that is not Anthropic: explicit model name,
 * {@code role:"system"} messages folded into {@code system}, unsupported fields and blocks removed, thinking blocks
 * kept only when this upstream issued them (with its own signature restored), tool names mapped to what it accepts,
 * {@code max_tokens} capped, no empty text blocks. A pure function of the request, so the rewritten history of turn
 * N+1 starts with the rewritten turn N byte for byte.
 */
final class ForeignSanitiser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String provider;
    private final Quirks quirks;

    ForeignSanitiser(String provider, Quirks quirks) {
        this.provider = provider;
        this.quirks = quirks;
    }

    /** Rewrites {@code request} in place (the caller passes its own copy) and returns the tool-name mapping used. */
    ToolNames sanitise(ObjectNode request, String model) {
        request.put("model", model);
        for (String field : quirks.droppedFields()) request.remove(field);
        if (request.path("max_tokens").asLong(0) > quirks.maxOutputTokens()) request.put("max_tokens", quirks.maxOutputTokens());
        ToolNames names = ToolNames.forRequest(toolNames(request));
        foldSystemMessages(request);
        if (request.path("tools").isArray()) {
            ArrayNode kept = NODES.arrayNode();
            for (JsonNode tool : request.path("tools")) {
                if (tool.has("type") && !tool.path("type").asString("").equals("custom")) continue; // server tools
                ObjectNode t = (ObjectNode) tool;
                t.put("name", names.toUpstream(t.path("name").asString("")));
                t.remove("defer_loading");
                t.remove("strict");
                kept.add(t);
            }
            if (kept.isEmpty()) request.remove("tools");
            else request.set("tools", kept);
        }
        JsonNode choice = request.path("tool_choice");
        if (choice.isObject() && choice.has("name")) ((ObjectNode) choice).put("name", names.toUpstream(choice.path("name").asString("")));
        for (JsonNode message : request.path("messages")) rewriteContent((ObjectNode) message, names);
        return names;
    }

    private static List<String> toolNames(ObjectNode request) {
        var list = new ArrayList<String>();
        for (JsonNode tool : request.path("tools")) if (tool.has("name")) list.add(tool.path("name").asString(""));
        for (JsonNode message : request.path("messages")) {
            for (JsonNode block : message.path("content")) {
                if ("tool_use".equals(block.path("type").asString(""))) list.add(block.path("name").asString(""));
            }
        }
        return list;
    }

    /** Moves {@code role:"system"} messages (Claude Code sends one) to the end of the top-level system prompt. */
    private static void foldSystemMessages(ObjectNode request) {
        JsonNode messages = request.path("messages");
        if (!messages.isArray()) return;
        ArrayNode kept = NODES.arrayNode();
        ArrayNode system = systemBlocks(request);
        boolean folded = false;
        for (JsonNode m : messages) {
            if ("system".equals(m.path("role").asString(""))) {
                JsonNode content = m.path("content");
                if (content.isString()) addText(system, content.asString());
                else for (JsonNode b : content) if ("text".equals(b.path("type").asString(""))) addText(system, b.path("text").asString(""));
                folded = true;
            } else {
                kept.add(m);
            }
        }
        if (!folded) return;
        request.set("messages", kept);
        request.set("system", system);
    }

    private static ArrayNode systemBlocks(ObjectNode request) {
        JsonNode system = request.path("system");
        if (system.isArray()) return (ArrayNode) system;
        ArrayNode blocks = NODES.arrayNode();
        if (system.isString()) addText(blocks, system.asString());
        return blocks;
    }

    private static void addText(ArrayNode blocks, String text) {
        if (text == null || text.isBlank()) return;
        blocks.addObject().put("type", "text").put("text", text);
    }

    private void rewriteContent(ObjectNode message, ToolNames names) {
        JsonNode content = message.path("content");
        if (content.isString()) {
            if (content.asString().isBlank()) message.put("content", "(empty)");
            return;
        }
        if (!content.isArray()) return;
        ArrayNode kept = NODES.arrayNode();
        for (JsonNode b : content) {
            ObjectNode block = (ObjectNode) b;
            String type = block.path("type").asString("");
            switch (type) {
                case "thinking" -> {
                    String signature = block.path("signature").asString(null);
                    if (!provider.equals(Signatures.issuer(signature))) continue; // another upstream's reasoning
                    block.put("signature", Signatures.original(signature));
                    block.remove("cache_control");
                    kept.add(block);
                }
                case "text" -> {
                    if (!block.path("text").asString("").isBlank()) kept.add(block);
                }
                case "tool_use" -> {
                    block.put("name", names.toUpstream(block.path("name").asString("")));
                    kept.add(block);
                }
                case "tool_result" -> {
                    rewriteContent(block, names);
                    kept.add(block);
                }
                default -> {
                    if (quirks.unsupportedBlocks().contains(type)) {
                        if (!type.equals("redacted_thinking")) kept.addObject().put("type", "text").put("text", "[" + type + " omitted: not supported by " + provider + "]");
                    } else {
                        kept.add(block);
                    }
                }
            }
        }
        if (kept.isEmpty()) kept.addObject().put("type", "text").put("text", "(empty)");
        message.set("content", kept);
    }
}
