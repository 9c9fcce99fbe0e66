package io.aismush.memory;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a memory applies: a project (the working directory Claude Code states in its prompt, normalised so the same
 * folder always gives the same key, Windows paths included) or {@link #GLOBAL} for the user's general preferences.
 */
public final class Scope {
    /** The scope of memories that apply in every project. */
    public static final String GLOBAL = "*";

    private static final Pattern WORKING_DIR = Pattern.compile("(?im)working directory:[ \\t]*([^\\n\\r<\"]{1,400})");
    private static final Pattern WINDOWS = Pattern.compile("^[A-Za-z]:([\\\\/].*)?$|^\\\\\\\\.*");

    private Scope() {}

    /**
     * The project a Messages request works on: the working directory stated in its {@code role:"system"} environment
     * message (PROTOCOL §2), else in its system prompt; null when none is stated.
     */
    public static String projectOf(JsonNode request) {
        for (JsonNode m : request.path("messages")) {
            if ("system".equals(m.path("role").asString(""))) {
                String found = find(textOf(m.path("content")));
                if (found != null) return found;
            }
        }
        String found = find(textOf(request.path("system")));
        if (found != null) return found;
        JsonNode first = request.path("messages").path(0);
        return find(textOf(first.path("content")));
    }

    static String textOf(JsonNode content) {
        if (content.isString()) return content.asString();
        var sb = new StringBuilder();
        for (JsonNode b : content) if (b.path("text").isString()) sb.append(b.path("text").asString()).append('\n');
        return sb.toString();
    }

    private static String find(String text) {
        Matcher m = WORKING_DIR.matcher(text);
        return m.find() ? normalise(m.group(1)) : null;
    }

    /**
     * The canonical form of a directory: separators as {@code /}, no {@code .}, {@code ..} or trailing separator;
     * Windows paths (drive letters, UNC) lower-cased, since Windows treats names case-insensitively.
     */
    public static String normalise(String raw) {
        if (raw == null) return null;
        String p = raw.strip();
        if (p.length() >= 2 && (p.startsWith("\"") && p.endsWith("\"") || p.startsWith("'") && p.endsWith("'"))) p = p.substring(1, p.length() - 1);
        if (p.isEmpty()) return null;
        boolean windows = WINDOWS.matcher(p).matches();
        boolean unc = p.startsWith("\\\\") || (windows && p.startsWith("//"));
        p = p.replace('\\', '/');
        var parts = new ArrayList<String>();
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) {
                if (!parts.isEmpty()) parts.removeLast();
                continue;
            }
            parts.add(seg);
        }
        String joined = String.join("/", parts);
        String out = unc ? "//" + joined : windows ? joined : p.startsWith("/") ? "/" + joined : joined;
        if (windows && out.length() == 2) out += "/"; // "C:" alone is the drive's root
        return windows ? out.toLowerCase(Locale.ROOT) : out;
    }
}
