package io.aismush.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line rule's regular expression, found anywhere in a line like {@link java.util.regex.Matcher#find()}, tried one
 * alternative at a time, each behind a literal test. {@code java.util.regex} tries an alternation such as
 * {@code ^a|^b|c} at every position of the line, anchored branches included, and log lines are many: so each
 * alternative of the outermost alternation is compiled alone (one with {@code ^} is tried at the start of the line
 * only), and it runs only on a line that starts with one of the texts its matches start with, or holds one of the
 * texts its matches hold ({@link Literals}; {@code String.startsWith} and {@code indexOf} cost far less than a match
 * attempt at each position). An alternative that is a set of texts needs no regex at all, and the anchored ones are
 * indexed by their first character, so a line meets only those that could start as it does. Same answers as the
 * whole expression. Immutable and thread-safe.
 */
final class LinePattern {
    /**
     * One alternative of the expression.
     *
     * @param pattern    the alternative alone, null when {@code literals} is exact
     * @param anchored   whether it was anchored with {@code ^} (then it is tried at the start of the line only)
     * @param afterSpace the fewest whitespace characters the alternative starts with ({@code \s*}: 0, {@code \s+}: 1),
     *                   which its prefixes follow; -1 when it does not start so
     * @param maxRest    the most characters a line may hold after its leading whitespace ({@code ^\s*$}: 1, a line
     *                   terminator); -1 for no such bound
     * @param literals   the texts its matches start with (anchored ones only) or hold
     */
    record Branch(Pattern pattern, boolean anchored, int afterSpace, int maxRest, Literals literals, Texts prefixes, Texts required,
                  Predicate<String> hand) {
        static Branch of(String source, Pattern pattern, boolean anchored, int afterSpace, int maxRest, Literals literals) {
            var prefixes = new Texts(literals.prefixes());
            var required = literals.required() == literals.prefixes() ? prefixes : new Texts(literals.required());
            return new Branch(literals.exact() ? null : pattern, anchored, afterSpace, maxRest, literals, prefixes, required,
                    Hand.of(source));
        }

        /**
         * Whether an unanchored alternative matches somewhere: tried only where one of the texts every match starts
         * with starts, when those are known, rather than at every position. Transparent bounds let lookbehinds and
         * word boundaries see what lies before, and without anchoring bounds {@code ^} and {@code $} stay the line's.
         */
        private boolean found(String line) {
            List<String> lead = literals.lead();
            if (lead == Literals.ANY) return pattern.matcher(line).find();
            Matcher m = null;
            for (String t : lead) {
                for (int at = line.indexOf(t); at >= 0; at = line.indexOf(t, at + 1)) {
                    if (m == null) m = pattern.matcher(line).useTransparentBounds(true).useAnchoringBounds(false);
                    if (m.region(at, line.length()).lookingAt()) return true;
                }
            }
            return false;
        }

        boolean in(String line) {
            if (anchored) {
                int at = 0;
                if (afterSpace >= 0) {
                    at = spaces(line);
                    if (at < afterSpace || (maxRest >= 0 && line.length() - at > maxRest)) return false;
                }
                if (!prefixes.startAt(line, at)) return false;
                if (literals.exact()) return true;
                if (required != prefixes && !required.in(line)) return false;
            } else if (!required.in(line)) {
                return false;
            }
            if (pattern == null) return true;
            if (hand != null) return hand.test(line);
            return anchored ? pattern.matcher(line).lookingAt() : found(line);
        }

        /** Whether it is tried only on lines whose first (non-whitespace) character starts one of its prefixes. */
        boolean indexed() {
            return anchored && maxRest < 0 && prefixes.texts() != Literals.ANY;
        }
    }

    private final String regex;
    private final List<Branch> branches;
    /** Anchored alternatives by the bucket of a line's first character, and after leading whitespace. */
    private final Branch[][] atStart = new Branch[Texts.OTHER + 1][];
    private final Branch[][] afterSpace = new Branch[Texts.OTHER + 1][];
    private final boolean anyAfterSpace;
    /** Every other alternative, tried on every line. */
    private final Branch[] always;

    private LinePattern(String regex, List<Branch> branches) {
        this.regex = regex;
        this.branches = List.copyOf(branches);
        var start = new ArrayList<List<Branch>>();
        var spaced = new ArrayList<List<Branch>>();
        for (int c = 0; c <= Texts.OTHER; c++) {
            start.add(new ArrayList<>());
            spaced.add(new ArrayList<>());
        }
        var rest = new ArrayList<Branch>();
        for (Branch b : branches) {
            if (!b.indexed()) {
                rest.add(b);
                continue;
            }
            for (int c : b.prefixes().buckets()) (b.afterSpace() >= 0 ? spaced : start).get(c).add(b);
        }
        boolean spacedAny = false;
        for (int c = 0; c <= Texts.OTHER; c++) {
            if (!start.get(c).isEmpty()) atStart[c] = start.get(c).toArray(Branch[]::new);
            if (!spaced.get(c).isEmpty()) afterSpace[c] = spaced.get(c).toArray(Branch[]::new);
            spacedAny |= !spaced.get(c).isEmpty();
        }
        this.anyAfterSpace = spacedAny;
        this.always = rest.toArray(Branch[]::new);
    }

    String regex() {
        return regex;
    }

    List<Branch> branches() {
        return branches;
    }

    static LinePattern of(String regex) {
        if (!Literals.separable(regex)) {
            return new LinePattern(regex, List.of(Branch.of(regex, Pattern.compile(regex), false, -1, -1, Literals.NONE)));
        }
        var branches = new ArrayList<Branch>();
        for (String alternative : topLevelBranches(regex)) {
            if (!alternative.startsWith("^")) {
                branches.add(Branch.of(alternative, Pattern.compile(alternative), false, -1, -1, Literals.of(alternative)));
                continue;
            }
            String body = alternative.substring(1);
            Pattern pattern = Pattern.compile("^(?:" + body + ")");
            int afterSpace = leadingSpace(body);
            if (afterSpace >= 0) {
                String after = body.substring(3);
                if (after.equals("$")) { // a blank line: nothing, or one line terminator, after the whitespace
                    branches.add(Branch.of(alternative, pattern, true, afterSpace, 1, Literals.NONE));
                    continue;
                }
                // \s* or \s+ and then texts that start with no whitespace: the texts follow all the leading whitespace
                Literals rest = Literals.of(after);
                if (rest.prefixes() != Literals.ANY && rest.prefixes().stream().noneMatch(t -> isSpace(t.charAt(0)))) {
                    branches.add(Branch.of(alternative, pattern, true, afterSpace, -1, rest));
                    continue;
                }
            }
            branches.add(Branch.of(alternative, pattern, true, -1, -1, Literals.of(body)));
        }
        return new LinePattern(regex, branches);
    }

    boolean in(String line) {
        if (!line.isEmpty()) {
            if (any(atStart[Texts.bucket(line.charAt(0))], line)) return true;
            if (anyAfterSpace) {
                int at = spaces(line);
                if (at < line.length() && any(afterSpace[Texts.bucket(line.charAt(at))], line)) return true;
            }
        }
        return any(always, line);
    }

    private static boolean any(Branch[] branches, String line) {
        if (branches == null) return false;
        for (Branch b : branches) {
            if (b.in(line)) return true;
        }
        return false;
    }

    /** How many {@code \s} characters the line starts with. */
    private static int spaces(String line) {
        int at = 0;
        while (at < line.length() && isSpace(line.charAt(at))) at++;
        return at;
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
