package io.aismush.memory;

import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;

/**
 * What the first request the proxy sees of a session says: the project, the human's first message (what memories are
 * ranked against), and whether it really is the start of the conversation (no assistant message yet) rather than a
 * session already under way when the proxy started.
 */
record Opening(String project, String firstHumanText, boolean atStart) {

    /** Reads the whole body once; called for the first request of a session only. */
    static Opening of(byte[] body) {
        JsonNode root = Json.MAPPER.readTree(body);
        boolean atStart = true;
        for (JsonNode m : root.path("messages")) if ("assistant".equals(m.path("role").asString(""))) atStart = false;
        return new Opening(Scope.projectOf(root), humanText(root.path("messages").path(0)), atStart);
    }

    /**
     * The human's words in a user message: its text blocks, without Claude Code's {@code <system-reminder>} and other
     * tagged additions; "" for other messages (tool results, the assistant, the environment).
     */
    static String humanText(JsonNode message) {
        if (!"user".equals(message.path("role").asString(""))) return "";
        JsonNode content = message.path("content");
        if (content.isString()) return content.asString().startsWith("<") ? "" : content.asString();
        var sb = new StringBuilder();
        for (JsonNode b : content) {
            if (!"text".equals(b.path("type").asString(""))) continue;
            String t = b.path("text").asString("").strip();
            if (t.isEmpty() || t.startsWith("<")) continue;
            sb.append(sb.isEmpty() ? "" : "\n").append(t);
        }
        return sb.toString();
    }
}
