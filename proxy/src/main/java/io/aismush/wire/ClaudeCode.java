package io.aismush.wire;

import tools.jackson.databind.JsonNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Facts about what Claude Code sends that several features read (PROTOCOL.md §1–2). */
public final class ClaudeCode {
    private ClaudeCode() {}

    private static final Pattern LEGACY_SESSION = Pattern.compile("_session_([0-9a-fA-F-]{36})$");

    /**
     * The session id: the {@code X-Claude-Code-Session-Id} header, else the one inside {@code metadata.user_id}
     * (a JSON object serialised into a string since 2.1.78, or {@code user_<hex>_account_<uuid>_session_<uuid>}).
     */
    public static String sessionId(Headers headers, String userId) {
        var header = headers.first("x-claude-code-session-id");
        if (header.isPresent() && !header.get().isBlank()) return header.get();
        if (userId == null || userId.isBlank()) return null;
        if (userId.startsWith("{")) {
            try {
                JsonNode n = Json.MAPPER.readTree(userId);
                String id = n.path("session_id").asString(null);
                return id == null || id.isBlank() ? null : id;
            } catch (RuntimeException e) {
                return null;
            }
        }
        Matcher m = LEGACY_SESSION.matcher(userId);
        return m.find() ? m.group(1) : null;
    }
}
