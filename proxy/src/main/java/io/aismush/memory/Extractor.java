package io.aismush.memory;

import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a completed turn into memory candidates: sentences of the assistant's text and of the human's message
 * ({@link Classifier}), commits and the files written or edited (tool calls). Near-identical candidates of one turn
 * are merged. Pure and thread-safe.
 */
public final class Extractor {
    private static final Pattern COMMIT = Pattern.compile("git\\s+commit\\b.*?\\s-(?:a?m)\\s*(?:\"([^\"]+)\"|'([^']+)')", Pattern.DOTALL);
    private static final List<String> EDITING_TOOLS = List.of("Write", "Edit", "MultiEdit", "NotebookEdit");

    public List<Candidate> extract(Turn turn) {
        Map<String, Candidate> out = new LinkedHashMap<>();
        for (String s : Sentences.split(turn.humanText())) add(out, Classifier.classify(s, Classifier.Speaker.HUMAN));
        for (String s : Sentences.split(turn.assistantText())) add(out, Classifier.classify(s, Classifier.Speaker.ASSISTANT));
        for (Turn.ToolCall call : turn.toolCalls()) add(out, fromToolCall(call, turn.project()));
        return new ArrayList<>(out.values());
    }

    /** Classifies one text as the extraction does; the best candidate in it, or null (for tests and the corpus). */
    public static Candidate classify(String text, boolean human) {
        Candidate best = null;
        for (String s : Sentences.split(text)) {
            Candidate c = Classifier.classify(s, human ? Classifier.Speaker.HUMAN : Classifier.Speaker.ASSISTANT);
            if (c != null && (best == null || c.importance() > best.importance())) best = c;
        }
        return best;
    }

    private static void add(Map<String, Candidate> out, Candidate c) {
        if (c == null) return;
        out.merge(Normalised.key(c.text()), c, (a, b) -> a.importance() >= b.importance() ? a : b);
    }

    static Candidate fromToolCall(Turn.ToolCall call, String project) {
        JsonNode input;
        try {
            input = Json.MAPPER.readTree(call.inputJson());
        } catch (RuntimeException e) {
            return null; // a cut-off input: nothing reliable to remember
        }
        if (call.name().equals("Bash")) {
            Matcher m = COMMIT.matcher(input.path("command").asString(""));
            if (!m.find()) return null;
            String message = (m.group(1) != null ? m.group(1) : m.group(2)).strip();
            String firstLine = message.lines().findFirst().orElse("").strip();
            return firstLine.length() < 8 ? null : new Candidate(Kind.CHANGE, "Committed: " + firstLine, 0.5, false);
        }
        if (EDITING_TOOLS.contains(call.name())) {
            String path = input.path("file_path").asString(input.path("notebook_path").asString(null));
            if (path == null || path.isBlank()) return null;
            return new Candidate(Kind.CHANGE, "Changed " + relative(path, project), 0.2, false);
        }
        return null;
    }

    private static String relative(String path, String project) {
        String p = Scope.normalise(path);
        if (project != null && p != null && p.startsWith(project + "/")) return p.substring(project.length() + 1);
        return p == null ? path : p;
    }
}
