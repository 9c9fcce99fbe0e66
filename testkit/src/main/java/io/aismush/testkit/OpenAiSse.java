package io.aismush.testkit;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds OpenAI Chat Completions answers as compatible servers send them: {@code data:} chunks ending in
 * {@code data: [DONE]}, non-streamed completions, error bodies, and the recorded transcripts under
 * {@code fixtures/openai/}.
 */
public final class OpenAiSse {
    private OpenAiSse() {}

    public static final String DONE = "data: [DONE]\n\n";
    public static final String KEEP_ALIVE = ": keep-alive\n\n";

    /** Token counts as Chat reports them: {@code prompt} includes {@code cached}. */
    public record Tokens(long prompt, long completion, long cached) {
        public static final Tokens SMALL = new Tokens(20, 8, 0);
    }

    /** One tool call of a fake answer; its arguments are streamed in {@code pieces}. */
    public record Call(String id, String name, List<String> pieces) {
        public String arguments() {
            return String.join("", pieces);
        }
    }

    // ---- chunks ----

    public static String data(ObjectNode chunk) {
        return "data: " + AnthropicSse.JSON.writeValueAsString(chunk) + "\n\n";
    }

    /** A chunk with one choice whose delta is {@code delta}, and an optional finish_reason. */
    public static ObjectNode chunk(String id, String model, ObjectNode delta, String finishReason) {
        ObjectNode chunk = obj().put("id", id).put("object", "chat.completion.chunk").put("created", 1764000000L).put("model", model);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) choice.putNull("finish_reason");
        else choice.put("finish_reason", finishReason);
        return chunk;
    }

    /** The include_usage chunk: empty choices and the usage. */
    public static ObjectNode usageChunk(String id, String model, Tokens tokens) {
        ObjectNode chunk = obj().put("id", id).put("object", "chat.completion.chunk").put("created", 1764000000L).put("model", model);
        chunk.putArray("choices");
        chunk.set("usage", usage(tokens));
        return chunk;
    }

    public static ObjectNode usage(Tokens t) {
        ObjectNode u = obj().put("prompt_tokens", t.prompt()).put("completion_tokens", t.completion())
                .put("total_tokens", t.prompt() + t.completion());
        u.putObject("prompt_tokens_details").put("cached_tokens", t.cached());
        return u;
    }

    public static ObjectNode delta() {
        return obj();
    }

    // ---- whole answers ----

    /** A streamed text answer in pieces of 8 characters, with a final usage chunk. */
    public static List<String> textStream(String model, String text, Tokens tokens) {
        String id = "chatcmpl-text";
        var events = new ArrayList<String>();
        events.add(data(chunk(id, model, delta().put("role", "assistant").put("content", ""), null)));
        for (String piece : AnthropicSse.pieces(text, 8)) events.add(data(chunk(id, model, delta().put("content", piece), null)));
        events.add(data(chunk(id, model, delta(), "stop")));
        events.add(data(usageChunk(id, model, tokens)));
        events.add(DONE);
        return events;
    }

    /** Reasoning first ({@code reasoning_content}), then the answer's text. */
    public static List<String> reasoningThenText(String model, String reasoning, String text, Tokens tokens) {
        String id = "chatcmpl-reason";
        var events = new ArrayList<String>();
        events.add(data(chunk(id, model, delta().put("role", "assistant"), null)));
        for (String piece : AnthropicSse.pieces(reasoning, 8)) events.add(data(chunk(id, model, delta().put("reasoning_content", piece), null)));
        for (String piece : AnthropicSse.pieces(text, 8)) events.add(data(chunk(id, model, delta().put("content", piece), null)));
        events.add(data(chunk(id, model, delta(), "stop")));
        events.add(data(usageChunk(id, model, tokens)));
        events.add(DONE);
        return events;
    }

    /**
     * Tool calls, streamed one after another: the first fragment of each carries id, type and name, later ones
     * only argument pieces. With {@code reuseIndexZero}, every call uses index 0 and only its id tells it apart.
     */
    public static List<String> toolCalls(String model, List<Call> calls, boolean reuseIndexZero, Tokens tokens) {
        String id = "chatcmpl-tools";
        var events = new ArrayList<String>();
        events.add(data(chunk(id, model, delta().put("role", "assistant"), null)));
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            int index = reuseIndexZero ? 0 : i;
            for (int p = 0; p < Math.max(1, call.pieces().size()); p++) {
                ObjectNode fragment = obj().put("index", index);
                ObjectNode function = obj();
                if (p == 0) {
                    fragment.put("id", call.id()).put("type", "function");
                    function.put("name", call.name());
                }
                function.put("arguments", call.pieces().isEmpty() ? "" : call.pieces().get(p));
                fragment.set("function", function);
                ObjectNode delta = delta();
                ArrayNode list = delta.putArray("tool_calls");
                list.add(fragment);
                events.add(data(chunk(id, model, delta, null)));
            }
        }
        events.add(data(chunk(id, model, delta(), "tool_calls")));
        events.add(data(usageChunk(id, model, tokens)));
        events.add(DONE);
        return events;
    }

    /** The same stream with a keep-alive comment (and a bare blank line) before every event. */
    public static List<String> withKeepAlives(List<String> events) {
        var out = new ArrayList<String>();
        for (String e : events) {
            out.add(KEEP_ALIVE);
            out.add("\n");
            out.add(e);
        }
        return out;
    }

    /** A non-streamed completion with text, optional reasoning and tool calls. */
    public static String completion(String model, String reasoning, String text, List<Call> calls, String finishReason, Tokens tokens) {
        ObjectNode root = obj().put("id", "chatcmpl-whole").put("object", "chat.completion").put("created", 1764000000L).put("model", model);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (text == null) message.putNull("content");
        else message.put("content", text);
        if (reasoning != null) message.put("reasoning_content", reasoning);
        if (!calls.isEmpty()) {
            ArrayNode list = message.putArray("tool_calls");
            for (Call c : calls) {
                list.addObject().put("id", c.id()).put("type", "function").putObject("function")
                        .put("name", c.name()).put("arguments", c.arguments());
            }
        }
        choice.put("finish_reason", finishReason);
        root.set("usage", usage(tokens));
        return AnthropicSse.JSON.writeValueAsString(root);
    }

    /** An OpenAI error body: {@code {"error":{"message","type","code"}}}. */
    public static String errorBody(String message, String type, String code) {
        ObjectNode root = obj();
        ObjectNode error = root.putObject("error").put("message", message).put("type", type);
        if (code == null) error.putNull("code");
        else error.put("code", code);
        return AnthropicSse.JSON.writeValueAsString(root);
    }

    // ---- fixtures ----

    /** The text of {@code fixtures/openai/<name>}. */
    public static String fixtureText(String name) {
        String path = "/fixtures/openai/" + name;
        try (InputStream in = OpenAiSse.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture's events, each with its terminating blank line, as a fake sends them one write at a time. */
    public static List<String> fixtureEvents(String name) {
        String text = fixtureText(name).replace("\r\n", "\n");
        var events = new ArrayList<String>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf("\n\n", start);
            if (end < 0) {
                if (!text.substring(start).isBlank()) events.add(text.substring(start) + "\n\n");
                break;
            }
            events.add(text.substring(start, end + 2));
            start = end + 2;
        }
        return events;
    }

    static ObjectNode obj() {
        return AnthropicSse.JSON.createObjectNode();
    }
}
