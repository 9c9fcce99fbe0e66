package io.aismush.http.openai;

import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pieces of a Chat Completions answer made from an Anthropic one: a whole {@code chat.completion}, the usage
 * object, the finish reason, and errors in OpenAI's shape.
 */
public final class ChatAnswers {
    private ChatAnswers() {}

    /** end_turn/stop_sequence/pause_turn → stop, max_tokens/model_context_window_exceeded → length, tool_use → tool_calls, refusal → content_filter. */
    public static String finishReason(String stopReason) {
        return switch (stopReason == null ? "" : stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    /**
     * Anthropic's usage as Chat's: {@code prompt_tokens} includes cached tokens (Anthropic's {@code input_tokens}
     * excludes them), with the cache reads in {@code prompt_tokens_details.cached_tokens}.
     */
    public static ObjectNode usage(JsonNode anthropic) {
        long cacheRead = anthropic.path("cache_read_input_tokens").asLong(0);
        long prompt = anthropic.path("input_tokens").asLong(0) + anthropic.path("cache_creation_input_tokens").asLong(0) + cacheRead;
        long completion = anthropic.path("output_tokens").asLong(0);
        ObjectNode u = Json.MAPPER.createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        u.putObject("prompt_tokens_details").put("cached_tokens", cacheRead);
        return u;
    }

    /** A whole Anthropic message as a {@code chat.completion}. */
    public static ObjectNode completion(JsonNode message, long created) {
        ObjectNode out = Json.MAPPER.createObjectNode().put("id", chatId(message.path("id").asString("")))
                .put("object", "chat.completion").put("created", created).put("model", message.path("model").asString(""));
        ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
        ObjectNode msg = choice.putObject("message").put("role", "assistant");
        var text = new StringBuilder();
        var reasoning = new StringBuilder();
        ArrayNode calls = Json.MAPPER.createArrayNode();
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asString("")) {
                case "text" -> text.append(block.path("text").asString(""));
                case "thinking" -> reasoning.append(block.path("thinking").asString(""));
                case "tool_use" -> {
                    ObjectNode call = calls.addObject().put("id", block.path("id").asString("")).put("type", "function");
                    call.putObject("function").put("name", block.path("name").asString(""))
                            .put("arguments", Json.MAPPER.writeValueAsString(block.path("input")));
                }
                default -> { } // server-tool blocks and the like have no Chat equivalent
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) msg.putNull("content");
        else msg.put("content", text.toString());
        if (!reasoning.isEmpty()) msg.put("reasoning_content", reasoning.toString());
        if (!calls.isEmpty()) msg.set("tool_calls", calls);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(message.path("stop_reason").asString(null)));
        out.set("usage", usage(message.path("usage")));
        return out;
    }

    /**
     * An error in OpenAI's shape ({@code {"error":{"message","type","code"}}}) from an Anthropic-format one; any
     * other body is quoted as the message.
     */
    public static ObjectNode error(byte[] anthropicBody, int status) {
        String type = "api_error";
        String message = new String(anthropicBody, java.nio.charset.StandardCharsets.UTF_8);
        try {
            JsonNode e = Json.MAPPER.readTree(anthropicBody).path("error");
            if (e.isObject()) {
                type = e.path("type").asString(type);
                message = e.path("message").asString(message);
            }
        } catch (RuntimeException notJson) {
            // keeps the raw text
        }
        return error(type, message, status);
    }

    public static ObjectNode error(String type, String message, int status) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.putObject("error").put("message", message).put("type", type).put("code", String.valueOf(status)).putNull("param");
        return out;
    }

    /** Chat ids read {@code chatcmpl-…}; Anthropic's {@code msg_…} is kept inside, so logs can be matched. */
    static String chatId(String messageId) {
        return "chatcmpl-" + (messageId.isEmpty() ? Long.toHexString(System.nanoTime()) : messageId);
    }
}
