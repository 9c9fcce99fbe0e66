package io.aismush.providers.anthropic;

import io.aismush.providers.Signatures;
import io.aismush.providers.ToolNames;
import io.aismush.wire.EventSource;
import io.aismush.wire.Json;
import io.aismush.wire.SseEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * Reads an Anthropic-format stream from a foreign upstream and gives the client back what it must see: tool names
 * mapped back to the client's own, and thinking signatures marked with the issuing provider (so a later turn routed
 * elsewhere can drop them). Events that need no change pass through as they arrived.
 */
final class ForeignStreamRewriter implements EventSource {
    private final EventSource upstream;
    private final String provider;
    private final ToolNames names;

    ForeignStreamRewriter(EventSource upstream, String provider, ToolNames names) {
        this.upstream = upstream;
        this.provider = provider;
        this.names = names;
    }

    @Override
    public SseEvent next() throws IOException {
        SseEvent event = upstream.next();
        if (event == null || event.name() == null) return event;
        return switch (event.name()) {
            case "content_block_start" -> blockStart(event);
            case "content_block_delta" -> signatureDelta(event);
            default -> event;
        };
    }

    private SseEvent blockStart(SseEvent event) {
        JsonNode data = Json.MAPPER.readTree(event.data());
        JsonNode block = data.path("content_block");
        String type = block.path("type").asString("");
        if (type.equals("tool_use")) {
            ((ObjectNode) block).put("name", names.toClient(block.path("name").asString("")));
        } else if (type.equals("thinking") && !block.path("signature").asString("").isEmpty()) {
            ((ObjectNode) block).put("signature", Signatures.mark(provider, block.path("signature").asString("")));
        } else {
            return event;
        }
        return SseEvent.of(event.name(), Json.MAPPER.writeValueAsString(data));
    }

    private SseEvent signatureDelta(SseEvent event) {
        String data = event.data();
        if (data == null || !data.contains("signature_delta")) return event;
        JsonNode root = Json.MAPPER.readTree(data);
        JsonNode delta = root.path("delta");
        if (!"signature_delta".equals(delta.path("type").asString(""))) return event;
        ((ObjectNode) delta).put("signature", Signatures.mark(provider, delta.path("signature").asString("")));
        return SseEvent.of(event.name(), Json.MAPPER.writeValueAsString(root));
    }

    /** The same rewriting for a non-streamed message body. */
    static byte[] rewriteMessage(byte[] body, String provider, ToolNames names) {
        JsonNode root = Json.MAPPER.readTree(body);
        for (JsonNode block : root.path("content")) {
            String type = block.path("type").asString("");
            if (type.equals("tool_use")) ((ObjectNode) block).put("name", names.toClient(block.path("name").asString("")));
            if (type.equals("thinking")) ((ObjectNode) block).put("signature", Signatures.mark(provider, block.path("signature").asString("")));
        }
        return Json.MAPPER.writeValueAsBytes(root);
    }

    @Override
    public void close() throws IOException {
        upstream.close();
    }
}
