package io.aismush.compress;

import io.aismush.wire.Json;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, in one streaming pass over a Messages body, every {@code tool_result} with the byte ranges of its text and
 * the {@code tool_use} that produced it. Nothing is decoded: the ranges are the raw JSON string literals, so a caller
 * can hash them and splice replacements into the body while every other byte stays as the client sent it.
 * Stateless and thread-safe.
 */
final class ToolResults {
    private ToolResults() {}

    /** A raw JSON value in the body: {@code [start, end)}. */
    record Span(int start, int end) {
        int length() {
            return end - start;
        }
    }

    /** The call that produced a result: the tool's name and its raw {@code input} object. */
    record Call(String name, Span input) {}

    /**
     * One tool result.
     *
     * @param texts the string literals of its text: the content itself when it is a string, else each text block's text
     * @param call  the tool_use it answers, or null when none precedes it
     */
    record Site(String toolUseId, boolean error, List<Span> texts, Call call) {}

    /** Every tool result in message order; empty when the body has no messages array. */
    static List<Site> scan(byte[] body) {
        var sites = new ArrayList<Site>();
        var calls = new HashMap<String, Call>();
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return sites;
            for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("messages") && v == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) message(p, body, calls, sites);
                } else {
                    p.skipChildren();
                }
            }
        }
        return sites;
    }

    private static void message(JsonParser p, byte[] body, Map<String, Call> calls, List<Site> sites) {
        for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("content") && v == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) block(p, body, calls, sites);
            } else {
                p.skipChildren();
            }
        }
    }

    private static void block(JsonParser p, byte[] body, Map<String, Call> calls, List<Site> sites) {
        String type = null;
        String id = null;
        String toolUseId = null;
        String name = null;
        boolean error = false;
        Span input = null;
        List<Span> texts = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "type" -> type = v == JsonToken.VALUE_STRING ? p.getString() : skip(p);
                case "id" -> id = v == JsonToken.VALUE_STRING ? p.getString() : skip(p);
                case "tool_use_id" -> toolUseId = v == JsonToken.VALUE_STRING ? p.getString() : skip(p);
                case "name" -> name = v == JsonToken.VALUE_STRING ? p.getString() : skip(p);
                case "is_error" -> error = v == JsonToken.VALUE_TRUE;
                case "input" -> input = v == JsonToken.START_OBJECT ? objectSpan(p) : skipSpan(p);
                case "content" -> texts = v == JsonToken.VALUE_STRING ? List.of(stringSpan(p, body))
                        : v == JsonToken.START_ARRAY ? textBlocks(p, body) : skipTexts(p);
                default -> p.skipChildren();
            }
        }
        if ("tool_use".equals(type) && id != null && name != null && input != null) calls.put(id, new Call(name, input));
        if ("tool_result".equals(type) && toolUseId != null && texts != null && !texts.isEmpty()) {
            sites.add(new Site(toolUseId, error, texts, calls.get(toolUseId)));
        }
    }

    /** The text literals of the blocks of a tool_result's content array; null when it holds anything but text. */
    private static List<Span> textBlocks(JsonParser p, byte[] body) {
        var spans = new ArrayList<Span>();
        boolean onlyText = true;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String type = null;
            Span text = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("type") && v == JsonToken.VALUE_STRING) type = p.getString();
                else if (field.equals("text") && v == JsonToken.VALUE_STRING) text = stringSpan(p, body);
                else p.skipChildren();
            }
            if ("text".equals(type) && text != null) spans.add(text);
            else onlyText = false;
        }
        return onlyText ? spans : null;
    }

    /** The span of the string literal the parser is on, found by scanning for its closing quote. */
    private static Span stringSpan(JsonParser p, byte[] body) {
        int start = (int) p.currentTokenLocation().getByteOffset();
        int i = start + 1;
        while (i < body.length) {
            byte b = body[i];
            if (b == '\\') i += 2;
            else if (b == '"') break;
            else i++;
        }
        return new Span(start, i + 1);
    }

    private static Span objectSpan(JsonParser p) {
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        return new Span(start, (int) p.currentTokenLocation().getByteOffset() + 1);
    }

    private static String skip(JsonParser p) {
        p.skipChildren();
        return null;
    }

    private static Span skipSpan(JsonParser p) {
        p.skipChildren();
        return null;
    }

    private static List<Span> skipTexts(JsonParser p) {
        p.skipChildren();
        return null;
    }
}
