package io.aismush.metering;

import io.aismush.pipeline.RequestBody;
import io.aismush.wire.JsonCursor;
import io.aismush.wire.Outline;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the project a session works on: the working directory Claude Code states in its prompt ("Primary working
 * directory: /home/dev/shop" in its environment block). The body is scanned only until a session's directory is
 * found (at most {@value #ATTEMPTS} requests per session), so the cost on the request path is one scan per session,
 * not per request. Remembers a bounded number of sessions. Thread-safe.
 */
public final class Projects {
    private static final Pattern WORKING_DIR = Pattern.compile("(?i)working directory: ?([^\\\\\"<\\n]{1,400})");
    private static final int ATTEMPTS = 3;
    private static final String UNKNOWN = "";

    private final Map<String, Object> bySession;

    public Projects(int maxSessions) {
        this.bySession = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > maxSessions;
            }
        };
    }

    /** The session's project, scanning {@code body} if it is not known yet; null when unknown. */
    public String find(String sessionId, RequestBody body) {
        if (sessionId == null) return null;
        Object known;
        synchronized (this) {
            known = bySession.get(sessionId);
        }
        if (known instanceof String s) return s.isEmpty() ? null : s;
        int tried = known == null ? 0 : (Integer) known;
        String found = scan(body);
        synchronized (this) {
            bySession.put(sessionId, found != null ? found : tried + 1 >= ATTEMPTS ? UNKNOWN : (Object) (tried + 1));
        }
        return found;
    }

    /**
     * The working directory stated where Claude Code states it: its {@code role: "system"} environment message, else the
     * system prompt, else (other clients) the first message. Tool results and the rest of the history are not read: a
     * directory named there is not the session's, and a long history made this a scan of the whole body.
     */
    static String scan(RequestBody body) {
        byte[] bytes;
        Outline outline;
        try {
            bytes = body.bytes();
            outline = body.outline();
        } catch (IllegalStateException released) {
            return null;
        } catch (IllegalArgumentException notJson) {
            return null;
        }
        if (outline == null || !outline.regular()) return scan(bytes, new JsonCursor.Span(0, bytes.length));
        for (int m = 0; m < outline.messageCount(); m++) {
            if (!outline.roleIs(m, "system")) continue;
            String found = scan(bytes, outline.message(m));
            if (found != null) return found;
        }
        Outline.Member system = outline.member("system");
        String found = system == null ? null : scan(bytes, system.value());
        if (found == null && outline.messageCount() > 0) found = scan(bytes, outline.message(0));
        return found;
    }

    private static String scan(byte[] bytes, JsonCursor.Span where) {
        // ISO-8859-1 maps bytes one to one (no decoding work); paths are re-decoded as UTF-8 below.
        Matcher m = WORKING_DIR.matcher(new String(bytes, where.start(), where.length(), StandardCharsets.ISO_8859_1));
        if (!m.find()) return null;
        String raw = m.group(1).strip();
        return raw.isEmpty() ? null : new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
