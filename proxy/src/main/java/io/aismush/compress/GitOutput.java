package io.aismush.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compact forms of {@code git status}, {@code diff}, {@code log} and {@code show} that keep every changed path and
 * every hunk exactly: only git's hints, blob ids, e-mail addresses and the indentation of log messages go. Pure.
 */
final class GitOutput {
    private GitOutput() {}

    private static final Pattern HINT = Pattern.compile("^\\s+\\(use \"git .*\\)$|^\\s+\\(commit or discard the untracked or modified content in submodules\\)$");
    private static final Pattern INDEX = Pattern.compile("^index [0-9a-f]+\\.\\.[0-9a-f]+( \\d+)?$");
    private static final Pattern COMMIT = Pattern.compile("^commit ([0-9a-f]{40})(.*)$");
    private static final Pattern AUTHOR = Pattern.compile("^Author:\\s+(.*?)\\s*(<[^>]*>)?$");
    private static final Pattern DATE = Pattern.compile("^(?:Author)?Date:\\s+(.*)$");

    /** The compact form, or null when it would save nothing worth having. */
    static String compact(String verb, String text) {
        List<String> lines = Lines.split(text);
        List<String> out = switch (verb) {
            case "status" -> status(lines);
            case "diff" -> diff(lines);
            default -> log(lines);
        };
        String result = Lines.join(out, text.endsWith("\n"));
        return result.length() < text.length() * 0.9 ? result : null;
    }

    /** The expressions run only on lines that start as they must: most lines of a diff or log start otherwise. */
    private static boolean isIndex(String line) {
        return line.startsWith("index ") && INDEX.matcher(line).matches();
    }

    private static List<String> status(List<String> lines) {
        var out = new ArrayList<String>(lines.size());
        for (String line : lines) {
            if (!line.isEmpty() && LinePattern.isSpace(line.charAt(0)) && HINT.matcher(line).matches()) continue;
            if (line.isBlank() && !out.isEmpty() && out.getLast().isBlank()) continue;
            out.add(line.startsWith("\t") ? "  " + line.substring(1) : line);
        }
        return out;
    }

    private static List<String> diff(List<String> lines) {
        var out = new ArrayList<String>(lines.size());
        for (String line : lines) if (!isIndex(line)) out.add(line);
        return out;
    }

    /** Each commit header becomes one line: short id, author, date; the message loses its four-space indent. */
    private static List<String> log(List<String> lines) {
        var out = new ArrayList<String>(lines.size());
        String commit = null;
        String author = "";
        boolean inDiff = false;
        for (String line : lines) {
            Matcher c = line.startsWith("commit ") ? COMMIT.matcher(line) : null;
            if (c != null && c.matches()) {
                commit = c.group(1).substring(0, 12) + c.group(2);
                author = "";
                inDiff = false;
                continue;
            }
            if (commit != null) {
                Matcher a = line.startsWith("Author:") ? AUTHOR.matcher(line) : null;
                Matcher d = line.startsWith("Date:") || line.startsWith("AuthorDate:") ? DATE.matcher(line) : null;
                if (a != null && a.matches()) {
                    author = a.group(1);
                    continue;
                }
                if (d != null && d.matches()) {
                    out.add("commit " + commit + " · " + author + " · " + d.group(1).trim());
                    commit = null;
                    continue;
                }
                if (line.startsWith("Merge:") || line.startsWith("Commit:") || line.startsWith("CommitDate:")) continue;
                out.add("commit " + commit + " · " + author);
                commit = null;
            }
            if (line.startsWith("diff --git")) inDiff = true;
            if (inDiff) {
                if (!isIndex(line)) out.add(line);
            } else if (line.startsWith("    ")) {
                out.add("  " + line.substring(4));
            } else if (!(line.isBlank() && !out.isEmpty() && out.getLast().isBlank())) {
                out.add(line);
            }
        }
        if (commit != null) out.add("commit " + commit + " · " + author);
        return out;
    }
}
