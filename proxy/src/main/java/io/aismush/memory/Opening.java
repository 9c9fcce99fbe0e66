package io.aismush.memory;

import io.aismush.wire.Json;
import io.aismush.wire.JsonCursor;
import io.aismush.wire.Outline;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the first request the proxy sees of a session says: the project, the human's first message (what memories are
 * ranked against), and whether it really is the start of the conversation (no assistant message yet) rather than a
 * session already under way when the proxy started.
 */
record Opening(String project, String firstHumanText, boolean atStart) {

    /** Reads the whole body once; called for the first request of a session only. */
    static Opening of(byte[] body) {
        return of(Json.MAPPER.readTree(body));
    }

    /**
     * As {@link #of(byte[])}, reading from the outline only what it needs (the roles, the environment messages, the
     * system prompt, the first message): not the whole history, which a session under way when the proxy started has.
     */
    static Opening of(byte[] body, Outline outline) {
        if (outline == null || !outline.regular()) return of(body);
        boolean atStart = true;
        ObjectNode request = Json.MAPPER.createObjectNode();
        ArrayNode messages = request.putArray("messages");
        for (int m = 0; m < outline.messageCount(); m++) {
            if (outline.roleIs(m, "assistant")) atStart = false;
            // the first message, then the environment messages in their order: all that Scope.projectOf reads
            if (m == 0 || outline.roleIs(m, "system")) messages.add(tree(body, outline.message(m)));
        }
        Outline.Member system = outline.member("system");
        if (system != null) request.set("system", tree(body, system.value()));
        return new Opening(Scope.projectOf(request), humanText(messages.path(0)), atStart);
    }

    private static JsonNode tree(byte[] body, JsonCursor.Span span) {
        return Json.MAPPER.readTree(body, span.start(), span.length());
    }

    private static Opening of(JsonNode root) {
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
