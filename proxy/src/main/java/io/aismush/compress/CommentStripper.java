package io.aismush.compress;

import java.util.Locale;

/**
 * Removes comments from source text, aware of strings and of each language's comment syntax (C-family: Java, JS/TS,
 * Go, Rust, C/C++, C#, Kotlin, Swift; Python; shell). Keeps every line break, so line numbers stay true; strips the
 * whitespace a removed trailing comment leaves. Opt-in only: the result is no longer the file's text. Pure.
 */
final class CommentStripper {
    private CommentStripper() {}

    enum Language { C_FAMILY, JS, GO, PYTHON, SHELL }

    /** The language of a file by its extension, or null when comments cannot be stripped safely. */
    static Language of(String path) {
        if (path == null) return null;
        String p = path.toLowerCase(Locale.ROOT);
        int dot = p.lastIndexOf('.');
        String ext = dot < 0 ? "" : p.substring(dot + 1);
        return switch (ext) {
            case "java", "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "cs", "kt", "kts", "swift", "scala", "rs", "dart" -> Language.C_FAMILY;
            case "js", "mjs", "cjs", "jsx", "ts", "tsx", "mts", "cts" -> Language.JS;
            case "go" -> Language.GO;
            case "py", "pyi" -> Language.PYTHON;
            case "sh", "bash", "zsh", "ksh" -> Language.SHELL;
            default -> null;
        };
    }

    static String strip(String code, Language lang) {
        var out = new StringBuilder(code.length());
        int n = code.length();
        int i = 0;
        while (i < n) {
            char c = code.charAt(i);
            boolean hashComment = (lang == Language.PYTHON && c == '#')
                    || (lang == Language.SHELL && c == '#' && (i == 0 || Character.isWhitespace(code.charAt(i - 1)) || code.charAt(i - 1) == ';')
                    && !(i == 0 && code.startsWith("#!")));
            if (hashComment || (lang != Language.PYTHON && lang != Language.SHELL && c == '/' && i + 1 < n && code.charAt(i + 1) == '/')) {
                int end = code.indexOf('\n', i);
                i = end < 0 ? n : end;
                trimTrailing(out);
            } else if (lang != Language.PYTHON && lang != Language.SHELL && c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                int stop = end < 0 ? n : end + 2;
                for (int k = i; k < stop; k++) if (code.charAt(k) == '\n') {
                    trimTrailing(out);
                    out.append('\n');
                }
                i = stop;
                if (i >= n || code.charAt(i) == '\n') trimTrailing(out);
            } else if (isQuote(c, lang)) {
                int end = stringEnd(code, i, lang);
                out.append(code, i, end);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isQuote(char c, Language lang) {
        return c == '"' || c == '\'' || (c == '`' && (lang == Language.JS || lang == Language.GO || lang == Language.SHELL));
    }

    /** The index just after the string literal that starts at {@code start}. */
    private static int stringEnd(String code, int start, Language lang) {
        int n = code.length();
        char q = code.charAt(start);
        if ((q == '"' || q == '\'') && code.startsWith(String.valueOf(q).repeat(3), start)
                && (lang == Language.PYTHON || (q == '"' && lang == Language.C_FAMILY))) {
            String triple = String.valueOf(q).repeat(3);
            int end = code.indexOf(triple, start + 3);
            return end < 0 ? n : end + 3;
        }
        boolean escapes = !(q == '`' && lang == Language.GO) && !(q == '\'' && lang == Language.SHELL);
        boolean multiline = q == '`' || lang == Language.SHELL;
        int i = start + 1;
        while (i < n) {
            char c = code.charAt(i);
            if (escapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == q) return i + 1;
            if (c == '\n' && !multiline) break;
            i++;
        }
        // An unclosed quote on its line is no string (a Rust lifetime, an apostrophe): only the quote is consumed.
        return q == '\'' && lang == Language.C_FAMILY || i >= n ? Math.min(start + 1, n) : i;
    }

    private static void trimTrailing(StringBuilder out) {
        int len = out.length();
        while (len > 0 && (out.charAt(len - 1) == ' ' || out.charAt(len - 1) == '\t')) len--;
        out.setLength(len);
    }
}
