package io.aismush.compress;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What the matches of a regular expression are known to look like, found by a deliberately simple reading of its
 * syntax: literal characters, escaped punctuation, small character classes and groups of alternatives are read as
 * the finite sets of texts they match; anchors, word boundaries and lookarounds take no text; anything else (other
 * classes, {@code .}, quantified atoms) is unknown text, and a construct the reading does not know makes the whole
 * answer unknown. Used to skip match attempts on lines that cannot match, to try an expression only where a match
 * can start, and to answer without a regex where the expression is a set of texts. Pure.
 *
 * @param prefixes every match starts with one of these ({@code [""]}: nothing known)
 * @param lead     every match starts with one of these, at most {@link #MAX_REQUIRED} of them ({@code [""]}: nothing
 *                 known); shorter than {@code prefixes} when those are many
 * @param required every match holds one of these ({@code [""]}: nothing known)
 * @param exact    whether the matches are exactly the texts of {@code prefixes} (then {@code required} is the same)
 */
record Literals(List<String> prefixes, List<String> lead, List<String> required, boolean exact) {
    static final List<String> ANY = List.of("");
    static final Literals NONE = new Literals(ANY, ANY, false);
    /** A zero-width assertion ({@code ^}, {@code $}, {@code \b}, a lookaround): no text, but not a set of texts either. */
    private static final Literals ASSERTION = new Literals(ANY, ANY, false);

    /** Literals whose lead is their prefixes when those are few. */
    Literals(List<String> prefixes, List<String> required, boolean exact) {
        this(prefixes, prefixes.size() <= MAX_REQUIRED ? prefixes : ANY, required, exact);
    }

    /** Largest set of texts a filter tests for (each is one indexOf per line). */
    static final int MAX_REQUIRED = 8;
    /** Largest set of texts kept while reading (an exact set or the prefixes of an anchored rule). */
    static final int MAX_SET = 128;
    /** {@code \s} and {@code \d} (ASCII, as without {@code UNICODE_CHARACTER_CLASS}), as the texts they match. */
    static final Literals SPACES = chars(" \t\n\u000B\f\r");
    static final Literals DIGITS = chars("0123456789");

    /** Escapes after which the reading cannot tell what follows: code points, properties, quoting, back references. */
    private static final String OPAQUE_ESCAPES = "pPxuNkcQE0123456789";

    /** What the matches of {@code regex} look like; {@link #NONE} when the reading cannot tell. */
    static Literals of(String regex) {
        try {
            var reader = new Reader(regex);
            Literals l = reader.alternation();
            return reader.i == regex.length() ? l : NONE;
        } catch (Unreadable e) {
            return NONE;
        }
    }

    /**
     * Whether the alternatives may be compiled and tried one by one with the same answers: not when a flag set
     * without a group ({@code (?i)}) or a back reference reaches across them, nor when quoting or a nested class
     * could hide a {@code |} from {@link LinePattern#topLevelBranches}.
     */
    static boolean separable(String regex) {
        if (regex.contains("\\Q") || regex.contains("\\k<")) return false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                if (Character.isDigit(regex.charAt(++i))) return false;
            } else if (c == '(' && bareFlags(regex, i)) {
                return false;
            } else if (c == '[') {
                int end = classEnd(regex, i);
                if (end < 0 || nested(regex, i, end)) return false;
                i = end - 1;
            }
        }
        return true;
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

    /** Whether a flag setting such as {@code (?i)} or {@code (?-x)}, which reaches to the end, opens at {@code i}. */
    private static boolean bareFlags(String regex, int i) {
        if (!regex.startsWith("(?", i)) return false;
        int k = i + 2;
        while (k < regex.length() && (Character.isLetter(regex.charAt(k)) || regex.charAt(k) == '-')) k++;
        return k > i + 2 && k < regex.length() && regex.charAt(k) == ')';
    }

    /** Thrown where the reading meets something it does not know; the answer is then {@link #NONE}. */
    private static final class Unreadable extends RuntimeException {
        Unreadable() {
            super(null, null, false, false);
        }
    }

    /** How often an atom occurs. */
    private enum Times { ONCE, MAYBE_NEVER, AT_LEAST_ONCE }

    /** A recursive descent over the expression. Not thread-safe; one per reading. */
    private static final class Reader {
        private final String re;
        private int i;

        Reader(String re) {
            this.re = re;
        }

        /** Alternatives up to a ')' or the end. */
        Literals alternation() {
            var alternatives = new ArrayList<Literals>();
            alternatives.add(sequence());
            while (i < re.length() && re.charAt(i) == '|') {
                i++;
                alternatives.add(sequence());
            }
            if (alternatives.size() == 1) return alternatives.getFirst();
            boolean exact = true;
            var prefixes = new LinkedHashSet<String>();
            var required = new LinkedHashSet<String>();
            for (Literals a : alternatives) {
                exact &= a.exact();
                prefixes.addAll(a.prefixes());
                required.addAll(a.required());
            }
            List<String> p = known(prefixes, MAX_SET);
            var leads = new LinkedHashSet<String>();
            for (Literals a : alternatives) leads.addAll(a.lead());
            List<String> lead = known(leads, MAX_REQUIRED);
            return exact && p != ANY ? new Literals(p, p.size() <= MAX_REQUIRED ? p : lead, p, true)
                    : new Literals(p, lead, known(required, MAX_SET), false);
        }

        /** Atoms up to a '|', a ')' or the end. */
        private Literals sequence() {
            List<String> run = ANY; // the texts the atoms since the last unknown one match, exactly
            List<String> prefixes = null;
            List<String> lead = ANY;
            List<String> best = ANY;
            boolean asserts = false;
            while (i < re.length() && re.charAt(i) != '|' && re.charAt(i) != ')') {
                Literals atom = atom();
                Times times = quantifier();
                if (atom == ASSERTION && times == Times.ONCE) { // takes no text: the run goes on, but is no longer exact
                    asserts = true;
                    continue;
                }
                if (times == Times.ONCE && atom.exact()) {
                    List<String> joined = product(run, atom.prefixes());
                    if (joined != null) {
                        best = better(best, run); // what the run matched so far stays required, and may be the better filter
                        run = joined;
                        if (prefixes == null && run.size() <= MAX_REQUIRED) lead = run;
                        continue;
                    }
                }
                // the run ends here; what it is known to be followed by still belongs to it
                List<String> segment = run;
                if (times != Times.MAYBE_NEVER) {
                    List<String> longer = product(run, atom.prefixes());
                    if (longer != null && longer != ANY) segment = longer;
                    best = better(best, atom.required());
                }
                if (prefixes == null) {
                    prefixes = segment;
                    if (segment.size() <= MAX_REQUIRED) lead = segment;
                }
                best = better(best, segment);
                run = ANY;
            }
            if (prefixes == null) return new Literals(run, lead, run, !asserts);
            return new Literals(prefixes, lead, better(best, run), false);
        }

        /** One atom, read as the texts it matches. */
        private Literals atom() {
            char c = re.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= re.length()) throw new Unreadable();
                    char d = re.charAt(i + 1);
                    i += 2;
                    if (OPAQUE_ESCAPES.indexOf(d) >= 0) throw new Unreadable();
                    if ("bBAGZz".indexOf(d) >= 0) return ASSERTION;
                    if (d == 's') return SPACES;
                    if (d == 'd') return DIGITS;
                    return d < 128 && Character.isLetterOrDigit(d) || Character.isSurrogate(d) ? NONE : text(String.valueOf(d));
                }
                case '[' -> {
                    return characterClass();
                }
                case '(' -> {
                    return group();
                }
                case '?', '*', '+', '{' -> throw new Unreadable(); // a quantifier with nothing to repeat
                default -> {
                    i++;
                    if (c == '^' || c == '$') return ASSERTION;
                    return c == '.' || Character.isSurrogate(c) ? NONE : text(String.valueOf(c));
                }
            }
        }

        /** A class of a few plain characters ({@code [_ ]}, {@code [✓√○↓]}) is a set of texts; any other is unknown. */
        private Literals characterClass() {
            int end = classEnd(re, i);
            if (end < 0) throw new Unreadable();
            String inside = re.substring(i + 1, end - 1);
            i = end;
            var chars = new ArrayList<String>();
            for (int k = 0; k < inside.length(); k++) {
                char c = inside.charAt(k);
                if (c == '\\' && k + 1 < inside.length() && !(inside.charAt(k + 1) < 128 && Character.isLetterOrDigit(inside.charAt(k + 1)))
                        && !Character.isSurrogate(inside.charAt(k + 1))) {
                    c = inside.charAt(++k);
                } else if (c == '\\' || c == '[' || c == '&' || c == '^' || Character.isSurrogate(c) || (c == '-' && k > 0 && k < inside.length() - 1)) {
                    return NONE; // escapes that stand for classes, nesting, intersection, negation, ranges
                }
                if (!chars.contains(String.valueOf(c))) chars.add(String.valueOf(c));
            }
            return chars.isEmpty() || chars.size() > MAX_SET ? NONE : new Literals(List.copyOf(chars), List.copyOf(chars), true);
        }

        /** A group of alternatives is read inside; lookarounds, atomic and flag groups are unknown text. */
        private Literals group() {
            boolean plain = !re.startsWith("(?", i) || re.startsWith("(?:", i)
                    || (re.startsWith("(?<", i) && !re.startsWith("(?<=", i) && !re.startsWith("(?<!", i));
            if (!plain) {
                if (bareFlags(re, i)) throw new Unreadable();
                boolean lookaround = re.startsWith("(?=", i) || re.startsWith("(?!", i) || re.startsWith("(?<=", i) || re.startsWith("(?<!", i);
                i = groupEnd(i);
                return lookaround ? ASSERTION : NONE;
            }
            if (re.startsWith("(?:", i)) i += 3;
            else if (re.startsWith("(?<", i)) i = re.indexOf('>', i) + 1;
            else i++;
            if (i <= 0) throw new Unreadable();
            Literals inside = alternation();
            if (i >= re.length() || re.charAt(i) != ')') throw new Unreadable();
            i++;
            return inside;
        }

        private int groupEnd(int from) {
            int depth = 0;
            int k = from;
            while (k < re.length()) {
                char c = re.charAt(k);
                if (c == '\\') {
                    k += 2;
                    continue;
                }
                if (c == '[') {
                    k = classEnd(re, k);
                    if (k < 0) throw new Unreadable();
                    continue;
                }
                if (c == '(') depth++;
                else if (c == ')' && --depth == 0) return k + 1;
                k++;
            }
            throw new Unreadable();
        }

        /** Reads the quantifier after an atom, with its lazy or possessive mark. */
        private Times quantifier() {
            if (i >= re.length()) return Times.ONCE;
            char c = re.charAt(i);
            Times times;
            if (c == '?' || c == '*') {
                times = Times.MAYBE_NEVER;
                i++;
            } else if (c == '+') {
                times = Times.AT_LEAST_ONCE;
                i++;
            } else if (c == '{') {
                int close = re.indexOf('}', i);
                if (close < 0) throw new Unreadable();
                String bounds = re.substring(i + 1, close);
                int comma = bounds.indexOf(',');
                String min = comma < 0 ? bounds : bounds.substring(0, comma);
                if (min.isEmpty() || !min.chars().allMatch(Character::isDigit)) throw new Unreadable();
                times = Integer.parseInt(min) > 0 ? Times.AT_LEAST_ONCE : Times.MAYBE_NEVER;
                i = close + 1;
            } else {
                return Times.ONCE;
            }
            if (i < re.length() && (re.charAt(i) == '?' || re.charAt(i) == '+')) i++;
            return times;
        }
    }

    private static Literals chars(String chars) {
        List<String> l = chars.chars().mapToObj(Character::toString).toList();
        return new Literals(l, l, true);
    }

    private static Literals text(String s) {
        List<String> l = List.of(s);
        return new Literals(l, l, true);
    }

    /** The set, or {@link #ANY} when it holds the empty text or is too large to be worth testing. */
    private static List<String> known(java.util.Collection<String> texts, int max) {
        return texts.isEmpty() || texts.contains("") || texts.size() > max ? ANY : List.copyOf(texts);
    }

    /** Every text of {@code a} followed by every text of {@code b}; null when that is more than {@link #MAX_SET}. */
    private static List<String> product(List<String> a, List<String> b) {
        if (a == ANY) return b;
        if (b == ANY) return a;
        if ((long) a.size() * b.size() > MAX_SET) return null;
        var out = new LinkedHashSet<String>();
        for (String x : a) for (String y : b) out.add(x + y);
        return List.copyOf(out);
    }

    /** The more selective of two filters: usable (at most {@link #MAX_REQUIRED} texts), then longest shortest text. */
    private static List<String> better(List<String> a, List<String> b) {
        if (b == ANY || b.size() > MAX_REQUIRED) return a;
        if (a == ANY || a.size() > MAX_REQUIRED) return b;
        int ma = a.stream().mapToInt(String::length).min().orElse(0);
        int mb = b.stream().mapToInt(String::length).min().orElse(0);
        return mb > ma || (mb == ma && b.size() < a.size()) ? b : a;
    }
}
