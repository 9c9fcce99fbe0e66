package io.aismush.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A line rule's regular expression, found anywhere in a line like {@link java.util.regex.Matcher#find()}, tried one
 * alternative at a time, each behind a literal test. {@code java.util.regex} tries an alternation such as
 * {@code ^a|^b|c} at every position of the line, anchored branches included, and log lines are many: so each
 * alternative of the outermost alternation is compiled alone (one with {@code ^} is tried at the start of the line
 * only), and it runs only when the line starts with its leading literal text, or holds the longest literal text every
 * match of it must hold ({@code String.startsWith} and {@code indexOf} are far cheaper than a match attempt at each
 * position). An alternative that is only literal text needs no regex at all. Same answers as the whole expression.
 * Immutable and thread-safe.
 */
record LinePattern(String regex, List<Branch> branches) {

    /**
     * One alternative of the expression.
     *
     * @param pattern  the alternative alone, null when it is literal text only
     * @param anchored whether it was anchored with {@code ^} (then it is tried at the start of the line only)
     * @param prefix   text a matching line starts with (anchored alternatives only; may be empty)
     * @param required text every match holds (may be empty)
     */
    record Branch(Pattern pattern, boolean anchored, String prefix, String required) {
        boolean in(String line) {
            if (anchored ? !line.startsWith(prefix) : !line.contains(required)) return false;
            if (anchored && prefix.length() < required.length() && !line.contains(required)) return false;
            if (pattern == null) return true;
            return anchored ? pattern.matcher(line).lookingAt() : pattern.matcher(line).find();
        }
    }

    static LinePattern of(String regex) {
        var branches = new ArrayList<Branch>();
        List<String> alternatives = topLevelBranches(regex);
        if (!Literals.separable(regex, alternatives)) {
            return new LinePattern(regex, List.of(new Branch(Pattern.compile(regex), false, "", "")));
        }
        for (String alternative : alternatives) {
            boolean anchored = alternative.startsWith("^");
            String body = anchored ? alternative.substring(1) : alternative;
            Literals lit = Literals.of(body);
            Pattern pattern = lit.whole() ? null : Pattern.compile(anchored ? "^(?:" + body + ")" : body);
            branches.add(new Branch(pattern, anchored, anchored ? lit.prefix() : "", lit.required()));
        }
        return new LinePattern(regex, List.copyOf(branches));
    }

    boolean in(String line) {
        for (Branch b : branches) {
            if (b.in(line)) return true;
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
