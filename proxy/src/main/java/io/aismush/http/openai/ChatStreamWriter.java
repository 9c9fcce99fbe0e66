package io.aismush.http.openai;

import io.aismush.wire.Json;
import io.aismush.wire.SseEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates an Anthropic event stream into Chat Completions chunks, one Anthropic event at a time: an explicit
 * state machine with one small method per event type. Text deltas become {@code delta.content}; a {@code tool_use}
 * block becomes a {@code tool_calls} entry (id, name, then argument fragments) with its own index; thinking
 * becomes {@code reasoning_content}; the stop reason becomes {@code finish_reason}; with {@code include_usage} a
 * final chunk carries the usage; the stream ends with {@code data: [DONE]}. Not thread-safe: one stream.
 */
public final class ChatStreamWriter {
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final boolean includeUsage;
    private final long created;
    private String id = ChatAnswers.chatId("");
    private String model = "";
    private final ObjectNode usage = Json.MAPPER.createObjectNode();
    private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
    private String stopReason;
    private boolean finished;

    public ChatStreamWriter(boolean includeUsage, long created) {
        this.includeUsage = includeUsage;
        this.created = created;
    }

    /** The bytes to send the client for one Anthropic event (possibly none); after the end, nothing. */
    public List<byte[]> translate(SseEvent event) {
        if (finished || event.name() == null) return List.of();
        JsonNode data = Json.MAPPER.readTree(event.data());
        return switch (event.name()) {
            case "message_start" -> messageStart(data.path("message"));
            case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"));
            case "content_block_delta" -> blockDelta(data.path("index").asInt(), data.path("delta"));
            case "message_delta" -> messageDelta(data);
            case "message_stop" -> messageStop();
            case "error" -> error(data.path("error"));
            default -> List.of(); // ping, content_block_stop, unknown events: nothing to say in Chat
        };
    }

    /** True once the stream has ended, whole ({@code [DONE]} sent) or with an error. */
    public boolean finished() {
        return finished;
    }

    private List<byte[]> messageStart(JsonNode message) {
        id = ChatAnswers.chatId(message.path("id").asString(""));
        model = message.path("model").asString("");
        merge(message.path("usage"));
        return List.of(chunk(delta().put("role", "assistant").put("content", ""), null));
    }

    private List<byte[]> blockStart(int index, JsonNode block) {
        if (!"tool_use".equals(block.path("type").asString(""))) return List.of();
        int toolIndex = toolIndexByBlock.size();
        toolIndexByBlock.put(index, toolIndex);
        ObjectNode call = Json.MAPPER.createObjectNode().put("index", toolIndex).put("id", block.path("id").asString("")).put("type", "function");
        call.putObject("function").put("name", block.path("name").asString("")).put("arguments", "");
        ObjectNode delta = delta();
        delta.putArray("tool_calls").add(call);
        return List.of(chunk(delta, null));
    }

    private List<byte[]> blockDelta(int index, JsonNode delta) {
        return switch (delta.path("type").asString("")) {
            case "text_delta" -> List.of(chunk(delta().put("content", delta.path("text").asString("")), null));
            case "thinking_delta" -> List.of(chunk(delta().put("reasoning_content", delta.path("thinking").asString("")), null));
            case "input_json_delta" -> {
                Integer toolIndex = toolIndexByBlock.get(index);
                if (toolIndex == null) yield List.of();
                ObjectNode call = Json.MAPPER.createObjectNode().put("index", toolIndex);
                call.putObject("function").put("arguments", delta.path("partial_json").asString(""));
                ObjectNode d = delta();
                d.putArray("tool_calls").add(call);
                yield List.of(chunk(d, null));
            }
            default -> List.of();
        };
    }

    private List<byte[]> messageDelta(JsonNode data) {
        stopReason = data.path("delta").path("stop_reason").asString(stopReason);
        merge(data.path("usage"));
        return List.of();
    }

    private List<byte[]> messageStop() {
        finished = true;
        var out = new ArrayList<byte[]>();
        out.add(chunk(delta(), ChatAnswers.finishReason(stopReason)));
        if (includeUsage) {
            ObjectNode last = base();
            last.putArray("choices");
            last.set("usage", ChatAnswers.usage(usage));
            out.add(data(last));
        }
        out.add(DONE);
        return out;
    }

    private List<byte[]> error(JsonNode error) {
        finished = true;
        return List.of(data(ChatAnswers.error(error.path("type").asString("api_error"), error.path("message").asString(""), 500)));
    }

    /** Anthropic's usage is cumulative: later events repeat or raise the counts. */
    private void merge(JsonNode u) {
        if (!u.isObject()) return;
        for (var e : u.properties()) if (e.getValue().isNumber()) usage.put(e.getKey(), e.getValue().asLong());
    }

    private byte[] chunk(ObjectNode delta, String finishReason) {
        ObjectNode c = base();
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) choice.putNull("finish_reason");
        else choice.put("finish_reason", finishReason);
        return data(c);
    }

    private ObjectNode base() {
        return Json.MAPPER.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
    }

    private static ObjectNode delta() {
        return Json.MAPPER.createObjectNode();
    }

    private static byte[] data(ObjectNode json) {
        return ("data: " + Json.MAPPER.writeValueAsString(json) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
