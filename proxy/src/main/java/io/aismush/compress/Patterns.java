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

    /**
     * Whether the line holds a word that means something went wrong ({@link #ALARM}). Every match of {@link #ALARM}
     * starts at one of the stems (or one character before it: {@code \w(Warning|Error|Exception):}), so the
     * expression is tried only there instead of at every position of the line; transparent bounds let its word
     * boundaries see the characters before.
     */
    static boolean alarm(String line) {
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
