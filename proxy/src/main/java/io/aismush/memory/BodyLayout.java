package io.aismush.memory;

import io.aismush.wire.Json;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Where things are in a Messages body, found with one streaming pass and no tree: the {@code system} value, the first
 * and the last message, the end of the top-level object. Byte offsets, end exclusive; -1 when absent.
 *
 * @param systemStart  where the {@code system} value starts ({@code [} or {@code "}), or -1 when the body has none
 * @param systemEnd    just after the {@code system} value
 * @param systemArray  true when {@code system} is an array
 * @param systemEmpty  true when {@code system} is an empty array
 * @param firstMessage where {@code messages[0]} starts and ends
 * @param lastMessage  where the newest message starts and ends
 * @param rootEnd      the offset of the top-level object's closing brace
 */
record BodyLayout(int systemStart, int systemEnd, boolean systemArray, boolean systemEmpty, int[] firstMessage, int[] lastMessage,
                  int rootEnd) {

    /** The layout, or null when the body is not a JSON object or its {@code system} is neither text nor blocks. */
    static BodyLayout of(byte[] body) {
        int sStart = -1, sEnd = -1, rootEnd = -1;
        boolean array = false, empty = false;
        int[] first = null, last = null;
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                int start = offset(p);
                if (field.equals("messages") && value == JsonToken.START_ARRAY) {
                    for (JsonToken m = p.nextToken(); m != JsonToken.END_ARRAY; m = p.nextToken()) {
                        int ms = offset(p);
                        p.skipChildren();
                        int[] span = {ms, offset(p) + 1};
                        if (first == null) first = span;
                        last = span;
                    }
                } else if (field.equals("system")) {
                    if (value != JsonToken.START_ARRAY && value != JsonToken.VALUE_STRING) return null; // null or odd: leave it
                    array = value == JsonToken.START_ARRAY;
                    if (array) {
                        empty = true;
                        for (JsonToken b = p.nextToken(); b != JsonToken.END_ARRAY; b = p.nextToken()) {
                            empty = false;
                            p.skipChildren();
                        }
                    }
                    sStart = start;
                    sEnd = value == JsonToken.VALUE_STRING ? endOfString(body, start) : offset(p) + 1;
                } else {
                    p.skipChildren();
                }
            }
            rootEnd = offset(p);
        }
        return new BodyLayout(sStart, sEnd, array, empty, first, last, rootEnd);
    }

    private static int offset(JsonParser p) {
        return (int) p.currentTokenLocation().getByteOffset();
    }

    /** The offset just after the JSON string starting at {@code start}. */
    private static int endOfString(byte[] body, int start) {
        for (int i = start + 1; i < body.length; i++) {
            if (body[i] == '\\') i++;
            else if (body[i] == '"') return i + 1;
        }
        throw new IllegalArgumentException("unterminated string");
    }
}
