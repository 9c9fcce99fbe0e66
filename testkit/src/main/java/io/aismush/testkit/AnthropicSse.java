package io.aismush.testkit;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds Anthropic Messages responses exactly as the API sends them: SSE events in the documented order, and
 * non-streamed message bodies. Usage carries the cache fields with the 5-minute / 1-hour split.
 */
public final class AnthropicSse {
    private AnthropicSse() {}

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Token counts for a fake answer; {@code input} excludes cached tokens, as Anthropic reports it. */
    public record Tokens(long input, long output, long cacheRead, long cacheWrite5m, long cacheWrite1h) {
        public static final Tokens SMALL = new Tokens(12, 7, 0, 0, 0);
    }

    public static String event(String name, ObjectNode data) {
        return "event: " + name + "\ndata: " + JSON.writeValueAsString(data) + "\n\n";
    }

    /** A streamed text answer: message_start, one text block in {@code deltas} pieces, message_delta, message_stop. */
    public static List<String> textTurn(String model, String text, Tokens tokens) {
        var events = new ArrayList<String>();
        events.add(messageStart(model, tokens));
        events.add(event("content_block_start", obj().put("type", "content_block_start").put("index", 0)
                .set("content_block", obj().put("type", "text").put("text", ""))));
        events.add(event("ping", obj().put("type", "ping")));
        for (String piece : pieces(text, 12)) {
            events.add(event("content_block_delta", obj().put("type", "content_block_delta").put("index", 0)
                    .set("delta", obj().put("type", "text_delta").put("text", piece))));
        }
        events.add(event("content_block_stop", obj().put("type", "content_block_stop").put("index", 0)));
        events.add(messageDelta("end_turn", tokens));
        events.add(event("message_stop", obj().put("type", "message_stop")));
        return events;
    }

    /** A streamed tool call: an optional lead-in text block, then the tool_use block with its input in fragments. */
    public static List<String> toolUseTurn(String model, String leadIn, String toolId, String toolName, String inputJson, Tokens tokens) {
        var events = new ArrayList<String>();
        events.add(messageStart(model, tokens));
        int index = 0;
        if (leadIn != null && !leadIn.isEmpty()) {
            events.add(event("content_block_start", obj().put("type", "content_block_start").put("index", index)
                    .set("content_block", obj().put("type", "text").put("text", ""))));
            events.add(event("content_block_delta", obj().put("type", "content_block_delta").put("index", index)
                    .set("delta", obj().put("type", "text_delta").put("text", leadIn))));
            events.add(event("content_block_stop", obj().put("type", "content_block_stop").put("index", index)));
            index++;
        }
        events.add(event("content_block_start", obj().put("type", "content_block_start").put("index", index)
                .set("content_block", obj().put("type", "tool_use").put("id", toolId).put("name", toolName).set("input", obj()))));
        for (String piece : pieces(inputJson, 20)) {
            events.add(event("content_block_delta", obj().put("type", "content_block_delta").put("index", index)
                    .set("delta", obj().put("type", "input_json_delta").put("partial_json", piece))));
        }
        events.add(event("content_block_stop", obj().put("type", "content_block_stop").put("index", index)));
        events.add(messageDelta("tool_use", tokens));
        events.add(event("message_stop", obj().put("type", "message_stop")));
        return events;
    }

    public static String messageStart(String model, Tokens tokens) {
        ObjectNode message = obj().put("id", "msg_fake" + Math.abs(model.hashCode())).put("type", "message").put("role", "assistant")
                .put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        ObjectNode usage = usage(tokens);
        usage.put("output_tokens", 1);
        message.set("usage", usage);
        return event("message_start", obj().put("type", "message_start").set("message", message));
    }

    public static String messageDelta(String stopReason, Tokens tokens) {
        ObjectNode data = obj().put("type", "message_delta");
        data.set("delta", obj().put("stop_reason", stopReason).putNull("stop_sequence"));
        data.set("usage", usage(tokens));
        return event("message_delta", data);
    }

    public static String errorEvent(String type, String message) {
        return "event: error\ndata: " + errorBody(type, message) + "\n\n";
    }

    public static String errorBody(String type, String message) {
        ObjectNode root = obj().put("type", "error");
        root.set("error", obj().put("type", type).put("message", message));
        root.put("request_id", "req_fake_error");
        return JSON.writeValueAsString(root);
    }

    /** A non-streamed text answer. */
    public static String message(String model, String text, Tokens tokens) {
        ObjectNode root = obj().put("id", "msg_fake").put("type", "message").put("role", "assistant").put("model", model);
        root.putArray("content").addObject().put("type", "text").put("text", text);
        root.put("stop_reason", "end_turn").putNull("stop_sequence");
        root.set("usage", usage(tokens));
        return JSON.writeValueAsString(root);
    }

    /** A non-streamed tool call, with an optional lead-in text block. */
    public static String toolUseMessage(String model, String leadIn, String toolId, String toolName, String inputJson, Tokens tokens) {
        ObjectNode root = obj().put("id", "msg_fake_tool").put("type", "message").put("role", "assistant").put("model", model);
        var content = root.putArray("content");
        if (leadIn != null && !leadIn.isEmpty()) content.addObject().put("type", "text").put("text", leadIn);
        content.addObject().put("type", "tool_use").put("id", toolId).put("name", toolName).set("input", JSON.readTree(inputJson));
        root.put("stop_reason", "tool_use").putNull("stop_sequence");
        root.set("usage", usage(tokens));
        return JSON.writeValueAsString(root);
    }

    static ObjectNode usage(Tokens t) {
        ObjectNode u = obj().put("input_tokens", t.input())
                .put("cache_creation_input_tokens", t.cacheWrite5m() + t.cacheWrite1h())
                .put("cache_read_input_tokens", t.cacheRead());
        u.set("cache_creation", obj().put("ephemeral_5m_input_tokens", t.cacheWrite5m()).put("ephemeral_1h_input_tokens", t.cacheWrite1h()));
        u.put("output_tokens", t.output());
        u.put("service_tier", "standard");
        return u;
    }

    /** {@code {"type": type}}, e.g. the data of a ping. */
    public static ObjectNode errorObject(String type) {
        return obj().put("type", type);
    }

    static ObjectNode obj() {
        return JSON.createObjectNode();
    }

    /** Splits text into pieces of at most {@code size} chars, never inside a surrogate pair. */
    static List<String> pieces(String text, int size) {
        var out = new ArrayList<String>();
        int i = 0;
        while (i < text.length()) {
            int end = Math.min(text.length(), i + size);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) end++;
            out.add(text.substring(i, end));
            i = end;
        }
        if (out.isEmpty()) out.add("");
        return out;
    }
}
