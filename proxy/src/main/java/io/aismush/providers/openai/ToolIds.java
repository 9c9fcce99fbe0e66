package io.aismush.providers.openai;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Tool-use ids the client will accept. Anthropic requires {@code ^[a-zA-Z0-9_-]+$}, and some local servers issue
 * ids with dots, colons or spaces. A valid id is kept; any other one becomes its sanitised text, {@code _}, and a
 * short hash of the original: deterministic, so the same upstream id always gives the same client id, and two
 * different ids never collide. The client sends the sanitised id back in history, and upstreams accept any id
 * they are given there.
 */
public final class ToolIds {
    private ToolIds() {}

    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_-]+");

    /** The id to show the client for an upstream's tool-call id. */
    public static String sanitise(String upstreamId) {
        if (VALID.matcher(upstreamId).matches()) return upstreamId;
        var out = new StringBuilder(upstreamId.length() + 9);
        for (int i = 0; i < upstreamId.length(); i++) {
            char c = upstreamId.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            out.append(ok ? c : '_');
        }
        return out.append('_').append(hash(upstreamId)).toString();
    }

    /** An id for a tool call the upstream sent without one: the {@code ordinal}-th call of message {@code messageId}. */
    public static String generated(String messageId, int ordinal) {
        return "call_" + hash(messageId + "#" + ordinal);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
