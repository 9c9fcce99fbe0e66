package io.aismush.compress;

import java.util.List;

/**
 * The literal text a regular expression's matches must hold, found by a deliberately simple reading of its syntax:
 * only characters outside groups, classes and quantifiers count, and anything the reading does not know for sure ends
 * a run of text instead of guessing. Used to skip a match attempt on lines that cannot match. Pure.
 *
 * @param prefix   text every match starts with (may be empty)
 * @param required the longest text every match holds (may be empty)
 * @param whole    whether the expression is that text and nothing else
 */
record Literals(String prefix, String required, boolean whole) {
    static final Literals NONE = new Literals("", "", false);

    /** Escapes after which the reading cannot tell what follows: code points, properties, quoting, back references. */
    private static final String OPAQUE_ESCAPES = "pPxuNkcQE0123456789";

    /**
     * Whether the alternatives may be compiled and tried one by one with the same answers: not when a flag set
     * without a group ({@code (?i)}) or a back reference reaches across them, nor when quoting or a nested class
     * could hide a {@code |} from {@link LinePattern#topLevelBranches}.
     */
    static boolean separable(String regex, List<String> alternatives) {
        if (regex.contains("\\Q") || regex.contains("\\k<")) return false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                if (Character.isDigit(regex.charAt(++i))) return false;
            } else if (c == '(' && regex.startsWith("(?", i) && bareFlags(regex, i) > 0) {
                return false;
            } else if (c == '[') {
                int end = classEnd(regex, i);
                if (end < 0 || nested(regex, i, end)) return false;
                i = end - 1;
            }
        }
        return !alternatives.isEmpty();
    }

    /** Whether the class {@code [i, end)} holds another class (where a {@code |} would be read wrongly). */
    private static boolean nested(String regex, int i, int end) {
        for (int k = i + 1; k < end - 1; k++) {
            char c = regex.charAt(k);
            if (c == '\\') k++;
            else if (c == '[') return true;
        }
        return false;
    }

    /** The literal text of one alternative (without its {@code ^}). */
    static Literals of(String regex) {
        var run = new StringBuilder();
        String prefix = null;
        String required = "";
        boolean literalOnly = true;
        int n = regex.length();
        int i = 0;
        while (i < n) {
            char c = regex.charAt(i);
            int next;
            char literal = 0;
            if (c == '\\') {
                if (i + 1 >= n) return NONE;
                char d = regex.charAt(i + 1);
                if (OPAQUE_ESCAPES.indexOf(d) >= 0) return NONE;
                if (!isAsciiLetterOrDigit(d) && !Character.isSurrogate(d)) literal = d;
                next = i + 2;
            } else if (c == '[') {
                next = classEnd(regex, i);
            } else if (c == '(') {
                if (bareFlags(regex, i) > 0) return NONE;
                next = groupEnd(regex, i);
            } else if (c == ')' || c == '|' || c == '?' || c == '*' || c == '+' || c == '{') {
                return NONE; // not where this reading expects it
            } else {
                next = i + 1;
                if (c != '.' && c != '^' && c != '$' && !Character.isSurrogate(c)) literal = c;
            }
            if (next < 0) return NONE;
            int after = quantifierEnd(regex, next);
            if (after < 0) return NONE;
            if (literal != 0 && after == next) {
                run.append(literal);
            } else {
                literalOnly = false; // an atom or a quantified character: the run of text ends before it
                if (prefix == null) prefix = run.toString();
                if (run.length() > required.length()) required = run.toString();
                run.setLength(0);
            }
            i = after;
        }
        if (prefix == null) prefix = run.toString();
        if (run.length() > required.length()) required = run.toString();
        return new Literals(prefix, required, literalOnly);
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }

    /** The index after a quantifier at {@code i} (with its lazy or possessive mark), {@code i} when there is none. */
    private static int quantifierEnd(String regex, int i) {
        if (i >= regex.length()) return i;
        char c = regex.charAt(i);
        int end;
        if (c == '?' || c == '*' || c == '+') {
            end = i + 1;
        } else if (c == '{') {
            int close = regex.indexOf('}', i);
            if (close < 0) return -1;
            end = close + 1;
        } else {
            return i;
        }
        return end < regex.length() && (regex.charAt(end) == '?' || regex.charAt(end) == '+') ? end + 1 : end;
    }

    /** The index after the character class opening at {@code i}, nested classes included; -1 when it does not close. */
    static int classEnd(String regex, int i) {
        int k = i + 1;
        if (k < regex.length() && regex.charAt(k) == '^') k++;
        if (k < regex.length() && regex.charAt(k) == ']') k++; // a leading ']' is a literal
        while (k < regex.length()) {
            char c = regex.charAt(k);
            if (c == '\\') {
                k += 2;
            } else if (c == '[') {
                k = classEnd(regex, k);
                if (k < 0) return -1;
            } else if (c == ']') {
                return k + 1;
            } else {
                k++;
            }
        }
        return -1;
    }

    /** The index after the group opening at {@code i}; -1 when it does not close. */
    private static int groupEnd(String regex, int i) {
        int depth = 0;
        int k = i;
        while (k < regex.length()) {
            char c = regex.charAt(k);
            if (c == '\\') {
                k += 2;
                continue;
            }
            if (c == '[') {
                k = classEnd(regex, k);
                if (k < 0) return -1;
                continue;
            }
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return k + 1;
            k++;
        }
        return -1;
    }

    /** The length of a flag setting such as {@code (?i)} or {@code (?-x)} at {@code i}, which reaches to the end; 0 for any other group. */
    private static int bareFlags(String regex, int i) {
        if (!regex.startsWith("(?", i)) return 0;
        int k = i + 2;
        while (k < regex.length() && (Character.isLetter(regex.charAt(k)) || regex.charAt(k) == '-')) k++;
        return k > i + 2 && k < regex.length() && regex.charAt(k) == ')' ? k + 1 - i : 0;
    }
}
