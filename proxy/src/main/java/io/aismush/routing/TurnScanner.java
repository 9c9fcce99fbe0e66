package io.aismush.routing;

import io.aismush.context.TokenEstimator;
import io.aismush.pipeline.RequestBody;
import io.aismush.wire.ClaudeCode;
import io.aismush.wire.Headers;
import io.aismush.wire.JsonCursor;
import io.aismush.wire.Outline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts {@link TurnFeatures} from a Messages body's {@link Outline}, which the stages share: only the few short
 * strings routing needs are decoded (roles, types, ids, the human's words), so routing costs a few microseconds on a
 * 200 kB request. Stateless and thread-safe.
 */
public final class TurnScanner {
    /** Words that mark planning, design or investigation work in what the human wrote. */
    public static final Set<String> KEYWORDS = Set.of("plan", "design", "architecture", "architect", "refactor",
            "security", "debug", "why", "investigate", "review", "strategy", "tradeoff", "trade-off", "approach");

    /** Words that only mean planning when the human is not telling the agent to go ahead ("Good plan. Implement it."). */
    private static final Set<String> SOFT_KEYWORDS = Set.of("plan", "approach", "review");
    private static final Set<String> GO_AHEAD = Set.of("implement", "proceed", "apply", "execute", "continue", "go", "do");

    private static final Pattern WORD = Pattern.compile("[a-z][a-z-]+");
    private static final Pattern REMINDER = Pattern.compile("(?s)<system-reminder>.*?</system-reminder>");
    private static final int RECENT = 6;

    private final TokenEstimator tokens;

    public TurnScanner(TokenEstimator tokens) {
        this.tokens = tokens;
    }

    /** One message as the scanner saw it. */
    private record Message(String role, boolean humanText, boolean toolResultsOnly, int errors,
                           Map<String, String> toolCalls, List<String> resultIds, List<String> failedIds, String text) {}

    public TurnFeatures scan(byte[] body, Headers headers) {
        Outline outline;
        try {
            outline = Outline.of(body);
        } catch (RuntimeException e) {
            return empty(headers, body.length); // validation already ran; a body we cannot scan just gets defaults
        }
        return scan(outline, body.length, headers);
    }

    /** The features of a request body, from the outline the stages share. */
    public TurnFeatures scan(RequestBody body, Headers headers) {
        try {
            return scan(body.outline(), body.length(), headers);
        } catch (RuntimeException e) {
            return empty(headers, body.length());
        }
    }

    /** The features of a body from its outline (null when the body is not an object). */
    public TurnFeatures scan(Outline outline, int length, Headers headers) {
        if (outline == null) return empty(headers, length);
        String model = null;
        String userId = null;
        boolean thinking = false;
        long budget = 0;
        try {
            for (Outline.Member m : outline.members()) {
                var c = new JsonCursor(outline.bytes(), m.value().start(), m.value().end());
                switch (m.name()) {
                    case "model" -> model = outline.string(m.value(), null);
                    case "metadata" -> userId = c.peek() == '{' ? stringField(c, "user_id") : null;
                    case "thinking" -> {
                        if (c.peek() == '{') {
                            long[] b = {0};
                            String type = thinkingType(c, b);
                            thinking = "enabled".equals(type) || "adaptive".equals(type);
                            budget = "enabled".equals(type) ? b[0] : 0;
                        }
                    }
                    default -> { }
                }
            }
        } catch (RuntimeException e) {
            return empty(headers, length);
        }
        var messages = new ArrayList<Message>();
        boolean media = false;
        try {
            if (outline.regular()) media = messages(outline, messages); // odd shapes: routed on the top-level fields only
        } catch (RuntimeException e) {
            messages.clear();
        }
        // Size-based (calibrated) on purpose: the window is a routing preference, and the content-aware estimate costs
        // as much as this whole scan; the fitter uses the precise one where a provider's hard limit is at stake.
        return features(model, userId, headers, messages, thinking, budget, media, tokens.estimate((long) length));
    }

    private TurnFeatures features(String model, String userId, Headers headers, List<Message> messages, boolean thinking,
                                  long budget, boolean media, long estimatedTokens) {
        int lastHuman = -1;
        int humanTurns = 0;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).humanText) {
                lastHuman = i;
                humanTurns++;
            }
        }
        int steps = 0;
        for (int i = lastHuman + 1; i < messages.size(); i++) if (messages.get(i).role.equals("assistant")) steps++;
        Message last = lastOf(messages, "user");
        int errors = 0;
        for (int i = Math.max(0, messages.size() - RECENT); i < messages.size(); i++) errors += messages.get(i).errors;
        boolean repeated = repeatedFailingCall(messages, Math.max(0, lastHuman));
        String humanText = lastHuman >= 0 ? messages.get(lastHuman).text : "";
        return new TurnFeatures(model, ClaudeCode.sessionId(headers, userId),
                headers.first("x-claude-code-request-class").orElse(null),
                last != null && last.toolResultsOnly, steps, humanTurns, errors, repeated,
                estimatedTokens, thinking, budget, media, keywords(humanText));
    }

    /**
     * Going in circles: in the current tool loop, the same tool call (name and input) failed at least twice and has
     * not succeeded since. Once it succeeds, the loop is out of trouble.
     */
    private static boolean repeatedFailingCall(List<Message> messages, int from) {
        Map<String, String> calls = new HashMap<>();
        Map<String, Integer> failures = new HashMap<>();
        for (int i = from; i < messages.size(); i++) {
            Message m = messages.get(i);
            calls.putAll(m.toolCalls);
            for (String id : m.resultIds) {
                String signature = calls.get(id);
                if (signature == null) continue;
                if (m.failedIds.contains(id)) failures.merge(signature, 1, Integer::sum);
                else failures.remove(signature);
            }
        }
        return failures.values().stream().anyMatch(n -> n >= 2);
    }

    private static Message lastOf(List<Message> messages, String role) {
        for (int i = messages.size() - 1; i >= 0; i--) if (messages.get(i).role.equals(role)) return messages.get(i);
        return null;
    }

    static Set<String> keywords(String text) {
        var found = new LinkedHashSet<String>();
        boolean goAhead = false;
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String w = m.group();
            goAhead |= GO_AHEAD.contains(w);
            if (KEYWORDS.contains(w)) found.add(w);
            else if (w.endsWith("ing") || w.endsWith("ed") || w.endsWith("s")) {
                String stem = w.endsWith("ing") ? w.substring(0, w.length() - 3) : w.endsWith("ed") ? w.substring(0, w.length() - 2) : w.substring(0, w.length() - 1);
                String undoubled = stem.length() > 2 && stem.charAt(stem.length() - 1) == stem.charAt(stem.length() - 2)
                        ? stem.substring(0, stem.length() - 1) : stem; // debugging → debug
                if (KEYWORDS.contains(stem)) found.add(stem);
                else if (KEYWORDS.contains(undoubled)) found.add(undoubled);
                else if (KEYWORDS.contains(stem + "e")) found.add(stem + "e");
            }
        }
        if (goAhead && SOFT_KEYWORDS.containsAll(found)) return Set.of();
        return Set.copyOf(found);
    }

    /** Reads every message of the outline into {@code into}; says whether any carries an image or a document. */
    private static boolean messages(Outline o, List<Message> into) {
        boolean media = false;
        int p = 0;
        for (int m = 0; m < o.messageCount(); m++) {
            boolean user = o.roleIs(m, "user");
            var texts = new StringBuilder();
            boolean anyResult = false;
            int errors = 0;
            var toolCalls = new HashMap<String, String>();
            var failedIds = new ArrayList<String>();
            var resultIds = new ArrayList<String>();
            for (; p < o.partCount() && o.messageOf(p) == m; p++) {
                if (o.kind(p) == Outline.PartKind.STRING_CONTENT) {
                    if (user) texts.append(o.string(o.text(p), "")).append('\n');
                    continue;
                }
                JsonCursor.Span type = o.type(p);
                if (o.stringIs(type, "text")) {
                    if (user) texts.append(o.string(o.text(p), "")).append('\n');
                } else if (o.stringIs(type, "tool_result")) {
                    anyResult = true;
                    String id = o.string(o.id(p), null);
                    resultIds.add(id);
                    if (o.isError(p)) {
                        errors++;
                        failedIds.add(id);
                    }
                } else if (o.stringIs(type, "tool_use")) {
                    JsonCursor.Span input = o.input(p);
                    int hash = input == null ? 0 : hash(o.bytes(), input.start(), input.end());
                    toolCalls.put(o.string(o.id(p), null), o.string(o.name(p), null) + "#" + hash);
                } else if (o.stringIs(type, "image") || o.stringIs(type, "document")) {
                    media = true;
                } // thinking and other blocks say nothing about routing
            }
            String role = o.role(m);
            String text = "";
            boolean human = false;
            if (user) {
                text = (texts.indexOf("<system-reminder>") < 0 ? texts.toString() : REMINDER.matcher(texts).replaceAll("")).strip();
                human = !text.isEmpty();
            }
            into.add(new Message(role, human, user && anyResult && !human, errors, toolCalls, resultIds, failedIds, text));
        }
        return media;
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 1;
        for (int i = Math.max(0, from); i < to; i++) h = 31 * h + b[i];
        return h;
    }

    private static String thinkingType(JsonCursor c, long[] budget) {
        String type = null;
        c.enter('{');
        while (c.more('}')) {
            String field = c.text();
            c.colon();
            byte v = c.peek();
            if (field.equals("type") && v == '"') {
                type = c.text();
            } else if (field.equals("budget_tokens") && (v == '-' || v >= '0' && v <= '9')) {
                JsonCursor.Span n = c.value();
                String digits = new String(c.bytes(), n.start(), n.length(), StandardCharsets.US_ASCII);
                if (digits.chars().allMatch(ch -> ch == '-' || ch >= '0' && ch <= '9')) budget[0] = parseLong(digits);
            } else {
                c.value();
            }
        }
        return type;
    }

    /** A whole number as a parser reads it into a long: out-of-range values wrap no further than the long's range. */
    private static long parseLong(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return digits.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static String stringField(JsonCursor c, String name) {
        String value = null;
        c.enter('{');
        while (c.more('}')) {
            String field = c.text();
            c.colon();
            if (field.equals(name) && c.peek() == '"') value = c.text();
            else c.value();
        }
        return value;
    }

    private TurnFeatures empty(Headers headers, int length) {
        return new TurnFeatures(null, ClaudeCode.sessionId(headers, null), headers.first("x-claude-code-request-class").orElse(null),
                false, 0, 0, 0, false, tokens.estimate(length), false, 0, false, Set.of());
    }
}
