package io.aismush.providers.openai;

import io.aismush.wire.Json;
import io.aismush.wire.SseEvent;
import tools.jackson.databind.node.ObjectNode;

/** Builds the Anthropic stream events a translated answer is made of, each exactly as Anthropic writes it. */
final class AnthropicEvents {
    private AnthropicEvents() {}

    static SseEvent messageStart(String id, String model, ObjectNode usage) {
        ObjectNode message = object().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", usage);
        return event("message_start", object().put("type", "message_start").set("message", message));
    }

    static SseEvent textStart(int index) {
        return blockStart(index, object().put("type", "text").put("text", ""));
    }

    static SseEvent thinkingStart(int index) {
        return blockStart(index, object().put("type", "thinking").put("thinking", "").put("signature", ""));
    }

    static SseEvent toolUseStart(int index, String id, String name) {
        ObjectNode block = object().put("type", "tool_use").put("id", id).put("name", name);
        block.putObject("input");
        return blockStart(index, block);
    }

    static SseEvent textDelta(int index, String text) {
        return delta(index, object().put("type", "text_delta").put("text", text));
    }

    static SseEvent thinkingDelta(int index, String thinking) {
        return delta(index, object().put("type", "thinking_delta").put("thinking", thinking));
    }

    static SseEvent signatureDelta(int index, String signature) {
        return delta(index, object().put("type", "signature_delta").put("signature", signature));
    }

    static SseEvent inputJsonDelta(int index, String partialJson) {
        return delta(index, object().put("type", "input_json_delta").put("partial_json", partialJson));
    }

    static SseEvent blockStop(int index) {
        return event("content_block_stop", object().put("type", "content_block_stop").put("index", index));
    }

    static SseEvent messageDelta(String stopReason, ObjectNode usage) {
        ObjectNode data = object().put("type", "message_delta");
        data.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        data.set("usage", usage);
        return event("message_delta", data);
    }

    static SseEvent messageStop() {
        return event("message_stop", object().put("type", "message_stop"));
    }

    static SseEvent ping() {
        return event("ping", object().put("type", "ping"));
    }

    private static SseEvent blockStart(int index, ObjectNode block) {
        return event("content_block_start", object().put("type", "content_block_start").put("index", index).set("content_block", block));
    }

    private static SseEvent delta(int index, ObjectNode delta) {
        return event("content_block_delta", object().put("type", "content_block_delta").put("index", index).set("delta", delta));
    }

    private static SseEvent event(String name, ObjectNode data) {
        return SseEvent.of(name, Json.MAPPER.writeValueAsString(data));
    }

    private static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }
}
