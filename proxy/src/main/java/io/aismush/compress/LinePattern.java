package io.aismush.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A line rule's regular expression, found anywhere in a line like {@link java.util.regex.Matcher#find()}, tried one
 * alternative at a time, each behind a literal test. {@code java.util.regex} tries an alternation such as
 * {@code ^a|^b|c} at every position of the line, anchored branches included, and log lines are many: so each
 * alternative of the outermost alternation is compiled alone (one with {@code ^} is tried at the start of the line
 * only), and it runs only on a line that starts with one of the texts its matches start with, or holds one of the
 * texts its matches hold ({@link Literals}; {@code String.startsWith} and {@code indexOf} cost far less than a match
 * attempt at each position). An alternative that is a set of texts needs no regex at all. Same answers as the whole
 * expression. Immutable and thread-safe.
 */
record LinePattern(String regex, List<Branch> branches) {

    /**
     * One alternative of the expression.
     *
     * @param pattern   the alternative alone, null when {@code literals} is exact
     * @param anchored  whether it was anchored with {@code ^} (then it is tried at the start of the line only)
     * @param afterSpace the fewest whitespace characters the alternative starts with ({@code \s*}: 0, {@code \s+}: 1),
     *                  which its prefixes follow; -1 when it does not start so
     * @param literals  the texts its matches start with (anchored ones only) or hold
     */
    record Branch(Pattern pattern, boolean anchored, int afterSpace, Literals literals) {
        boolean in(String line) {
            if (anchored) {
                int at = 0;
                if (afterSpace >= 0) {
                    while (at < line.length() && isSpace(line.charAt(at))) at++;
                    if (at < afterSpace) return false;
                }
                if (!startsWithAny(line, at, literals.prefixes())) return false;
                if (literals.exact()) return true;
            }
            if ((!anchored || literals.required() != literals.prefixes()) && !containsAny(line, literals.required())) return false;
            if (pattern == null) return true;
            return anchored ? pattern.matcher(line).lookingAt() : pattern.matcher(line).find();
        }
    }

    static LinePattern of(String regex) {
        if (!Literals.separable(regex)) {
            return new LinePattern(regex, List.of(new Branch(Pattern.compile(regex), false, -1, Literals.NONE)));
        }
        var branches = new ArrayList<Branch>();
        for (String alternative : topLevelBranches(regex)) {
            if (!alternative.startsWith("^")) {
                Literals lit = Literals.of(alternative);
                branches.add(new Branch(lit.exact() ? null : Pattern.compile(alternative), false, -1, lit));
                continue;
            }
            String body = alternative.substring(1);
            Pattern pattern = Pattern.compile("^(?:" + body + ")");
            int afterSpace = leadingSpace(body);
            if (afterSpace >= 0) {
                // \s* or \s+ and then texts that start with no whitespace: the texts follow all the leading whitespace
                Literals rest = Literals.of(body.substring(3));
                if (rest.prefixes() != Literals.ANY && rest.prefixes().stream().noneMatch(t -> isSpace(t.charAt(0)))) {
                    branches.add(new Branch(rest.exact() ? null : pattern, true, afterSpace, rest));
                    continue;
                }
            }
            Literals lit = Literals.of(body);
            branches.add(new Branch(lit.exact() ? null : pattern, true, -1, lit));
        }
        return new LinePattern(regex, List.copyOf(branches));
    }

    boolean in(String line) {
        for (Branch b : branches) {
            if (b.in(line)) return true;
        }
        return false;
    }

    /** 0 for an expression starting {@code \s*}, 1 for {@code \s+} (not lazy or possessive), else -1. */
    private static int leadingSpace(String body) {
        if (body.length() < 3 || !body.startsWith("\\s") || (body.length() > 3 && (body.charAt(3) == '?' || body.charAt(3) == '+'))) return -1;
        return body.charAt(2) == '*' ? 0 : body.charAt(2) == '+' ? 1 : -1;
    }

    /** {@code \s}: ASCII whitespace. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static boolean startsWithAny(String line, int at, List<String> texts) {
        for (String t : texts) {
            if (startsWith(line, at, t)) return true;
        }
        return false;
    }

    /** {@code line.startsWith(t, at)}, which costs a call into the JDK's vectorised compare even when the first character differs. */
    private static boolean startsWith(String line, int at, String t) {
        if (line.length() - at < t.length()) return false;
        for (int k = 0; k < t.length(); k++) {
            if (line.charAt(at + k) != t.charAt(k)) return false;
        }
        return true;
    }

    private static boolean containsAny(String line, List<String> texts) {
        for (String t : texts) {
            if (line.contains(t)) return true;
        }
        return false;
    }

    /** The alternatives of the expression's outermost alternation (the whole expression when it has none). */
    static List<String> topLevelBranches(String regex) {
        var branches = new ArrayList<String>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++; // the escaped character, whatever it is
            } else if (inClass) {
                if (c == ']') inClass = false;
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') i++;
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') i++; // a leading ']' is a literal
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                branches.add(regex.substring(start, i));
                start = i + 1;
            }
        }
        branches.add(regex.substring(start));
        return branches;
    }
}
