package io.aismush.testkit;

import tools.jackson.databind.JsonNode;

/** What scripted fakes read of a Messages request to pick their next reply. */
final class ScriptedTurns {
    private ScriptedTurns() {}

    /** True when the request offers a tool of this name. */
    static boolean hasTool(JsonNode body, String name) {
        for (JsonNode tool : body.path("tools")) if (name.equals(tool.path("name").asString(""))) return true;
        return false;
    }

    /** The last tool_result block of the last user message, or null. */
    static JsonNode lastToolResult(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if (!"user".equals(m.path("role").asString(""))) continue;
            JsonNode found = null;
            for (JsonNode block : m.path("content")) if ("tool_result".equals(block.path("type").asString(""))) found = block;
            return found;
        }
        return null;
    }

    /** The tool_use_id of {@link #lastToolResult}, or null. */
    static String lastToolResultId(JsonNode messages) {
        JsonNode result = lastToolResult(messages);
        return result == null ? null : result.path("tool_use_id").asString(null);
    }
}
