package io.aismush.compress;

/**
 * The lines compression inserts where it removed something. Each starts with {@code [aismush:} so neither the model
 * nor a person can take one for output, and says what was removed and how to get it back.
 */
final class Marker {
    private Marker() {}

    static final String PREFIX = "[aismush: ";

    static String omitted(int lines) {
        return PREFIX + lines + (lines == 1 ? " line" : " lines") + " omitted]";
    }

    static String repeated(int times) {
        return PREFIX + "the line above repeated " + times + " more " + (times == 1 ? "time" : "times") + "]";
    }

    static String similar(int lines) {
        return PREFIX + lines + " similar lines omitted]";
    }

    static String frames(int frames) {
        return PREFIX + frames + " framework stack frames omitted]";
    }

    static String condensed(String what, int dropped, int total) {
        return PREFIX + what + " condensed: " + dropped + " of " + total + " lines omitted (progress, passing tests,"
                + " framework frames); failures, errors, warnings, summary kept. Re-run for the full output.]";
    }

    static String truncated(int chars, int lines) {
        return PREFIX + String.format("%,d", chars) + " characters (" + lines + " lines) omitted from the middle of this"
                + " output. Re-run the command piped through grep, head or tail to see them.]";
    }

    static String reread(String earlierId, String path) {
        return PREFIX + "this result is identical, byte for byte, to the result of the earlier Read call " + earlierId
                + (path == null ? "" : " (" + path + ")") + " in this conversation, so it is not repeated here. Refer to"
                + " that result; if it is no longer in view, Read the file again.]";
    }

    static String commentsStripped() {
        return PREFIX + "comments were stripped from this view of the file (compression.stripComments); the line numbers"
                + " are the file's own. Lines shown may differ from the file: Read the file again before editing it.]";
    }
}
