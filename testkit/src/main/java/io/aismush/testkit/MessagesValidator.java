package io.aismush.testkit;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a Messages API request body the way an upstream of a given {@link Flavour} does before it answers. Returns
 * every violation found (empty = the upstream accepts it), each naming the JSON path in Anthropic's dotted style
 * ({@code messages.3.content.0.text: ...}). Which block may appear where is checked by {@link BlockRules}; this
 * class checks the body, the order of messages and the pairing of tool calls with their results.
 *
 * <p>Stateless entry points; each call uses a fresh instance, so it is safe from any thread.
 */
public final class MessagesValidator {
    static final Pattern TOOL_USE_ID = Pattern.compile("^[a-zA-Z0-9_-]+$");
    static final int MAX_CACHE_MARKERS = 4;

    private final Flavour flavour;
    private final Set<String> thoughtBeforeToolUse;
    private final List<String> violations = new ArrayList<>();
    private final BlockRules blocks;

    private MessagesValidator(Flavour flavour, Set<String> thoughtBeforeToolUse) {
        this.flavour = flavour;
        this.thoughtBeforeToolUse = thoughtBeforeToolUse;
        this.blocks = new BlockRules(flavour, violations);
    }

    public static List<String> validate(Flavour flavour, byte[] body) {
        JsonNode root;
        try {
            root = AnthropicSse.JSON.readTree(body);
        } catch (JacksonException e) {
            return List.of("body: not valid JSON (" + e.getOriginalMessage() + ")");
        }
        return validate(flavour, root);
    }

    public static List<String> validate(Flavour flavour, JsonNode body) {
        return validate(flavour, body, Set.of());
    }

    /**
     * @param thoughtBeforeToolUse ids of tool_use blocks this upstream issued in a message that started with thinking.
     *                             With adaptive thinking the model may skip thinking, so only for these does the
     *                             last assistant message of the tool loop have to come back starting with its thinking
     *                             block; with {@code thinking.type:"enabled"} it always must.
     */
    public static List<String> validate(Flavour flavour, JsonNode body, Set<String> thoughtBeforeToolUse) {
        var validator = new MessagesValidator(flavour, thoughtBeforeToolUse);
        validator.checkBody(body);
        return List.copyOf(validator.violations);
    }

    private void checkBody(JsonNode body) {
        if (body == null || !body.isObject()) {
            violations.add("body: must be a JSON object");
            return;
        }
        for (String field : flavour.rejectedFields()) {
            if (body.has(field)) violations.add(field + ": Extra inputs are not permitted (unsupported by " + flavour + ")");
        }
        JsonNode model = body.path("model");
        if (!model.isString()) violations.add("model: Field required (a string)");
        else if (!flavour.acceptsModel().test(model.stringValue())) violations.add("model: unknown model " + model.stringValue());
        JsonNode maxTokens = body.path("max_tokens");
        if (!maxTokens.isIntegralNumber() || !maxTokens.canConvertToLong() || maxTokens.asLong() < 1) {
            violations.add("max_tokens: Field required (a positive integer)");
        }
        checkTools(body.path("tools"));
        checkSystem(body.path("system"));
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            violations.add("messages: Field required (a non-empty array)");
        } else {
            checkMessages(messages);
            checkToolPairing(messages);
            checkThinkingLeads(body.path("thinking").path("type").asString(""), messages);
        }
        if (blocks.cacheMarkers() > MAX_CACHE_MARKERS) {
            violations.add("A maximum of " + MAX_CACHE_MARKERS + " blocks with cache_control may be provided. Found "
                    + blocks.cacheMarkers() + ".");
        }
    }

    private void checkTools(JsonNode tools) {
        if (tools.isMissingNode()) return;
        if (!tools.isArray()) {
            violations.add("tools: must be an array");
            return;
        }
        var names = new HashSet<String>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String name = BlockRules.string(tool.path("name"));
            if (name == null || !flavour.toolName().matcher(name).matches()) {
                violations.add("tools." + i + ".name: String should match pattern '" + flavour.toolName().pattern() + "'");
            } else if (!names.add(name)) {
                violations.add("tools: Tool names must be unique (" + name + ")");
            }
            blocks.countCacheMarker(tool);
        }
    }

    private void checkSystem(JsonNode system) {
        if (system.isMissingNode() || system.isString()) return;
        if (!system.isArray()) {
            violations.add("system: must be a string or an array of text blocks");
            return;
        }
        for (int i = 0; i < system.size(); i++) {
            JsonNode block = system.get(i);
            if (!"text".equals(BlockRules.string(block.path("type")))) violations.add("system." + i + ".type: must be text");
            else blocks.check("system." + i, block, "system");
        }
    }

    private void checkMessages(JsonNode messages) {
        String previousRole = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String path = "messages." + i;
            String role = BlockRules.string(message.path("role"));
            boolean system = "system".equals(role);
            if (!"user".equals(role) && !"assistant".equals(role) && !(system && flavour.allowSystemMessages())) {
                violations.add(path + ".role: Input should be 'user' or 'assistant'" + (flavour.allowSystemMessages() ? " or 'system'" : ""));
                continue;
            }
            boolean finalAssistant = i == messages.size() - 1 && "assistant".equals(role);
            checkContent(path, message.path("content"), role, finalAssistant);
            if (system) continue; // system messages are folded into the system prompt; they take no part in the turn order
            if (previousRole == null && !"user".equals(role)) violations.add(path + ": first message must use the \"user\" role");
            if (role.equals(previousRole) && flavour.strictAlternation()) {
                violations.add(path + ": roles must alternate between \"user\" and \"assistant\", but found multiple \"" + role
                        + "\" roles in a row");
            }
            previousRole = role;
        }
    }

    private void checkContent(String path, JsonNode content, String role, boolean finalAssistant) {
        if (content.isString()) {
            if (content.stringValue().isBlank() && !finalAssistant) {
                violations.add(path + ": all messages must have non-empty content except for the optional final assistant message");
            }
        } else if (content.isArray()) {
            if (content.isEmpty() && !finalAssistant) {
                violations.add(path + ": all messages must have non-empty content except for the optional final assistant message");
            }
            for (int k = 0; k < content.size(); k++) blocks.check(path + ".content." + k, content.get(k), role);
        } else {
            violations.add(path + ".content: must be a string or an array of content blocks");
        }
    }

    /** Every tool_use is answered in the next message, and every tool_result answers the previous message. */
    private void checkToolPairing(JsonNode messages) {
        var seenIds = new HashSet<String>();
        List<Integer> turns = turnIndexes(messages);
        for (int t = 0; t < turns.size(); t++) {
            int i = turns.get(t);
            JsonNode message = messages.get(i);
            List<String> calls = ids(message, "tool_use", "id");
            for (String id : calls) if (!seenIds.add(id)) violations.add("messages." + i + ": tool_use ids must be unique (" + id + ")");
            if (!"assistant".equals(BlockRules.string(message.path("role"))) || calls.isEmpty()) continue;
            JsonNode next = t + 1 < turns.size() ? messages.get(turns.get(t + 1)) : null;
            List<String> answered = next == null ? List.of() : ids(next, "tool_result", "tool_use_id");
            var missing = calls.stream().filter(id -> !answered.contains(id)).toList();
            if (!missing.isEmpty()) {
                violations.add("messages." + i + ": `tool_use` ids were found without `tool_result` blocks immediately after: "
                        + String.join(", ", missing) + ". Each `tool_use` block must have a corresponding `tool_result` block in the next message.");
            }
        }
        for (int t = 0; t < turns.size(); t++) {
            int i = turns.get(t);
            List<String> results = ids(messages.get(i), "tool_result", "tool_use_id");
            if (results.isEmpty()) continue;
            List<String> calls = t == 0 ? List.of() : ids(messages.get(turns.get(t - 1)), "tool_use", "id");
            var orphans = results.stream().filter(id -> !calls.contains(id)).toList();
            if (!orphans.isEmpty()) {
                violations.add("messages." + i + ": unexpected `tool_use_id` found in `tool_result` blocks: " + String.join(", ", orphans)
                        + ". Each `tool_result` block must have a corresponding `tool_use` block in the previous message.");
            }
            if (new HashSet<>(results).size() != results.size()) violations.add("messages." + i + ": duplicate tool_result for one tool_use id");
            checkResultsComeFirst(i, messages.get(i).path("content"));
        }
    }

    private void checkResultsComeFirst(int i, JsonNode content) {
        boolean other = false;
        for (JsonNode block : content) {
            boolean result = "tool_result".equals(BlockRules.string(block.path("type")));
            if (result && other) {
                violations.add("messages." + i + ": tool_result blocks must come first in the content, before any other block");
                return;
            }
            other |= !result;
        }
    }

    /** With thinking on, the assistant message the newest tool results answer must start with its thinking. */
    private void checkThinkingLeads(String thinkingType, JsonNode messages) {
        if (!flavour.thinkingMustLead() || !(thinkingType.equals("enabled") || thinkingType.equals("adaptive"))) return;
        List<Integer> turns = turnIndexes(messages);
        if (turns.size() < 2) return;
        JsonNode last = messages.get(turns.getLast());
        if (ids(last, "tool_result", "tool_use_id").isEmpty()) return;
        int a = turns.get(turns.size() - 2);
        JsonNode assistant = messages.get(a);
        List<String> calls = ids(assistant, "tool_use", "id");
        if (!"assistant".equals(BlockRules.string(assistant.path("role"))) || calls.isEmpty()) return;
        boolean required = thinkingType.equals("enabled") || calls.stream().anyMatch(thoughtBeforeToolUse::contains);
        String first = BlockRules.string(assistant.path("content").path(0).path("type"));
        if (required && !"thinking".equals(first) && !"redacted_thinking".equals(first)) {
            violations.add("messages." + a + ".content.0.type: Expected `thinking` or `redacted_thinking`, but found `" + first
                    + "`. When `thinking` is enabled, a final `assistant` message must start with a thinking block "
                    + "(preceeding the lastmost set of `tool_use` and `tool_result` blocks).");
        }
    }

    /** Indexes of the user and assistant messages: the turns, without system messages. */
    private static List<Integer> turnIndexes(JsonNode messages) {
        var out = new ArrayList<Integer>();
        for (int i = 0; i < messages.size(); i++) {
            String role = BlockRules.string(messages.get(i).path("role"));
            if ("user".equals(role) || "assistant".equals(role)) out.add(i);
        }
        return out;
    }

    /** The values of {@code field} in the message's blocks of {@code type}, in order. */
    private static List<String> ids(JsonNode message, String type, String field) {
        var out = new ArrayList<String>();
        for (JsonNode block : message.path("content")) {
            if (type.equals(BlockRules.string(block.path("type")))) {
                String id = BlockRules.string(block.path(field));
                out.add(id == null ? "" : id);
            }
        }
        return out;
    }
}
