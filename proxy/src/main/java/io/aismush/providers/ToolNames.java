package io.aismush.providers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A reversible renaming of tool names for upstreams that only accept {@code [a-zA-Z0-9_-]{1,64}} (OpenAI-style
 * servers, DeepSeek). A valid name maps to itself; any other name maps to its sanitised prefix, {@code _}, and a
 * short hash of the original, so two different originals never share an upstream name, nor does a renamed tool
 * take the name of a valid one.
 *
 * <p>The mapping is a pure function of the <em>set</em> of names (neither their order nor the clock matters), so
 * the same tools get the same upstream names every turn and the provider's prompt cache keeps hitting. Immutable
 * and thread-safe.
 */
public final class ToolNames {
    /** What OpenAI-compatible servers accept as a function name. */
    public static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final int MAX = 64;
    private static final int HASH_CHARS = 8;

    private final Map<String, String> upstreamByOriginal;
    private final Map<String, String> originalByUpstream;

    private ToolNames(Map<String, String> upstreamByOriginal) {
        this.upstreamByOriginal = Map.copyOf(upstreamByOriginal);
        var reverse = new HashMap<String, String>();
        upstreamByOriginal.forEach((original, upstream) -> reverse.put(upstream, original));
        this.originalByUpstream = Map.copyOf(reverse);
    }

    /**
     * The mapping for one request's tools: every name the request mentions (its {@code tools[]}, its
     * {@code tool_choice}, the {@code tool_use} blocks of its history). Duplicates and nulls are ignored.
     */
    public static ToolNames forRequest(List<String> originalNames) {
        var names = new TreeSet<String>();
        for (String n : originalNames) if (n != null) names.add(n);
        var mapping = new HashMap<String, String>();
        Set<String> taken = new HashSet<>();
        for (String n : names) {
            if (VALID.matcher(n).matches()) {
                mapping.put(n, n);
                taken.add(n);
            }
        }
        // Renamed names are assigned in sorted order, so a (practically impossible) hash clash resolves the same way every turn.
        for (String n : names) {
            if (mapping.containsKey(n)) continue;
            String candidate = renamed(n, 0);
            for (int salt = 1; taken.contains(candidate); salt++) candidate = renamed(n, salt);
            mapping.put(n, candidate);
            taken.add(candidate);
        }
        return new ToolNames(mapping);
    }

    /** The name to send upstream; a name the request did not list is renamed by the same rule. */
    public String toUpstream(String original) {
        if (original == null) return null;
        String mapped = upstreamByOriginal.get(original);
        if (mapped != null) return mapped;
        return VALID.matcher(original).matches() ? original : renamed(original, 0);
    }

    /** The client's name for a name the upstream used; names this mapping did not make are returned unchanged. */
    public String toClient(String upstreamName) {
        if (upstreamName == null) return null;
        return originalByUpstream.getOrDefault(upstreamName, upstreamName);
    }

    /** The sanitised prefix of {@code name}, then {@code _} and a hash of the name (and of a salt, after a clash). */
    private static String renamed(String name, int salt) {
        var prefix = new StringBuilder(Math.min(name.length(), MAX));
        for (int i = 0; i < name.length() && prefix.length() < MAX - HASH_CHARS - 1; i++) {
            char c = name.charAt(i);
            prefix.append(isAllowed(c) ? c : '_');
        }
        if (prefix.isEmpty()) prefix.append("tool");
        return prefix + "_" + hash(salt == 0 ? name : name + "\u0000" + salt);
    }

    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** The first {@value #HASH_CHARS} hex digits of the SHA-256 of {@code text}. */
    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HASH_CHARS / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
