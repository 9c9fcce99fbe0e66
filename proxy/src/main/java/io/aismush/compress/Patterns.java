package io.aismush.compress;

import java.util.Locale;
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

    /** Whether the line holds a word that means something went wrong ({@link #ALARM}). */
    static boolean alarm(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        for (String stem : ALARM_STEMS) {
            if (lower.contains(stem)) return ALARM.matcher(line).find();
        }
        return false;
    }
}
