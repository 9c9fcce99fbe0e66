package io.aismush.testkit;

import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * The rules for one content block of a Messages request: which types a flavour refuses, which roles may carry a
 * type, the fields each type needs, thinking signatures and {@code cache_control} markers (counted across the whole
 * request). Appends violations to the list it was given; one instance per validation, not thread-safe.
 */
final class BlockRules {
    private final Flavour flavour;
    private final List<String> violations;
    private int cacheMarkers;

    BlockRules(Flavour flavour, List<String> violations) {
        this.flavour = flavour;
        this.violations = violations;
    }

    int cacheMarkers() {
        return cacheMarkers;
    }

    void countCacheMarker(JsonNode node) {
        if (node.has("cache_control") && !node.path("cache_control").isNull()) cacheMarkers++;
    }

    /**
     * @param role {@code user}, {@code assistant}, {@code system} (a system prompt block or a system message) or
     *             {@code tool_result} (a block inside a tool result's content)
     */
    void check(String path, JsonNode block, String role) {
        String type = string(block.path("type"));
        if (type == null) {
            violations.add(path + ".type: Field required");
            return;
        }
        countCacheMarker(block);
        if (flavour.rejectedBlockTypes().contains(type)) {
            violations.add(path + ".type: content block type '" + type + "' is not supported by " + flavour);
            return;
        }
        switch (type) {
            case "text" -> checkText(path, block);
            case "tool_use" -> checkToolUse(path, block, role);
            case "tool_result" -> checkToolResult(path, block, role);
            case "thinking" -> checkThinking(path, block, role);
            case "redacted_thinking" -> {
                requireRole(path, type, role, "assistant");
                noCacheControl(path, block, type);
                if (string(block.path("data")) == null) violations.add(path + ".data: Field required");
            }
            default -> { } // image, document, server-tool blocks: accepted as they are unless the flavour refuses them
        }
    }

    private void checkText(String path, JsonNode block) {
        String text = string(block.path("text"));
        if (text == null) violations.add(path + ".text: Field required");
        else if (text.isBlank()) violations.add(path + ".text: text content blocks must contain non-whitespace text");
    }

    private void checkToolUse(String path, JsonNode block, String role) {
        requireRole(path, "tool_use", role, "assistant");
        String id = string(block.path("id"));
        if (id == null || !MessagesValidator.TOOL_USE_ID.matcher(id).matches()) {
            violations.add(path + ".id: String should match pattern '" + MessagesValidator.TOOL_USE_ID.pattern() + "'");
        }
        String name = string(block.path("name"));
        if (name == null || !flavour.toolName().matcher(name).matches()) {
            violations.add(path + ".name: String should match pattern '" + flavour.toolName().pattern() + "'");
        }
        if (!block.path("input").isObject()) violations.add(path + ".input: Input should be an object");
    }

    private void checkToolResult(String path, JsonNode block, String role) {
        requireRole(path, "tool_result", role, "user");
        String id = string(block.path("tool_use_id"));
        if (id == null || !MessagesValidator.TOOL_USE_ID.matcher(id).matches()) {
            violations.add(path + ".tool_use_id: String should match pattern '" + MessagesValidator.TOOL_USE_ID.pattern() + "'");
        }
        JsonNode content = block.path("content");
        if (content.isArray()) {
            for (int k = 0; k < content.size(); k++) check(path + ".content." + k, content.get(k), "tool_result");
        } else if (!content.isMissingNode() && !content.isString()) {
            violations.add(path + ".content: must be a string or an array of content blocks");
        }
    }

    private void checkThinking(String path, JsonNode block, String role) {
        requireRole(path, "thinking", role, "assistant");
        noCacheControl(path, block, "thinking");
        String thinking = string(block.path("thinking"));
        String signature = string(block.path("signature"));
        if (thinking == null) violations.add(path + ".thinking: Field required");
        if (signature == null) violations.add(path + ".signature: Field required");
        if (thinking != null && signature != null && !flavour.issued(signature, thinking)) {
            violations.add(path + ": Invalid 'signature' in 'thinking' block");
        }
    }

    private void requireRole(String path, String type, String role, String expected) {
        if (!expected.equals(role)) violations.add(path + ": a " + role + " message cannot contain '" + type + "' blocks");
    }

    private void noCacheControl(String path, JsonNode block, String type) {
        if (block.has("cache_control")) violations.add(path + ".cache_control: cache_control cannot be set on " + type + " blocks");
    }

    /** The node's string value, or null when it is missing or not a string. */
    static String string(JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : null;
    }
}
