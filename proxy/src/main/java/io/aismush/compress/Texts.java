package io.aismush.compress;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of texts a line may start with, bucketed by first character, so that a test looks only at the few texts
 * that could start where the line does. Immutable and thread-safe.
 */
final class Texts {
    /** Bucket of the texts whose first character is not ASCII. */
    static final int OTHER = 128;

    private final List<String> texts;
    private final String[][] byFirst = new String[OTHER + 1][];
    private final boolean any;

    Texts(List<String> texts) {
        this.texts = List.copyOf(texts);
        this.any = texts.contains("");
        var buckets = new ArrayList<List<String>>();
        for (int c = 0; c <= OTHER; c++) buckets.add(new ArrayList<>());
        for (String t : texts) if (!t.isEmpty()) buckets.get(bucket(t.charAt(0))).add(t);
        for (int c = 0; c <= OTHER; c++) if (!buckets.get(c).isEmpty()) byFirst[c] = buckets.get(c).toArray(String[]::new);
    }

    static int bucket(char c) {
        return c < OTHER ? c : OTHER;
    }

    List<String> texts() {
        return texts;
    }

    /** The first characters of the texts, as buckets (the empty text has none). */
    List<Integer> buckets() {
        var out = new ArrayList<Integer>();
        for (int c = 0; c <= OTHER; c++) if (byFirst[c] != null) out.add(c);
        return out;
    }

    /** Whether one of the texts starts at {@code at} in {@code line}. */
    boolean startAt(String line, int at) {
        if (any) return true;
        if (at >= line.length()) return false;
        String[] bucket = byFirst[bucket(line.charAt(at))];
        if (bucket == null) return false;
        for (String t : bucket) {
            if (line.startsWith(t, at)) return true;
        }
        return false;
    }

    /** Whether the line holds one of the texts. */
    boolean in(String line) {
        if (any) return true;
        for (String t : texts) {
            if (line.contains(t)) return true;
        }
        return false;
    }
}
