package io.aismush.memory;

import io.aismush.wire.Json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Adds one text block, without a cache marker, as the last block of a Messages body's {@code system}. Everything
 * before it keeps its bytes: the tools and Claude Code's marked system blocks come first in the cache's order
 * (tools → system → messages), so their cached prefixes still hit, and the block itself, identical on every request
 * of a session, becomes part of the prefix the newest message's marker caches. A string {@code system} becomes
 * {@code [{"type":"text","text":<string>}, block]}; a body without one gets {@code "system":[block]}.
 */
final class SystemSplice {
    private SystemSplice() {}

    /** The block as JSON, ready to splice; computed once per session. */
    static byte[] blockJson(String text) {
        var node = Json.MAPPER.createObjectNode().put("type", "text").put("text", text);
        return Json.MAPPER.writeValueAsBytes(node);
    }

    static byte[] insert(byte[] body, BodyLayout at, byte[] block) {
        var out = new ByteArrayOutputStream(body.length + block.length + 64);
        if (at.systemStart() < 0) {
            out.write(body, 0, at.rootEnd());
            out.writeBytes(",\"system\":[".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(block);
            out.write(']');
            out.write(body, at.rootEnd(), body.length - at.rootEnd());
        } else if (at.systemArray()) {
            int close = at.systemEnd() - 1; // the array's ']'
            out.write(body, 0, close);
            if (!at.systemEmpty()) out.write(',');
            out.writeBytes(block);
            out.write(body, close, body.length - close);
        } else {
            out.write(body, 0, at.systemStart());
            out.writeBytes("[{\"type\":\"text\",\"text\":".getBytes(StandardCharsets.US_ASCII));
            out.write(body, at.systemStart(), at.systemEnd() - at.systemStart());
            out.writeBytes("},".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(block);
            out.write(']');
            out.write(body, at.systemEnd(), body.length - at.systemEnd());
        }
        return out.toByteArray();
    }
}
