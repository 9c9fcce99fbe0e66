package io.aismush.routing;

import io.aismush.context.TokenEstimator;
import io.aismush.wire.ClaudeCode;
import io.aismush.wire.Headers;
import io.aismush.wire.Json;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

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
 * Extracts {@link TurnFeatures} from a Messages body in one streaming pass, without building a tree: the pass
 * costs about as much as the validation the proxy already does, so routing stays far below a millisecond on a
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
        String model = null;
        String userId = null;
        boolean thinking = false;
        long budget = 0;
        boolean media = false;
        var messages = new ArrayList<Message>();
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return empty(headers, body.length);
            for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "model" -> model = v == JsonToken.VALUE_STRING ? p.getString() : skip(p);
                    case "metadata" -> userId = v == JsonToken.START_OBJECT ? stringField(p, "user_id") : skip(p);
                    case "thinking" -> {
                        if (v == JsonToken.START_OBJECT) {
                            long[] b = {0};
                            String type = thinkingType(p, b);
                            thinking = "enabled".equals(type) || "adaptive".equals(type);
                            budget = "enabled".equals(type) ? b[0] : 0;
                        } else p.skipChildren();
                    }
                    case "messages" -> {
                        if (v == JsonToken.START_ARRAY) {
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                var flags = new boolean[1];
                                messages.add(message(p, body, flags));
                                media |= flags[0];
                            }
                        } else p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (RuntimeException e) {
            return empty(headers, body.length); // validation already ran; a body we cannot scan just gets defaults
        }
        // Size-based (calibrated) on purpose: the window is a routing preference, and the content-aware estimate costs
        // as much as this whole scan; the fitter uses the precise one where a provider's hard limit is at stake.
        return features(model, userId, headers, messages, thinking, budget, media, tokens.estimate((long) body.length));
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

    /** Reads one message object (the parser is on its START_OBJECT) up to its END_OBJECT. */
    private static Message message(JsonParser p, byte[] body, boolean[] media) {
        String role = "";
        var texts = new StringBuilder();
        boolean human = false;
        boolean anyResult = false;
        int errors = 0;
        var toolCalls = new HashMap<String, String>();
        var failedIds = new ArrayList<String>();
        var resultIds = new ArrayList<String>();
        for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("role") && v == JsonToken.VALUE_STRING) {
                role = p.getString();
            } else if (field.equals("content") && v == JsonToken.VALUE_STRING) {
                texts.append(p.getString()).append('\n');
            } else if (field.equals("content") && v == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    Block b = block(p, body);
                    switch (b.type) {
                        case "text" -> texts.append(b.text).append('\n');
                        case "tool_result" -> {
                            anyResult = true;
                            resultIds.add(b.id);
                            if (b.error) {
                                errors++;
                                failedIds.add(b.id);
                            }
                        }
                        case "tool_use" -> toolCalls.put(b.id, b.name + "#" + b.inputHash);
                        case "image", "document" -> media[0] = true;
                        default -> { } // thinking and other blocks say nothing about routing
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        String text = "";
        if (role.equals("user")) {
            text = REMINDER.matcher(texts).replaceAll("").strip();
            human = !text.isEmpty();
        }
        return new Message(role, human, role.equals("user") && anyResult && !human, errors, toolCalls, resultIds, failedIds, text);
    }

    private record Block(String type, String text, String id, String name, boolean error, int inputHash) {}

    private static Block block(JsonParser p, byte[] body) {
        String type = "";
        String text = "";
        String id = null;
        String name = null;
        boolean error = false;
        int inputHash = 0;
        for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "type" -> type = v == JsonToken.VALUE_STRING ? p.getString() : skipEmpty(p);
                case "text" -> text = v == JsonToken.VALUE_STRING ? p.getString() : skipEmpty(p);
                case "id", "tool_use_id" -> id = v == JsonToken.VALUE_STRING ? p.getString() : skip(p);
                case "name" -> name = v == JsonToken.VALUE_STRING ? p.getString() : skip(p);
                case "is_error" -> error = v == JsonToken.VALUE_TRUE;
                case "input" -> {
                    long start = p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    long end = p.currentTokenLocation().getByteOffset() + 1;
                    inputHash = hash(body, (int) start, (int) Math.min(end, body.length));
                }
                default -> p.skipChildren();
            }
        }
        return new Block(type, text, id, name, error, inputHash);
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 1;
        for (int i = Math.max(0, from); i < to; i++) h = 31 * h + b[i];
        return h;
    }

    private static String thinkingType(JsonParser p, long[] budget) {
        String type = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("type") && v == JsonToken.VALUE_STRING) type = p.getString();
            else if (field.equals("budget_tokens") && v == JsonToken.VALUE_NUMBER_INT) budget[0] = p.getLongValue();
            else p.skipChildren();
        }
        return type;
    }

    private static String stringField(JsonParser p, String name) {
        String value = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals(name) && v == JsonToken.VALUE_STRING) value = p.getString();
            else p.skipChildren();
        }
        return value;
    }

    private static String skip(JsonParser p) {
        p.skipChildren();
        return null;
    }

    private static String skipEmpty(JsonParser p) {
        p.skipChildren();
        return "";
    }

    private TurnFeatures empty(Headers headers, int length) {
        return new TurnFeatures(null, ClaudeCode.sessionId(headers, null), headers.first("x-claude-code-request-class").orElse(null),
                false, 0, 0, 0, false, tokens.estimate(length), false, 0, false, Set.of());
    }
}
