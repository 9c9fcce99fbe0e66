package io.aismush.testkit;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a fake's own reply to find the tool_use ids it issued in a message that starts with a thinking block: the
 * turns whose thinking a client must send back. Understands 200 JSON messages and SSE streams; anything else issued
 * nothing.
 */
final class IssuedThinking {
    private IssuedThinking() {}

    static List<String> toolUseIdsAfterThinking(Reply reply) {
        var blocks = new ArrayList<JsonNode>();
        switch (reply) {
            case Reply.Json json when json.status() == 200 -> {
                JsonNode message = parse(json.body());
                if (message != null) message.path("content").forEach(blocks::add);
            }
            case Reply.Stream stream -> {
                for (String event : stream.events()) {
                    JsonNode data = parse(dataOf(event));
                    if (data != null && "content_block_start".equals(data.path("type").asString(""))) blocks.add(data.path("content_block"));
                }
            }
            default -> { }
        }
        if (blocks.isEmpty() || !"thinking".equals(blocks.getFirst().path("type").asString(""))) return List.of();
        return blocks.stream().filter(b -> "tool_use".equals(b.path("type").asString(""))).map(b -> b.path("id").asString("")).toList();
    }

    private static String dataOf(String event) {
        for (String line : event.split("\n")) if (line.startsWith("data:")) return line.substring(5).trim();
        return null;
    }

    private static JsonNode parse(String json) {
        if (json == null) return null;
        try {
            return AnthropicSse.JSON.readTree(json);
        } catch (JacksonException e) {
            return null;
        }
    }
}
