package io.aismush.compress;

import java.util.ArrayList;
import java.util.List;

/**
 * Collapses runs of repeated lines: an exact repeat keeps its first line and a count; a run of near-identical lines
 * (the same but for numbers) keeps its first and last line. Lines themselves are never changed. Pure.
 */
final class Repeats {
    private Repeats() {}

    private static final int MIN_EXACT = 3;
    private static final int MIN_SIMILAR = 5;

    /**
     * @param similarToo also collapse near-identical lines (only for logs: in file content, similar lines matter)
     */
    static List<String> collapse(List<String> lines, boolean similarToo) {
        var out = new ArrayList<String>(lines.size());
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            int j = i + 1;
            while (j < lines.size() && lines.get(j).equals(line)) j++;
            if (j - i >= MIN_EXACT && worthCollapsing(line)) {
                out.add(line);
                out.add(Marker.repeated(j - i - 1));
                i = j;
                continue;
            }
            if (similarToo && worthCollapsing(line) && !line.startsWith(Marker.PREFIX)) {
                String shape = Lines.shape(line);
                int k = i + 1;
                while (k < lines.size() && Lines.shape(lines.get(k)).equals(shape)) k++;
                if (k - i >= MIN_SIMILAR) {
                    out.add(line);
                    out.add(Marker.similar(k - i - 2));
                    out.add(lines.get(k - 1));
                    i = k;
                    continue;
                }
            }
            out.add(line);
            i++;
        }
        return out;
    }

    /** Blank and very short lines (braces, separators) are left alone: collapsing them saves nothing. */
    private static boolean worthCollapsing(String line) {
        return line.strip().length() >= 4;
    }
}
