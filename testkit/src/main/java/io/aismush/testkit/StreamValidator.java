package io.aismush.testkit;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an Anthropic Messages stream the way a strict client does: each event is {@code event: NAME} with one
 * {@code data:} line holding a JSON object whose {@code type} is NAME; {@code message_start} comes first; content
 * blocks open at indexes 0, 1, 2... one at a time, each delta matches its block's type and index, and each block is
 * stopped before the next opens; {@code message_delta} (with a stop reason and usage) follows the last block, then
 * {@code message_stop} ends the stream. {@code ping} may appear anywhere after {@code message_start}; an
 * {@code error} event ends the stream. Tool-use ids are unique within the message.
 *
 * <p>Returns every violation found (empty = well formed). Feed it events one at a time, then call {@link #end()};
 * not thread-safe.
 */
public final class StreamValidator {
    private static final Pattern TOOL_USE_ID = MessagesValidator.TOOL_USE_ID;
    private static final Set<String> STOP_REASONS = Set.of("end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn",
            "refusal", "model_context_window_exceeded");

    private enum State { BEFORE_START, IN_MESSAGE, AFTER_DELTA, ENDED }

    private final List<String> violations = new ArrayList<>();
    private final Set<String> toolUseIds = new HashSet<>();
    private State state = State.BEFORE_START;
    private int nextIndex;
    private String openBlock; // the open block's type, or null
    private int events;

    /** Every violation of a complete stream given as raw SSE text (events separated by blank lines). */
    public static List<String> validate(String sse) {
        var v = new StreamValidator();
        for (String event : sse.replace("\r\n", "\n").split("\n\n")) if (!event.isBlank()) v.accept(event + "\n\n");
        return v.end();
    }

    /** Checks one event, given as its raw text including the blank line that ends it. */
    public void accept(String rawEvent) {
        String where = "event " + events++;
        String name = null;
        String data = null;
        for (String line : rawEvent.split("\n")) {
            if (line.startsWith("event: ")) name = line.substring(7);
            else if (line.startsWith("data: ")) {
                if (data != null) violations.add(where + ": more than one data line");
                data = line.substring(6);
            } else if (!line.isEmpty()) violations.add(where + ": unexpected line " + quote(line));
        }
        if (!rawEvent.endsWith("\n\n")) violations.add(where + ": does not end with a blank line");
        if (name == null || data == null) {
            violations.add(where + ": needs an event: and a data: line");
            return;
        }
        JsonNode json;
        try {
            json = AnthropicSse.JSON.readTree(data);
        } catch (JacksonException e) {
            violations.add(where + " (" + name + "): data is not valid JSON (" + e.getOriginalMessage() + ")");
            return;
        }
        if (json == null || !json.isObject()) {
            violations.add(where + " (" + name + "): data is not a JSON object");
            return;
        }
        if (!name.equals(json.path("type").asString(""))) violations.add(where + ": type " + quote(json.path("type").asString("")) + " is not the event's name " + quote(name));
        accept(where + " (" + name + ")", name, json);
    }

    private void accept(String where, String name, JsonNode data) {
        if (state == State.ENDED) {
            violations.add(where + ": after the end of the stream");
            return;
        }
        if (state == State.BEFORE_START && !name.equals("message_start") && !name.equals("error")) {
            violations.add(where + ": the stream must start with message_start");
        }
        switch (name) {
            case "message_start" -> messageStart(where, data.path("message"));
            case "content_block_start" -> blockStart(where, data);
            case "content_block_delta" -> blockDelta(where, data);
            case "content_block_stop" -> blockStop(where, data);
            case "message_delta" -> messageDelta(where, data);
            case "message_stop" -> {
                if (state != State.AFTER_DELTA) violations.add(where + ": message_stop must follow message_delta");
                state = State.ENDED;
            }
            case "ping" -> { }
            case "error" -> {
                if (!data.path("error").path("type").isString()) violations.add(where + ": error.type must be a string");
                state = State.ENDED;
            }
            default -> violations.add(where + ": unknown event");
        }
    }

    private void messageStart(String where, JsonNode message) {
        if (state != State.BEFORE_START) violations.add(where + ": message_start must come once, first");
        if (!"message".equals(message.path("type").asString(""))) violations.add(where + ": message.type must be message");
        if (!"assistant".equals(message.path("role").asString(""))) violations.add(where + ": message.role must be assistant");
        if (!message.path("id").isString() || !message.path("model").isString()) violations.add(where + ": message.id and message.model must be strings");
        if (!message.path("content").isArray() || !message.path("content").isEmpty()) violations.add(where + ": message.content must be an empty array");
        usage(where, message.path("usage"));
        state = State.IN_MESSAGE;
    }

    private void blockStart(String where, JsonNode data) {
        inMessage(where);
        if (openBlock != null) violations.add(where + ": block " + (nextIndex - 1) + " is still open");
        int index = data.path("index").asInt(-1);
        if (!data.path("index").isIntegralNumber() || index != nextIndex) violations.add(where + ": index must be " + nextIndex);
        JsonNode block = data.path("content_block");
        String type = block.path("type").asString("");
        switch (type) {
            case "text" -> requireString(where, block, "text");
            case "thinking" -> {
                requireString(where, block, "thinking");
                requireString(where, block, "signature");
            }
            case "redacted_thinking" -> requireString(where, block, "data");
            case "tool_use", "server_tool_use" -> {
                String id = block.path("id").asString("");
                if (!TOOL_USE_ID.matcher(id).matches()) violations.add(where + ": tool_use id " + quote(id) + " does not match " + TOOL_USE_ID);
                else if (!toolUseIds.add(id)) violations.add(where + ": tool_use id " + quote(id) + " is used twice in one message");
                requireString(where, block, "name");
                if (!block.path("input").isObject()) violations.add(where + ": tool_use input must be an object");
            }
            default -> violations.add(where + ": unknown content block type " + quote(type));
        }
        openBlock = type;
        nextIndex++;
    }

    private void blockDelta(String where, JsonNode data) {
        inMessage(where);
        openBlock(where, data);
        JsonNode delta = data.path("delta");
        String type = delta.path("type").asString("");
        String expectedBlock = switch (type) {
            case "text_delta" -> "text";
            case "thinking_delta", "signature_delta" -> "thinking";
            case "input_json_delta" -> "tool_use";
            default -> null;
        };
        String field = switch (type) {
            case "text_delta" -> "text";
            case "thinking_delta" -> "thinking";
            case "signature_delta" -> "signature";
            default -> "partial_json";
        };
        if (expectedBlock != null) requireString(where, delta, field);
        if (expectedBlock == null) violations.add(where + ": unknown delta type " + quote(type));
        else if (openBlock != null && !openBlock.equals(expectedBlock) && !(openBlock.equals("server_tool_use") && expectedBlock.equals("tool_use"))) {
            violations.add(where + ": a " + type + " in a " + openBlock + " block");
        }
    }

    private void blockStop(String where, JsonNode data) {
        inMessage(where);
        openBlock(where, data);
        openBlock = null;
    }

    private void messageDelta(String where, JsonNode data) {
        inMessage(where);
        if (openBlock != null) violations.add(where + ": block " + (nextIndex - 1) + " is still open");
        JsonNode reason = data.path("delta").path("stop_reason");
        if (!reason.isString() || !STOP_REASONS.contains(reason.asString())) violations.add(where + ": stop_reason " + reason + " is not one of " + STOP_REASONS);
        usage(where, data.path("usage"));
        state = State.AFTER_DELTA;
    }

    private void inMessage(String where) {
        if (state == State.AFTER_DELTA) violations.add(where + ": after message_delta only message_stop may follow");
    }

    private void openBlock(String where, JsonNode data) {
        if (openBlock == null) violations.add(where + ": no block is open");
        else if (!data.path("index").isIntegralNumber() || data.path("index").asInt() != nextIndex - 1) {
            violations.add(where + ": index must be the open block's, " + (nextIndex - 1));
        }
    }

    private void usage(String where, JsonNode usage) {
        if (!usage.isObject()) {
            violations.add(where + ": usage must be an object");
            return;
        }
        for (String field : List.of("input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")) {
            JsonNode n = usage.path(field);
            if (!n.isMissingNode() && !n.isNull() && !n.isIntegralNumber()) violations.add(where + ": usage." + field + " must be an integer");
        }
    }

    private void requireString(String where, JsonNode node, String field) {
        if (!node.path(field).isString()) violations.add(where + ": " + field + " must be a string");
    }

    /** Ends the stream; returns every violation found. A stream cut short is a violation. */
    public List<String> end() {
        if (state != State.ENDED) violations.add("end of stream: it must end with message_stop (or an error event)");
        return List.copyOf(violations);
    }

    /** Violations so far, for a stream that is known to have been cut short (a prefix must still be well formed). */
    public List<String> soFar() {
        return List.copyOf(violations);
    }

    private static String quote(String s) {
        return "\"" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "\"";
    }
}
