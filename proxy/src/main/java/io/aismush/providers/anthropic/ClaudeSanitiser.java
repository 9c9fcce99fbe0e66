package io.aismush.providers.anthropic;

import io.aismush.pipeline.RequestBody;
import io.aismush.providers.Signatures;
import io.aismush.wire.Json;
import io.aismush.wire.Outline;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes a conversation that other providers took part in acceptable to Anthropic again: thinking blocks whose
 * signature Anthropic did not issue are dropped (Anthropic rejects them), and so are empty text blocks. If that
 * leaves the current tool loop's last assistant message without its leading thinking block while thinking is on,
 * thinking is turned off for this turn (with the context-management edit that needs it), since Anthropic requires
 * that block. A request with nothing to fix is not touched, so it keeps its exact bytes. Pure and deterministic.
 */
final class ClaudeSanitiser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ClaudeSanitiser() {}

    /** The bytes to send: the body's own bytes when nothing needs fixing, else a rewritten copy. */
    static byte[] sanitise(RequestBody requestBody) {
        byte[] body = requestBody.bytes();
        boolean suspect;
        try {
            Outline outline = requestBody.outline();
            suspect = outline != null && (!outline.regular() || suspect(outline));
        } catch (IllegalArgumentException e) {
            return body; // not JSON: Anthropic will say so
        }
        return suspect ? rewrite(body) : body;
    }

    /**
     * Whether a message carries a block {@link #clean} may drop: a thinking block with a marked signature, or a text
     * block whose text is not a non-empty string. The outline answers without reading the rest of the body.
     */
    private static boolean suspect(Outline o) {
        for (int p = 0; p < o.partCount(); p++) {
            if (o.kind(p) != Outline.PartKind.BLOCK) continue;
            if (o.stringIs(o.type(p), "thinking") && !"anthropic".equals(Signatures.issuer(o.string(o.signature(p), null)))) return true;
            if (o.stringIs(o.type(p), "text") && o.string(o.text(p), "").isEmpty()) return true;
        }
        return false;
    }

    private static byte[] rewrite(byte[] body) {
        ObjectNode request = (ObjectNode) Json.MAPPER.readTree(body);
        boolean changed = false;
        for (JsonNode message : request.path("messages")) changed |= clean((ObjectNode) message);
        if (!changed) return body;
        if (thinkingOn(request) && lastLoopAssistantLacksThinking(request)) {
            request.set("thinking", NODES.objectNode().put("type", "disabled"));
            JsonNode edits = request.path("context_management").path("edits");
            if (edits.isArray()) {
                ArrayNode kept = NODES.arrayNode();
                for (JsonNode e : edits) if (!e.path("type").asString("").startsWith("clear_thinking")) kept.add(e);
                if (kept.isEmpty()) request.remove("context_management");
                else ((ObjectNode) request.path("context_management")).set("edits", kept);
            }
        }
        return Json.MAPPER.writeValueAsBytes(request);
    }

    private static boolean clean(ObjectNode message) {
        JsonNode content = message.path("content");
        if (!content.isArray()) return false;
        ArrayNode kept = NODES.arrayNode();
        boolean changed = false;
        for (JsonNode block : content) {
            String type = block.path("type").asString("");
            boolean foreignThinking = type.equals("thinking") && !"anthropic".equals(Signatures.issuer(block.path("signature").asString(null)));
            boolean emptyText = type.equals("text") && block.path("text").asString("").isEmpty();
            if (foreignThinking || emptyText) changed = true;
            else kept.add(block);
        }
        if (!changed) return false;
        if (kept.isEmpty()) kept.addObject().put("type", "text").put("text", "(empty)");
        message.set("content", kept);
        return true;
    }

    private static boolean thinkingOn(ObjectNode request) {
        String type = request.path("thinking").path("type").asString("");
        return type.equals("enabled") || type.equals("adaptive");
    }

    /** Anthropic's rule: in a tool loop, the last assistant message must start with its thinking block. */
    private static boolean lastLoopAssistantLacksThinking(ObjectNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if (!"assistant".equals(m.path("role").asString(""))) continue;
            JsonNode first = m.path("content").path(0);
            boolean hasToolUse = false;
            for (JsonNode b : m.path("content")) hasToolUse |= "tool_use".equals(b.path("type").asString(""));
            return hasToolUse && !"thinking".equals(first.path("type").asString("")) && !"redacted_thinking".equals(first.path("type").asString(""));
        }
        return false;
    }

}
