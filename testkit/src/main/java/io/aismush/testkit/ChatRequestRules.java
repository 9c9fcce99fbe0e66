package io.aismush.testkit;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The strictest reading of a Chat Completions request that real servers enforce somewhere: what OpenAI itself
 * rejects, plus what picky local chat templates choke on. A translator whose requests pass here works everywhere.
 */
public final class ChatRequestRules {
    private ChatRequestRules() {}

    public static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    /** The first rule the body breaks, or empty when it is a valid request. */
    public static Optional<String> violation(byte[] body) {
        JsonNode root;
        try {
            root = AnthropicSse.JSON.readTree(body);
        } catch (JacksonException e) {
            return Optional.of("We could not parse the JSON body of your request.");
        }
        if (!root.isObject()) return Optional.of("The request body must be a JSON object.");
        if (!root.path("model").isString() || root.path("model").asString().isBlank()) return Optional.of("you must provide a model parameter");
        JsonNode messages = root.path("messages");
        if (!messages.isArray() || messages.isEmpty()) return Optional.of("'messages' must contain at least one message");
        for (JsonNode tool : root.path("tools")) {
            if (!"function".equals(tool.path("type").asString(""))) return Optional.of("tools[].type must be 'function'");
            Optional<String> bad = badName(tool.path("function").path("name"), "tools[].function.name");
            if (bad.isPresent()) return bad;
        }
        JsonNode choice = root.path("tool_choice");
        if (choice.isObject()) {
            Optional<String> bad = badName(choice.path("function").path("name"), "tool_choice.function.name");
            if (bad.isPresent()) return bad;
        }
        return messages(messages);
    }

    private static Optional<String> messages(JsonNode messages) {
        Set<String> unanswered = new HashSet<>();
        boolean afterToolCalls = false;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asString("");
            String where = "messages[" + i + "]";
            if (!ROLES.contains(role)) return Optional.of(where + ".role: '" + role + "' is not one of ['system', 'assistant', 'user', 'tool']");
            if (role.equals("tool")) {
                String id = m.path("tool_call_id").asString("");
                if (!afterToolCalls || !unanswered.remove(id)) {
                    return Optional.of("Invalid parameter: " + where + " with role 'tool' must be a response to a preceeding message with 'tool_calls' (tool_call_id '" + id + "').");
                }
                if (!m.path("content").isString()) return Optional.of(where + ".content of a tool message must be a string");
                continue;
            }
            if (!unanswered.isEmpty()) {
                return Optional.of("An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: " + unanswered);
            }
            afterToolCalls = false;
            Optional<String> bad = content(m, role, where);
            if (bad.isPresent()) return bad;
            if (role.equals("assistant")) {
                for (JsonNode call : m.path("tool_calls")) {
                    bad = badName(call.path("function").path("name"), where + ".tool_calls[].function.name");
                    if (bad.isPresent()) return bad;
                    if (!call.path("function").path("arguments").isString()) return Optional.of(where + ".tool_calls[].function.arguments must be a string");
                    if (call.path("id").asString("").isEmpty()) return Optional.of(where + ".tool_calls[].id is missing");
                    unanswered.add(call.path("id").asString());
                }
                afterToolCalls = !unanswered.isEmpty();
            }
        }
        if (!unanswered.isEmpty()) return Optional.of("tool_call_ids without response messages: " + unanswered);
        return Optional.empty();
    }

    private static Optional<String> content(JsonNode m, String role, String where) {
        JsonNode content = m.path("content");
        boolean hasCalls = m.path("tool_calls").isArray() && !m.path("tool_calls").isEmpty();
        if (content.isNull() || content.isMissingNode()) {
            return role.equals("assistant") && hasCalls ? Optional.empty() : Optional.of(where + ".content is required");
        }
        if (content.isString()) {
            return content.asString().isBlank() && (role.equals("user") || role.equals("assistant"))
                    ? Optional.of(where + ".content must not be empty") : Optional.empty();
        }
        if (!content.isArray() || content.isEmpty()) return Optional.of(where + ".content must be a string or a non-empty array");
        for (JsonNode part : content) {
            String type = part.path("type").asString("");
            if (type.equals("text") && part.path("text").asString("").isBlank()) return Optional.of(where + ".content[].text must not be empty");
            if (type.equals("image_url") && !role.equals("user")) return Optional.of(where + ": image_url parts are only allowed in user messages");
            if (!type.equals("text") && !type.equals("image_url")) return Optional.of(where + ".content[].type '" + type + "' is not supported");
        }
        return Optional.empty();
    }

    private static Optional<String> badName(JsonNode name, String where) {
        return name.isString() && TOOL_NAME.matcher(name.asString()).matches()
                ? Optional.empty()
                : Optional.of("Invalid '" + where + "': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$' of at most 64 characters.");
    }
}
