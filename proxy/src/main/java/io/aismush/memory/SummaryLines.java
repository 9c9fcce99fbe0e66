package io.aismush.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a session summary's answer: one memory per line as {@code kind: text}. Bullets, numbering, bold markers and
 * quotes around the text are tolerated; any other line (a preamble, a heading, an unknown kind) is skipped, and so is
 * chatter ({@link Classifier#chatter}). Near-identical lines count once; at most {@link #MAX} are kept. Pure.
 */
final class SummaryLines {
    static final int MAX = 8;
    private static final int MAX_LENGTH = 400;
    private static final Pattern LINE = Pattern.compile("(?i)^\\s*(?:[-*•+]\\s*|\\d{1,2}[.)]\\s*)?[*_`]*\\s*"
            + "(decision|fix|preference|convention|change|fact)\\s*[*_`]*\\s*[:\\-–—]\\s*[*_`]*\\s*(.+?)\\s*$");
    private static final Map<Kind, Double> IMPORTANCE = Map.of(Kind.DECISION, 0.8, Kind.FIX, 0.7, Kind.PREFERENCE, 0.75,
            Kind.CONVENTION, 0.7, Kind.CHANGE, 0.45, Kind.FACT, 0.5);

    private SummaryLines() {}

    /** The memories in {@code answer}, in its order; empty when it holds none. */
    static List<Candidate> parse(String answer) {
        Map<String, Candidate> out = new LinkedHashMap<>();
        for (String line : answer.lines().toList()) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) continue;
            String text = unquote(m.group(2)).replaceAll("\\s+", " ");
            if (text.length() > MAX_LENGTH || Classifier.chatter(text)) continue;
            Kind kind = Kind.of(m.group(1));
            out.putIfAbsent(Normalised.key(text), new Candidate(kind, text, IMPORTANCE.get(kind), false));
            if (out.size() == MAX) break;
        }
        return new ArrayList<>(out.values());
    }

    private static String unquote(String s) {
        String t = s.replaceAll("[*_`]+$", "").strip();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) t = t.substring(1, t.length() - 1).strip();
        return t;
    }
}
