package io.aismush.http.openai;

import io.aismush.providers.openai.ToolIds;
import io.aismush.wire.ApiError;
import io.aismush.wire.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates an OpenAI Chat Completions request into an Anthropic Messages request (the hub format), so an
 * OpenAI-format client goes through the same pipeline as Claude Code. A pure function of the request: the same
 * conversation always gives the same bytes, so prompt caches keep hitting.
 *
 * <p>{@code system}/{@code developer} messages → {@code system}; assistant {@code tool_calls} → {@code tool_use}
 * blocks (arguments parsed); {@code role:"tool"} messages → {@code tool_result} blocks in one user message,
 * followed by any user content of the next message; images (data URLs or links) → image blocks; {@code tools},
 * {@code tool_choice}, {@code stop}, {@code temperature}, {@code top_p}, {@code max_(completion_)tokens}.
 */
public final class ChatToMessages {
    /** Anthropic requires {@code max_tokens}; Chat does not. */
    static final int DEFAULT_MAX_TOKENS = 8192;

    private ChatToMessages() {}

    /** @throws ApiError.Failure 400 when the request is not a usable Chat request */
    public static ObjectNode translate(JsonNode chat) {
        if (!chat.isObject()) throw invalid("request body must be a JSON object");
        if (!chat.path("model").isString()) throw invalid("'model' is required");
        if (!chat.path("messages").isArray() || chat.path("messages").isEmpty()) throw invalid("'messages' must be a non-empty array");
        ObjectNode out = Json.MAPPER.createObjectNode().put("model", chat.path("model").asString());
        ArrayNode system = Json.MAPPER.createArrayNode();
        ArrayNode messages = out.putArray("messages");
        for (JsonNode m : chat.path("messages")) {
            String role = m.path("role").asString("");
            switch (role) {
                case "system", "developer" -> addText(system, textOf(m.path("content")));
                case "user" -> append(messages, "user", userContent(m.path("content")));
                case "assistant" -> append(messages, "assistant", assistantContent(m));
                case "tool" -> append(messages, "user", toolResult(m));
                default -> throw invalid("unsupported message role '" + role + "'");
            }
        }
        if (!system.isEmpty()) out.set("system", system);
        long max = chat.path("max_completion_tokens").asLong(chat.path("max_tokens").asLong(DEFAULT_MAX_TOKENS));
        out.put("max_tokens", max > 0 ? max : DEFAULT_MAX_TOKENS);
        copyNumber(chat, out, "temperature", "temperature");
        copyNumber(chat, out, "top_p", "top_p");
        stopSequences(chat.path("stop"), out);
        tools(chat, out);
        if (chat.path("stream").asBoolean(false)) out.put("stream", true);
        return out;
    }

    private static ArrayNode userContent(JsonNode content) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        if (content.isString()) {
            addText(blocks, content.asString());
            return blocks;
        }
        for (JsonNode part : content) {
            switch (part.path("type").asString("")) {
                case "text" -> addText(blocks, part.path("text").asString(""));
                case "image_url" -> blocks.add(image(part.path("image_url").path("url").asString("")));
                default -> throw invalid("unsupported content part type '" + part.path("type").asString("") + "'");
            }
        }
        return blocks;
    }

    private static ObjectNode image(String url) {
        ObjectNode block = Json.MAPPER.createObjectNode().put("type", "image");
        ObjectNode source = block.putObject("source");
        int comma = url.indexOf(',');
        if (url.startsWith("data:") && comma > 0 && url.substring(0, comma).endsWith(";base64")) {
            source.put("type", "base64").put("media_type", url.substring(5, comma - ";base64".length())).put("data", url.substring(comma + 1));
        } else {
            source.put("type", "url").put("url", url);
        }
        return block;
    }

    private static ArrayNode assistantContent(JsonNode m) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        addText(blocks, textOf(m.path("content")));
        for (JsonNode call : m.path("tool_calls")) {
            ObjectNode use = blocks.addObject().put("type", "tool_use").put("id", ToolIds.sanitise(call.path("id").asString("call")))
                    .put("name", call.path("function").path("name").asString(""));
            use.set("input", arguments(call.path("function").path("arguments")));
        }
        return blocks;
    }

    private static ArrayNode toolResult(JsonNode m) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        ObjectNode result = blocks.addObject().put("type", "tool_result").put("tool_use_id", ToolIds.sanitise(m.path("tool_call_id").asString("call")));
        String text = textOf(m.path("content"));
        if (!text.isEmpty()) result.put("content", text);
        return blocks;
    }

    /** Adds blocks to the last message when it has the same role (Anthropic wants roles to alternate), else a new message. */
    private static void append(ArrayNode messages, String role, ArrayNode blocks) {
        if (blocks.isEmpty()) return;
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && role.equals(last.path("role").asString())) {
            ((ArrayNode) last.path("content")).addAll(blocks);
            return;
        }
        messages.addObject().put("role", role).set("content", blocks);
    }

    private static JsonNode arguments(JsonNode raw) {
        if (raw.isObject()) return raw;
        String text = raw.asString("");
        if (text.isBlank()) return Json.MAPPER.createObjectNode();
        try {
            JsonNode parsed = Json.MAPPER.readTree(text);
            if (parsed.isObject()) return parsed;
        } catch (JacksonException e) {
            // kept as text below: the tool reports the problem to the model
        }
        return Json.MAPPER.createObjectNode().put("arguments", text);
    }

    private static void tools(JsonNode chat, ObjectNode out) {
        JsonNode tools = chat.path("tools");
        if (tools.isArray() && !tools.isEmpty()) {
            ArrayNode list = out.putArray("tools");
            for (JsonNode t : tools) {
                JsonNode f = t.path("function");
                ObjectNode tool = list.addObject().put("name", f.path("name").asString(""));
                if (f.path("description").isString()) tool.put("description", f.path("description").asString());
                tool.set("input_schema", f.path("parameters").isObject() ? f.path("parameters")
                        : Json.MAPPER.createObjectNode().put("type", "object"));
            }
        }
        JsonNode choice = chat.path("tool_choice");
        ObjectNode tc = null;
        if (choice.isString()) {
            tc = switch (choice.asString()) {
                case "required" -> Json.MAPPER.createObjectNode().put("type", "any");
                case "none" -> Json.MAPPER.createObjectNode().put("type", "none");
                default -> Json.MAPPER.createObjectNode().put("type", "auto");
            };
        } else if (choice.isObject()) {
            tc = Json.MAPPER.createObjectNode().put("type", "tool").put("name", choice.path("function").path("name").asString(""));
        }
        if (chat.path("parallel_tool_calls").isBoolean() && !chat.path("parallel_tool_calls").asBoolean() && out.has("tools")) {
            if (tc == null) tc = Json.MAPPER.createObjectNode().put("type", "auto");
            tc.put("disable_parallel_tool_use", true);
        }
        if (tc != null && (out.has("tools") || "none".equals(tc.path("type").asString()))) out.set("tool_choice", tc);
    }

    private static void stopSequences(JsonNode stop, ObjectNode out) {
        if (stop.isString()) out.putArray("stop_sequences").add(stop.asString());
        else if (stop.isArray() && !stop.isEmpty()) {
            ArrayNode list = out.putArray("stop_sequences");
            for (JsonNode s : stop) list.add(s.asString(""));
        }
    }

    private static void copyNumber(JsonNode from, ObjectNode to, String name, String as) {
        if (from.path(name).isNumber()) to.set(as, from.path(name));
    }

    /** Anthropic refuses empty text blocks: empty text is left out. */
    private static void addText(ArrayNode blocks, String text) {
        if (!text.isEmpty()) blocks.addObject().put("type", "text").put("text", text);
    }

    /** A string content, or the text parts of an array content joined. */
    static String textOf(JsonNode content) {
        if (content.isString()) return content.asString();
        var sb = new StringBuilder();
        for (JsonNode part : content) if (part.path("text").isString()) sb.append(part.path("text").asString());
        return sb.toString();
    }

    private static ApiError.Failure invalid(String message) {
        return new ApiError.Failure(ApiError.invalidRequest(message));
    }
}
