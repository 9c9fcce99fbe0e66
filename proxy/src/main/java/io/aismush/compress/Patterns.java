package io.aismush.compress;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compiled patterns shared by several rule sets. */
final class Patterns {
    private Patterns() {}

    static final Pattern ALARM = Pattern.compile(LineRules.ALARM);

    /**
     * Every alarm word contains one of these (lower-cased), so a line with none of them cannot match {@link #ALARM}.
     * Most log lines have none, and a few substring searches cost a fraction of the case-insensitive alternation.
     */
    private static final String[] ALARM_STEMS = {"err", "fail", "exception", "panic", "fatal", "warn", "assert", "expected",
            "caused by", "✕", "✗", "×", "undefined reference", "segmentation fault", "traceback"};

    /** The ASCII stems (lower-case letters and spaces) by their first letter, in either case. */
    private static final String[][] STEMS_BY_FIRST = new String[128][];

    static {
        for (String stem : ALARM_STEMS) {
            char first = stem.charAt(0);
            if (first >= 128) continue;
            for (char c : new char[] {first, Character.toUpperCase(first)}) {
                String[] old = STEMS_BY_FIRST[c] == null ? new String[0] : STEMS_BY_FIRST[c];
                String[] stems = java.util.Arrays.copyOf(old, old.length + 1);
                stems[old.length] = stem;
                STEMS_BY_FIRST[c] = stems;
            }
        }
    }

    /**
     * Whether the line holds a word that means something went wrong ({@link #ALARM}). Every match of {@link #ALARM}
     * starts at one of the stems (or one character before it: {@code \w(Warning|Error|Exception):}), so the
     * expression is tried only there instead of at every position of the line; transparent bounds let its word
     * boundaries see the characters before. An ASCII line (nearly every log line) is searched for the stems in one pass
     * that lower-cases as it reads; any other goes through {@link String#toLowerCase}.
     */
    static boolean alarm(String line) {
        Matcher m = null;
        for (int at = 0; at < line.length(); at++) {
            char c = line.charAt(at);
            if (c >= 128) return alarmLowerCased(line);
            String[] stems = STEMS_BY_FIRST[c];
            if (stems == null || !anyStemAt(stems, line, at)) continue;
            if (m == null) m = ALARM.matcher(line).useTransparentBounds(true);
            if (startsAt(m, at, line) || (at > 0 && startsAt(m, at - 1, line))) return true;
        }
        return false;
    }

    /**
     * Whether one of the stems starts at {@code at}, read lower-cased: in ASCII only the letters change, and
     * {@code c | 0x20} is a letter's lower case (no other character becomes a letter so).
     */
    private static boolean anyStemAt(String[] stems, String line, int at) {
        for (String stem : stems) {
            if (at + stem.length() > line.length()) continue;
            int k = 1;
            while (k < stem.length()) {
                char s = stem.charAt(k);
                char c = line.charAt(at + k);
                if (s == ' ' ? c != ' ' : (c | 0x20) != s) break;
                k++;
            }
            if (k == stem.length()) return true;
        }
        return false;
    }

    /** {@link #alarm} for a line that is not all ASCII: its lower case may hold the stems that are not, too. */
    private static boolean alarmLowerCased(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.length() != line.length()) return ALARM.matcher(line).find(); // 'İ' lower-cases to two chars: positions differ
        Matcher m = null;
        for (String stem : ALARM_STEMS) {
            for (int at = lower.indexOf(stem); at >= 0; at = lower.indexOf(stem, at + 1)) {
                if (m == null) m = ALARM.matcher(line).useTransparentBounds(true);
                if (startsAt(m, at, line) || (at > 0 && startsAt(m, at - 1, line))) return true;
            }
        }
        return false;
    }

    private static boolean startsAt(Matcher m, int at, String line) {
        return m.region(at, line.length()).lookingAt();
    }
}
