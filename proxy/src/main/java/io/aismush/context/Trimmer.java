package io.aismush.context;

import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Shrinks a Messages request on whole turns: first old tool results are replaced by a short marker (their tool_use
 * stays paired), then, if that is not enough, whole turns after the first user message are dropped, an assistant
 * message with the user message that answers it at a time, so no tool_use loses its result and roles keep
 * alternating. The first user turn and the latest turns are never touched; one note in the first user turn says
 * what was elided. Everything it writes is a function of the content and the {@link Cut}, so re-applying a cut gives
 * the same bytes. Stateless and thread-safe.
 */
final class Trimmer {
    /** Messages at the end that are never trimmed (besides the whole current tool loop's last step). */
    static final int KEEP_LATEST = 6;

    /**
     * Applies {@code cut} to {@code request} (in place), then extends it until the estimate is at most {@code target}
     * tokens, when it is above {@code threshold}. Returns the cut now in force.
     */
    Cut trim(ObjectNode request, Cut cut, TokenEstimator tokens, long threshold, long target) {
        JsonNode node = request.path("messages");
        if (!node.isArray()) return cut;
        ArrayNode messages = (ArrayNode) node;
        int first = firstUser(messages);
        if (first < 0) return cut;
        Set<String> elided = new LinkedHashSet<>(cut.elided());
        String anchor = cut.anchor();
        int dropped = 0;
        if (anchor != null) {
            int anchorIndex = find(messages, anchor, first);
            if (anchorIndex < 0) { // the conversation is not the one cut (Claude Code compacted it): start over
                elided.clear();
                anchor = null;
            } else {
                dropped = drop(messages, first, anchorIndex);
            }
        }
        int protectedFrom = protectedFrom(messages);
        for (int i = first + 1; i < protectedFrom; i++) elide(messages.get(i), elided);
        long estimate = estimate(request, tokens);
        if (estimate > threshold) {
            for (int i = first + 1; i < protectedFrom && estimate > target; i++) estimate -= saved(messages.get(i), elided, tokens);
            if (estimate > target) {
                int chosen = -1;
                long removed = 0;
                for (int a = first + 1; a < protectedFrom; a++) {
                    if (isTurnStart(messages, a, first)) {
                        chosen = a;
                        if (estimate - removed <= target) break;
                    }
                    if (!"system".equals(role(messages.get(a)))) removed += tokens.estimate(Json.MAPPER.writeValueAsBytes(messages.get(a)));
                }
                if (chosen > 0) {
                    anchor = fingerprint(messages.get(chosen));
                    dropped += drop(messages, first, chosen);
                }
            }
        }
        if (dropped > 0) note((ObjectNode) messages.get(first), dropped);
        return new Cut(Set.copyOf(elided), anchor, dropped);
    }

    static long estimate(ObjectNode request, TokenEstimator tokens) {
        return tokens.estimate(Json.MAPPER.writeValueAsBytes(request));
    }

    private static int firstUser(ArrayNode messages) {
        for (int i = 0; i < messages.size(); i++) if ("user".equals(role(messages.get(i)))) return i;
        return -1;
    }

    /** The latest messages, and the whole last assistant step with its results, are kept intact. */
    private static int protectedFrom(ArrayNode messages) {
        int from = Math.max(0, messages.size() - KEEP_LATEST);
        for (int i = messages.size() - 1; i >= 0 && i >= from - 2; i--) {
            if ("assistant".equals(role(messages.get(i)))) return Math.min(from, i);
        }
        return from;
    }

    /** A place a kept part may start after dropped turns: an assistant message right after a user message. */
    private static boolean isTurnStart(ArrayNode messages, int a, int first) {
        if (a <= first + 1 || !"assistant".equals(role(messages.get(a)))) return false;
        for (int k = a - 1; k > first; k--) {
            String r = role(messages.get(k));
            if (r.equals("system")) continue;
            return r.equals("user");
        }
        return false;
    }

    /** Replaces the content of the results of elided calls; returns nothing, the cut names them. */
    private static void elide(JsonNode message, Set<String> elided) {
        for (JsonNode block : message.path("content")) {
            if ("tool_result".equals(block.path("type").asString("")) && elided.contains(block.path("tool_use_id").asString(""))) {
                replaceResult((ObjectNode) block);
            }
        }
    }

    /** Elides every not yet elided result in the message; returns the tokens saved. */
    private static long saved(JsonNode message, Set<String> elided, TokenEstimator tokens) {
        long saved = 0;
        for (JsonNode block : message.path("content")) {
            String id = block.path("tool_use_id").asString("");
            if (!"tool_result".equals(block.path("type").asString("")) || elided.contains(id)) continue;
            long before = tokens.estimate(Json.MAPPER.writeValueAsBytes(block));
            replaceResult((ObjectNode) block);
            elided.add(id);
            saved += before - tokens.estimate(Json.MAPPER.writeValueAsBytes(block));
        }
        return saved;
    }

    private static void replaceResult(ObjectNode block) {
        JsonNode content = block.path("content");
        if (content.isString() && content.asString().startsWith(ELIDED)) return;
        int chars = content.isString() ? content.asString().length() : Json.MAPPER.writeValueAsString(content).length();
        block.put("content", ELIDED + String.format("%,d", chars) + " characters) was elided by the proxy to fit the"
                + " context window. Run the tool again if you need it.]");
    }

    static final String ELIDED = "[aismush: this tool result (";

    /** Removes the non-system messages between the first user message and the anchor; returns how many. */
    private static int drop(ArrayNode messages, int first, int anchorIndex) {
        int dropped = 0;
        for (int i = anchorIndex - 1; i > first; i--) {
            if ("system".equals(role(messages.get(i)))) continue;
            messages.remove(i);
            dropped++;
        }
        return dropped;
    }

    private static void note(ObjectNode firstUser, int dropped) {
        JsonNode content = firstUser.path("content");
        ArrayNode blocks;
        if (content.isArray()) {
            blocks = (ArrayNode) content;
        } else {
            blocks = Json.MAPPER.createArrayNode();
            blocks.addObject().put("type", "text").put("text", content.asString(""));
            firstUser.set("content", blocks);
        }
        blocks.addObject().put("type", "text").put("text", "[aismush: " + dropped + " earlier messages of this conversation"
                + " (after this first request) were elided by the proxy to fit the context window. Files read or changed"
                + " in them may have changed since: Read them again before relying on them.]");
    }

    private static int find(ArrayNode messages, String anchor, int first) {
        for (int i = first + 1; i < messages.size(); i++) if (anchor.equals(fingerprint(messages.get(i)))) return i;
        return -1;
    }

    /** Identifies a message across turns: its role and tool ids, or the start of its text. */
    static String fingerprint(JsonNode message) {
        var ids = new ArrayList<String>();
        var text = new StringBuilder();
        JsonNode content = message.path("content");
        if (content.isString()) text.append(content.asString());
        for (JsonNode b : content) {
            if (b.has("id")) ids.add(b.path("id").asString(""));
            if (b.has("text") && text.length() < 200) text.append(b.path("text").asString(""));
            if (b.has("thinking") && text.length() < 200) text.append(b.path("thinking").asString(""));
        }
        String t = text.length() > 200 ? text.substring(0, 200) : text.toString();
        return role(message) + "|" + String.join(",", ids) + "|" + t.hashCode();
    }

    static String role(JsonNode message) {
        return message.path("role").asString("");
    }

    static List<String> roles(ArrayNode messages) {
        var out = new ArrayList<String>();
        for (JsonNode m : messages) out.add(role(m));
        return out;
    }
}
