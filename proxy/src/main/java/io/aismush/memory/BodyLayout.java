package io.aismush.memory;

import io.aismush.wire.JsonCursor;
import io.aismush.wire.Outline;

/**
 * Where things are in a Messages body, read off its {@link Outline}: the {@code system} value, the first
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
        return of(Outline.of(body));
    }

    /** The layout from the outline the stages share; null as above. */
    static BodyLayout of(Outline outline) {
        if (outline == null) return null;
        byte[] body = outline.bytes();
        int sStart = -1, sEnd = -1;
        boolean array = false, empty = false;
        for (Outline.Member m : outline.members()) {
            if (!m.name().equals("system")) continue;
            byte first = body[m.value().start()];
            if (first != '[' && first != '"') return null; // null or odd: leave it
            array = first == '[';
            empty = array && new JsonCursor(body, m.value().start() + 1, m.value().end()).peek() == ']';
            sStart = m.value().start();
            sEnd = m.value().end();
        }
        int n = outline.messageCount();
        int[] firstMessage = n == 0 ? null : span(outline.message(0));
        int[] lastMessage = n == 0 ? null : span(outline.message(n - 1));
        return new BodyLayout(sStart, sEnd, array, empty, firstMessage, lastMessage, outline.rootEnd());
    }

    private static int[] span(JsonCursor.Span s) {
        return new int[] {s.start(), s.end()};
    }
}
