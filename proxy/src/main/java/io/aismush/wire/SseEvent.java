package io.aismush.wire;

import java.nio.charset.StandardCharsets;

/**
 * One server-sent event exactly as it arrived: {@link #raw()} holds its bytes including the blank line that ends
 * it, so relaying {@code raw} of every event reproduces the stream byte for byte.
 *
 * @param raw  the event's bytes; callers must not modify them
 * @param name the value of its {@code event:} field, or {@code null} for comments, blank keep-alives and
 *             data-only events
 */
public record SseEvent(byte[] raw, String name) {

    /** The event's data: its {@code data:} lines joined by newlines, or {@code null} when it has none. */
    public String data() {
        String text = new String(raw, StandardCharsets.UTF_8);
        StringBuilder data = null;
        for (String line : text.split("\r\n|\r|\n")) {
            if (line.startsWith("data")) {
                String value = fieldValue(line, 4);
                if (value == null) continue;
                if (data == null) data = new StringBuilder(value);
                else data.append('\n').append(value);
            }
        }
        return data == null ? null : data.toString();
    }

    /** True when the event carries nothing but comments or blank lines (keep-alives). */
    public boolean isKeepAlive() {
        if (name != null) return false;
        String text = new String(raw, StandardCharsets.UTF_8);
        for (String line : text.split("\r\n|\r|\n")) if (!line.isEmpty() && !line.startsWith(":")) return false;
        return true;
    }

    /** Builds an event from a name and a data payload, as Anthropic writes them. */
    public static SseEvent of(String name, String data) {
        return new SseEvent(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8), name);
    }

    /** The value after {@code field:} with one optional leading space removed, or null if the line is another field. */
    static String fieldValue(String line, int fieldLength) {
        if (line.length() == fieldLength) return "";
        if (line.charAt(fieldLength) != ':') return null;
        int start = fieldLength + 1;
        if (start < line.length() && line.charAt(start) == ' ') start++;
        return line.substring(start);
    }
}
