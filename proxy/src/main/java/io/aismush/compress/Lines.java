package io.aismush.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Terminal output as lines: ANSI escapes and overwritten progress removed, split, joined. Pure functions. */
final class Lines {
    private Lines() {}

    /** CSI sequences (colours, cursor moves), OSC sequences (titles, links), and lone two-byte escapes. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|\u001B[@-Z\\\\-_]");

    /** Removes ANSI escapes and, per line, what a carriage return overwrote (progress bars redraw that way). */
    static String clean(String text) {
        String s = text.indexOf('\u001B') >= 0 ? ANSI.matcher(text).replaceAll("") : text;
        if (s.indexOf('\r') < 0) return s;
        var out = new StringBuilder(s.length());
        for (String line : split(s)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            int cr = l.lastIndexOf('\r');
            if (out.length() > 0) out.append('\n');
            out.append(cr >= 0 ? l.substring(cr + 1) : l);
        }
        return out.toString();
    }

    /** The lines of {@code text}, without their terminators; a final newline gives no empty last line. */
    static List<String> split(String text) {
        var lines = new ArrayList<String>();
        int start = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            lines.add(text.substring(start, nl));
            start = nl + 1;
        }
        if (start < text.length()) lines.add(text.substring(start));
        return lines;
    }

    static String join(List<String> lines, boolean finalNewline) {
        String joined = String.join("\n", lines);
        return finalNewline ? joined + "\n" : joined;
    }

    /** A line with digits and hex runs masked, so "Downloading 12%" and "Downloading 13%" look alike. */
    static String shape(String line) {
        var sb = new StringBuilder(line.length());
        boolean inNumber = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean digit = Character.isDigit(c);
            if (digit) {
                if (!inNumber) sb.append('#');
            } else {
                sb.append(c);
            }
            inNumber = digit || (inNumber && (c == '.' || c == ',' || (c >= 'a' && c <= 'f')));
        }
        return sb.toString();
    }
}
