package io.aismush.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Read tool result as Claude Code renders it ({@code 1\t<line>\n2\t<line>}, older versions pad the number or use
 * {@code →}): the numbered lines are the file's text; anything else (a system reminder) is kept as it is. Used only by
 * the opt-in comment stripping. Pure.
 */
final class ReadView {
    private ReadView() {}

    static final Pattern NUMBERED = Pattern.compile("^(\\s*\\d+[\\t→])(.*)$");

    /** The result with comments stripped and the marker on top, or null when nothing changed. */
    static String stripComments(String result, String path) {
        CommentStripper.Language lang = CommentStripper.of(path);
        if (lang == null) return null;
        List<String> lines = Lines.split(result);
        var prefixes = new ArrayList<String>();
        var code = new StringBuilder();
        int first = -1;
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = NUMBERED.matcher(lines.get(i));
            if (!m.matches()) {
                if (first >= 0 && last < 0) last = i;
                continue;
            }
            if (last >= 0) break; // numbered lines after something else: not one file view
            if (first < 0) first = i;
            prefixes.add(m.group(1));
            if (code.length() > 0 || prefixes.size() > 1) code.append('\n');
            code.append(m.group(2));
        }
        if (first < 0) return null;
        if (last < 0) last = first + prefixes.size();
        List<String> original = Lines.split(code + "\n");
        List<String> stripped = Lines.split(CommentStripper.strip(code.toString(), lang) + "\n");
        if (stripped.size() != original.size()) return null; // never guess at line numbers
        var out = new ArrayList<String>(lines.size() + 1);
        out.add(Marker.commentsStripped());
        out.addAll(lines.subList(0, first));
        boolean changed = false;
        for (int k = 0; k < original.size(); k++) {
            String s = stripped.get(k);
            if (!s.equals(original.get(k))) changed = true;
            if (s.isBlank() && !original.get(k).isBlank()) continue;
            out.add(prefixes.get(k) + s);
        }
        out.addAll(lines.subList(last, lines.size()));
        return changed ? Lines.join(out, result.endsWith("\n")) : null;
    }
}
