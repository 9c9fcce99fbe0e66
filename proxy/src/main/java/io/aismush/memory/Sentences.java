package io.aismush.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Splits prose into sentences and list items, without markdown decoration; skips code blocks. */
final class Sentences {
    private static final Pattern BOUNDARY = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z`\"'(])");
    private static final Pattern DECORATION = Pattern.compile("^\\s*(?:[-*+•]|\\d+[.)]|#+)\\s+");
    private static final int MAX_SENTENCE = 300;

    private Sentences() {}

    static List<String> split(String text) {
        var out = new ArrayList<String>();
        boolean inCode = false;
        for (String line : text.split("\\R")) {
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (inCode) continue;
            String plain = DECORATION.matcher(line).replaceFirst("").replace("**", "").replace("__", "").strip();
            if (plain.isEmpty()) continue;
            for (String s : BOUNDARY.split(plain)) {
                String t = s.strip();
                if (!t.isEmpty()) out.add(t.length() > MAX_SENTENCE ? t.substring(0, MAX_SENTENCE).strip() + "…" : t);
            }
        }
        return out;
    }
}
