package io.aismush.compress;

import java.util.regex.Pattern;

/** Recognises data (JSON, XML, YAML, CSV) in command output: data is never altered inside. Pure. */
final class DataShape {
    private DataShape() {}

    /** What a YAML line looks like; {@link #yamlLine} answers as {@code YAML_LINE.matcher(line).matches()} does. */
    static final Pattern YAML_LINE = Pattern.compile("^\\s*(- )?[\\w.\"'/-]+:( .*)?$|^\\s*- .*$|^\\s*#.*$|^\\s*$|^---$");

    static boolean isData(String text) {
        String t = text.strip();
        if (t.isEmpty()) return false;
        char first = t.charAt(0);
        char last = t.charAt(t.length() - 1);
        if ((first == '{' && last == '}') || (first == '[' && last == ']')) return true;
        if (first == '<' && last == '>') return true;
        if (t.startsWith("---") || t.startsWith("apiVersion:")) return true;
        return mostlyYamlOrCsv(t);
    }

    private static boolean mostlyYamlOrCsv(String t) {
        int lines = 1; // t is stripped: no empty last line
        for (int nl = t.indexOf('\n'); nl >= 0; nl = t.indexOf('\n', nl + 1)) lines++;
        if (lines < 4) return false;
        int yaml = 0;
        int notYaml = 0;
        int commas = -1;
        boolean csv = true;
        for (int start = 0, k = 0; k < lines; k++) {
            int end = t.indexOf('\n', start);
            if (end < 0) end = t.length();
            if (yamlLine(t, start, end)) yaml++;
            else notYaml++;
            if (csv) {
                int c = commas(t, start, end);
                if (commas == -1) commas = c;
                else if (c != commas) csv = false;
            }
            if (!csv && notYaml > lines * 0.1) return false; // neither can hold any more: a log is told early
            start = end + 1;
        }
        return yaml >= lines * 0.9 || (csv && commas > 0);
    }

    private static int commas(String t, int from, int to) {
        int n = 0;
        for (int i = t.indexOf(',', from, to); i >= 0; i = t.indexOf(',', i + 1, to)) n++;
        return n;
    }

    /**
     * Whether {@code t[from, to)} is a YAML line ({@link #YAML_LINE}), without a regex: it runs on every line of
     * every listing. Leading whitespace can only be the {@code \s*}, as nothing after it matches whitespace; a key
     * runs to the first character outside its class, which must be the colon.
     */
    static boolean yamlLine(String t, int from, int to) {
        int i = from;
        while (i < to && isSpace(t.charAt(i))) i++;
        if (i == to) return true; // ^\s*$
        if (to - from == 3 && t.startsWith("---", from)) return true; // ^---$
        char c = t.charAt(i);
        if (c == '#') return oneLine(t, i + 1, to); // ^\s*#.*$
        boolean item = c == '-' && i + 1 < to && t.charAt(i + 1) == ' ';
        if (item && oneLine(t, i + 2, to)) return true; // ^\s*- .*$
        int key = item ? i + 2 : i;
        int k = key;
        while (k < to && keyChar(t.charAt(k))) k++;
        if (k == key || k == to || t.charAt(k) != ':') return false;
        return k + 1 == to || (t.charAt(k + 1) == ' ' && oneLine(t, k + 2, to)); // ^\s*(- )?[\w."'/-]+:( .*)?$
    }

    /** {@code \s}: ASCII whitespace. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** {@code [\w."'/-]}. */
    private static boolean keyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '"'
                || c == '\'' || c == '/' || c == '-';
    }

    /** Whether {@code .*} takes all of {@code t[from, to)}: it holds no line terminator. */
    private static boolean oneLine(String t, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') return false;
        }
        return true;
    }
}
