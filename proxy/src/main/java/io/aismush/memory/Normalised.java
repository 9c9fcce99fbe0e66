package io.aismush.memory;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/** The key under which near-identical memories are one: case, accents, punctuation and filler words ignored. */
public final class Normalised {
    private static final Set<String> FILLER = Set.of("the", "a", "an", "this", "that", "we", "i", "now", "so", "just", "also");

    private Normalised() {}

    public static String key(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        var sb = new StringBuilder();
        for (String w : plain.split("[^\\p{L}\\p{N}]+")) {
            if (w.isEmpty() || FILLER.contains(w)) continue;
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(w);
        }
        String k = sb.toString();
        return k.length() > 400 ? k.substring(0, 400) : k;
    }
}
