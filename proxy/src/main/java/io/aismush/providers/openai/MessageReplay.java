package io.aismush.providers.openai;

import io.aismush.wire.EventSource;
import io.aismush.wire.Json;
import io.aismush.wire.SseEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A complete Anthropic message told as a stream, for a client that asked to stream from an upstream that answered in
 * one piece anyway (some servers ignore {@code stream:true}, for instance when tools are involved). Each block
 * arrives whole, in one delta.
 */
final class MessageReplay implements EventSource {
    private final Queue<SseEvent> events = new ArrayDeque<>();

    MessageReplay(ObjectNode message) {
        ObjectNode usage = (ObjectNode) message.path("usage");
        events.add(AnthropicEvents.messageStart(message.path("id").asString(), message.path("model").asString(), usage));
        int index = 0;
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asString()) {
                case "text" -> {
                    events.add(AnthropicEvents.textStart(index));
                    events.add(AnthropicEvents.textDelta(index, block.path("text").asString()));
                }
                case "thinking" -> {
                    events.add(AnthropicEvents.thinkingStart(index));
                    events.add(AnthropicEvents.thinkingDelta(index, block.path("thinking").asString()));
                    events.add(AnthropicEvents.signatureDelta(index, block.path("signature").asString()));
                }
                case "tool_use" -> {
                    events.add(AnthropicEvents.toolUseStart(index, block.path("id").asString(), block.path("name").asString()));
                    events.add(AnthropicEvents.inputJsonDelta(index, Json.MAPPER.writeValueAsString(block.path("input"))));
                }
                default -> throw new IllegalArgumentException("unexpected block type " + block.path("type"));
            }
            events.add(AnthropicEvents.blockStop(index++));
        }
        events.add(AnthropicEvents.messageDelta(message.path("stop_reason").asString(), usage));
        events.add(AnthropicEvents.messageStop());
    }

    @Override
    public SseEvent next() {
        return events.poll();
    }

    @Override
    public void close() {
        events.clear();
    }
}
