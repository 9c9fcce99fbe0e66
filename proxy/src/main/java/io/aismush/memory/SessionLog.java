package io.aismush.memory;

import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the proxy saw of each recent session, for its summary: when its last request arrived, its project, how many
 * turns completed, and their material (the human's words, the assistant's text, the actions), newest kept when it
 * grows past {@link #MAX_CHARS}. Bounded to {@link #MAX_SESSIONS} sessions, least recently active dropped first.
 * Thread-safe.
 */
final class SessionLog {
    static final int MAX_SESSIONS = 2_000;
    /** About 4 000 tokens of material per session. */
    static final int MAX_CHARS = 16_000;
    private static final int MAX_PIECE = 2_000;

    /** A session ready for its summary. */
    record Due(String sessionId, String project, String material, int turns) {}

    private static final class Activity {
        String project;
        Instant lastSeen;
        int turns;
        boolean summarised;
        final ArrayDeque<String> material = new ArrayDeque<>();
        int chars;
    }

    private final Map<String, Activity> sessions = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Activity> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    /** A request of {@code sessionId} arrived. */
    synchronized void seen(String sessionId, String project, Instant now) {
        touch(sessionId, project, now);
    }

    /** A turn of the session completed: its material is kept. */
    synchronized void turn(Turn turn, Instant now) {
        Activity e = touch(turn.sessionId(), turn.project(), now);
        e.turns++;
        if (!turn.humanText().isBlank()) add(e, "user: " + cap(turn.humanText()));
        if (!turn.assistantText().isBlank()) add(e, "assistant: " + cap(turn.assistantText()));
        for (Turn.ToolCall call : turn.toolCalls()) add(e, "action: " + describe(call));
    }

    /**
     * The sessions idle since before {@code cutoff}, not summarised yet, with a project and at least {@code minTurns}
     * turns; they are marked summarised now, so each is handed out once whatever its summary's fate.
     */
    synchronized List<Due> takeDue(Instant cutoff, int minTurns) {
        var out = new ArrayList<Due>();
        for (var it = sessions.entrySet().iterator(); it.hasNext(); ) {
            var s = it.next();
            Activity e = s.getValue();
            if (e.summarised || e.project == null || e.turns < minTurns || !e.lastSeen.isBefore(cutoff)) continue;
            e.summarised = true;
            out.add(new Due(s.getKey(), e.project, String.join("\n", e.material), e.turns));
            e.material.clear(); // not needed any more
            e.chars = 0;
        }
        return out;
    }

    /** Turns completed so far in {@code sessionId} (tests wait on it). */
    synchronized int turns(String sessionId) {
        Activity e = sessions.get(sessionId);
        return e == null ? 0 : e.turns;
    }

    private Activity touch(String sessionId, String project, Instant now) {
        Activity e = sessions.computeIfAbsent(sessionId, k -> new Activity());
        if (project != null) e.project = project;
        e.lastSeen = now;
        return e;
    }

    private static void add(Activity e, String piece) {
        if (e.summarised) return;
        e.material.addLast(piece);
        e.chars += piece.length() + 1;
        Iterator<String> oldest = e.material.iterator();
        while (e.chars > MAX_CHARS && oldest.hasNext()) {
            e.chars -= oldest.next().length() + 1;
            oldest.remove();
        }
    }

    private static String cap(String text) {
        String t = text.strip();
        return t.length() <= MAX_PIECE ? t : t.substring(0, MAX_PIECE) + "…";
    }

    /** A tool call in one line: its name and what it touched or ran. */
    static String describe(Turn.ToolCall call) {
        String detail;
        try {
            JsonNode input = Json.MAPPER.readTree(call.inputJson());
            detail = input.path("file_path").asString(input.path("command").asString(input.path("path").asString("")));
        } catch (RuntimeException e) {
            detail = "";
        }
        detail = detail.replaceAll("\\s+", " ").strip();
        if (detail.length() > 200) detail = detail.substring(0, 200) + "…";
        return detail.isEmpty() ? call.name() : call.name() + " " + detail;
    }
}
