package io.aismush.compress;

import java.util.regex.Pattern;

/** Compiled patterns shared by several rule sets. */
final class Patterns {
    private Patterns() {}

    static final Pattern ALARM = Pattern.compile(LineRules.ALARM);
}
