package io.aismush.metering;

import io.aismush.pipeline.RequestBody;

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

    /** The first working directory stated in a JSON request body, or null. */
    static String scan(RequestBody body) {
        byte[] bytes;
        try {
            bytes = body.bytes();
        } catch (IllegalStateException released) {
            return null;
        }
        // ISO-8859-1 maps bytes one to one (no decoding work); paths are re-decoded as UTF-8 below.
        Matcher m = WORKING_DIR.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        if (!m.find()) return null;
        String raw = m.group(1).strip();
        return raw.isEmpty() ? null : new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
