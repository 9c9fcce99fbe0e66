package io.aismush.memory;

import io.aismush.wire.Json;
import io.aismush.wire.SseEvent;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads an answer's text and tool calls from its content-block events (on the worker, never on the relay's path). */
final class AnswerReader {
    private AnswerReader() {}

    /** The text blocks, joined by blank lines, and the tool calls, in block order. */
    record Answer(String text, List<Turn.ToolCall> toolCalls) {}

    private static final class Block {
        String tool;
        final StringBuilder content = new StringBuilder();
    }

    static Answer read(List<SseEvent> events) {
        Map<Integer, Block> blocks = new TreeMap<>();
        for (SseEvent e : events) {
            JsonNode data;
            try {
                data = Json.MAPPER.readTree(e.data());
            } catch (RuntimeException bad) {
                continue;
            }
            if (data == null) continue;
            Block b = blocks.computeIfAbsent(data.path("index").asInt(0), i -> new Block());
            if ("content_block_start".equals(e.name())) {
                JsonNode cb = data.path("content_block");
                if ("tool_use".equals(cb.path("type").asString(""))) b.tool = cb.path("name").asString("");
                else if (cb.path("text").isString()) b.content.append(cb.path("text").asString());
            } else {
                JsonNode delta = data.path("delta");
                switch (delta.path("type").asString("")) {
                    case "text_delta" -> b.content.append(delta.path("text").asString(""));
                    case "input_json_delta" -> b.content.append(delta.path("partial_json").asString(""));
                    default -> { } // thinking, signatures, citations: not remembered
                }
            }
        }
        var text = new StringBuilder();
        var calls = new ArrayList<Turn.ToolCall>();
        for (Block b : blocks.values()) {
            if (b.tool != null) calls.add(new Turn.ToolCall(b.tool, b.content.isEmpty() ? "{}" : b.content.toString()));
            else if (!b.content.isEmpty()) text.append(text.isEmpty() ? "" : "\n\n").append(b.content);
        }
        return new Answer(text.toString(), calls);
    }
}
