package io.aismush.compress;

import java.util.function.Predicate;

/**
 * The line rules' most frequently tried alternatives, written out by hand: on a long log these expressions are tried on
 * thousands of lines, and a matcher per line cost more than the rest of a rule. Each gives the answer its expression
 * gives with {@code lookingAt} ({@code HandTest} holds every one to its expression on corpus and random lines),
 * line terminators included: {@code .} does not cross one, and {@code $} also matches before a final one.
 */
final class Hand {
    private Hand() {}

    private static final String PROGRESS = ".FEsxX"; // pytest's result letters

    /** The hand-written matcher of an alternative (as written in its rule, with its {@code ^}), or null. */
    static Predicate<String> of(String alternative) {
        return switch (alternative) {
            case "^\\[INFO\\] *$" -> Hand::mavenBlank;
            case "^\\[INFO\\] Tests run:.*Time elapsed" -> Hand::mavenTestsRun;
            case "^test .* \\.\\.\\. (ok|ignored)$" -> line -> cargoTest(line, " ... ok") || cargoTest(line, " ... ignored");
            case "^test .* \\.\\.\\. FAILED$" -> line -> cargoTest(line, " ... FAILED");
            case "^\\S+\\.py [.FEsxX]+\\s*(\\[\\s*\\d+%\\])?$" -> Hand::pytestFileProgress;
            case "^[.FEsxX]{3,}\\s*(\\[\\s*\\d+%\\])?$" -> Hand::pytestProgress;
            default -> null;
        };
    }

    /** {@code ^\[INFO\] *$} */
    static boolean mavenBlank(String s) {
        if (!s.startsWith("[INFO]")) return false;
        int i = 6;
        while (i < s.length() && s.charAt(i) == ' ') i++;
        return endAt(s, i);
    }

    /** {@code ^\[INFO\] Tests run:.*Time elapsed} */
    static boolean mavenTestsRun(String s) {
        if (!s.startsWith("[INFO] Tests run:")) return false;
        int found = s.indexOf("Time elapsed", 17);
        return found >= 0 && noTerminator(s, 17, found);
    }

    /** {@code ^test .*<suffix>$}, the suffix holding no line terminator. */
    static boolean cargoTest(String s, String suffix) {
        if (!s.startsWith("test ")) return false;
        int n = s.length();
        for (int end = n; end >= n - 2 && end >= 0; end--) { // where $ may match: the end, or before a final terminator
            int start = end - suffix.length();
            if (start >= 5 && endAt(s, end) && s.startsWith(suffix, start) && noTerminator(s, 5, start)) return true;
        }
        return false;
    }

    /** {@code ^\S+\.py [.FEsxX]+\s*(\[\s*\d+%\])?$} */
    static boolean pytestFileProgress(String s) {
        int space = 0; // the first \s: \S+ ends there, so ".py" must end there too
        while (space < s.length() && !isSpace(s.charAt(space))) space++;
        if (space < 4 || space == s.length() || s.charAt(space) != ' ' || !s.startsWith(".py", space - 3)) return false;
        int i = space + 1;
        int letters = i;
        while (i < s.length() && PROGRESS.indexOf(s.charAt(i)) >= 0) i++;
        return i > letters && percentTail(s, i);
    }

    /** {@code ^[.FEsxX]{3,}\s*(\[\s*\d+%\])?$} */
    static boolean pytestProgress(String s) {
        int i = 0;
        while (i < s.length() && PROGRESS.indexOf(s.charAt(i)) >= 0) i++;
        return i >= 3 && percentTail(s, i);
    }

    /** {@code \s*(\[\s*\d+%\])?$} from {@code i}. */
    private static boolean percentTail(String s, int i) {
        i = skipSpace(s, i);
        if (endAt(s, i)) return true;
        if (i == s.length() || s.charAt(i) != '[') return false;
        i = skipSpace(s, i + 1);
        int digits = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        if (i == digits || i + 1 >= s.length() || s.charAt(i) != '%' || s.charAt(i + 1) != ']') return false;
        return endAt(s, i + 2);
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) i++;
        return i;
    }

    /** {@code \s}: ASCII whitespace. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static boolean isTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    private static boolean noTerminator(String s, int from, int to) {
        for (int i = from; i < to; i++) if (isTerminator(s.charAt(i))) return false;
        return true;
    }

    /** Whether {@code $} (not multiline) matches at {@code i}: the end, or before a final line terminator. */
    static boolean endAt(String s, int i) {
        int n = s.length();
        if (i == n) return true;
        if (i == n - 2) return s.charAt(i) == '\r' && s.charAt(i + 1) == '\n';
        if (i != n - 1) return false;
        char c = s.charAt(i);
        if (c == '\n') return i == 0 || s.charAt(i - 1) != '\r';
        return c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
