package io.aismush.compress;

/**
 * Cuts an oversized output in the middle, keeping its head and tail on line boundaries (or, inside one enormous
 * line, on code-point boundaries) with a marker saying how much went. Pure.
 */
final class Truncation {
    private Truncation() {}

    /** Outputs longer than this many characters are cut (the seed's 12 K). */
    static final int LIMIT = 12_000;
    private static final int HEAD = 7_000;
    private static final int TAIL = 4_000;
    /** How far to look for a line boundary before cutting inside a line. */
    private static final int SLACK = 1_000;

    /** The cut text, or the text itself when it is short enough. */
    static String cut(String text) {
        if (text.length() <= LIMIT) return text;
        int headEnd = boundaryBefore(text, HEAD);
        int tailStart = boundaryAfter(text, text.length() - TAIL);
        if (tailStart <= headEnd) return text;
        String removed = text.substring(headEnd, tailStart);
        int lines = 0;
        for (int i = 0; i < removed.length(); i++) if (removed.charAt(i) == '\n') lines++;
        String head = text.substring(0, headEnd);
        return head + (head.endsWith("\n") ? "" : "\n") + Marker.truncated(removed.length(), lines) + "\n" + text.substring(tailStart);
    }

    /** The end of the last whole line before {@code at}, or a code-point boundary at {@code at}. */
    private static int boundaryBefore(String text, int at) {
        int nl = text.lastIndexOf('\n', at - 1);
        if (nl >= 0 && at - nl <= SLACK) return nl + 1;
        return Character.isLowSurrogate(text.charAt(at)) ? at - 1 : at;
    }

    /** The start of the first whole line after {@code at}, or a code-point boundary at {@code at}. */
    private static int boundaryAfter(String text, int at) {
        int nl = text.indexOf('\n', at);
        if (nl >= 0 && nl - at <= SLACK) return nl + 1;
        return Character.isLowSurrogate(text.charAt(at)) ? at + 1 : at;
    }
}
