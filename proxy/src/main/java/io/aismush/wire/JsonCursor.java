package io.aismush.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A forward-only reader over JSON bytes that were already validated, for the stages that each need a few fields of a
 * 200 kB request: it builds nothing, decodes only the strings asked for, and skips string contents (nearly all of a
 * request) eight bytes at a time. On bytes that are not JSON it throws {@link IllegalArgumentException}; it does not
 * check everything a validator would ({@link JsonCheck} does).
 *
 * <p>Objects are walked as {@code c.enter('{'); while (c.more('}')) { Span key = c.string(); c.colon(); ... }}.
 */
public final class JsonCursor {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';

    /** A range of the bytes, end exclusive; a string's span includes its quotes. */
    public record Span(int start, int end) {
        public int length() {
            return end - start;
        }
    }

    private final byte[] b;
    private final int limit;
    private int i;
    private boolean first;

    public JsonCursor(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /** A cursor over {@code [from, to)} of {@code bytes}. */
    public JsonCursor(byte[] bytes, int from, int to) {
        this.b = bytes;
        this.i = from;
        this.limit = to;
    }

    public byte[] bytes() {
        return b;
    }

    /** The offset the cursor stands at. */
    public int position() {
        return i;
    }

    /** The next byte that is not white space, not consumed; 0 at the end. */
    public byte peek() {
        while (i < limit) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return c;
            i++;
        }
        return 0;
    }

    /** Consumes {@code open} ('{' or '['), which must come next. */
    public void enter(char open) {
        if (peek() != open) throw malformed("'" + open + "' expected");
        i++;
        first = true;
    }

    /**
     * Whether the container entered last (or the one whose member was just read) has another member or element;
     * consumes the ',' before it, or the closing {@code close} after the last.
     */
    public boolean more(char close) {
        byte c = peek();
        if (c == close) {
            i++;
            first = false;
            return false;
        }
        if (first) {
            first = false;
            return true;
        }
        if (c != ',') throw malformed("',' or '" + close + "' expected");
        i++;
        return true;
    }

    /** Consumes the ':' after a member's name. */
    public void colon() {
        if (peek() != ':') throw malformed("':' expected");
        i++;
    }

    /** The string literal that comes next, quotes included; the cursor moves past it. */
    public Span string() {
        if (peek() != '"') throw malformed("string expected");
        int start = i++;
        while (true) {
            if (i + 8 <= limit) {
                long w = (long) LONGS.get(b, i);
                long hits = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES);
                if (hits == 0) {
                    i += 8;
                    continue;
                }
                i += Long.numberOfTrailingZeros(hits) >>> 3;
            } else if (i >= limit) {
                throw malformed("unterminated string");
            }
            byte c = b[i];
            if (c == '"') return new Span(start, ++i);
            i += c == '\\' ? 2 : 1;
        }
    }

    /** A byte 0x80 where {@code v} has a zero byte; above the lowest zero byte there may be false ones. */
    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGHS;
    }

    /** The decoded value of the string literal that comes next. */
    public String text() {
        return decode(string());
    }

    /** The decoded value of a string literal's span. */
    public String decode(Span s) {
        for (int k = s.start() + 1; k < s.end() - 1; k++) {
            if (b[k] == '\\') return Json.MAPPER.readValue(b, s.start(), s.length(), String.class);
        }
        return new String(b, s.start() + 1, s.length() - 2, StandardCharsets.UTF_8);
    }

    /** Skips the value that comes next, nested ones without recursion, and returns its span. */
    public Span value() {
        byte c = peek();
        int start = i;
        if (c == '"') return string();
        if (c != '{' && c != '[') {
            while (i < limit && !ends(b[i])) i++;
            if (i == start) throw malformed("value expected");
            return new Span(start, i);
        }
        int depth = 0;
        do {
            if (i >= limit) throw malformed("unexpected end");
            c = b[i];
            if (c == '"') {
                string();
                continue;
            }
            if (c == '{' || c == '[') depth++;
            else if (c == '}' || c == ']') depth--;
            i++;
        } while (depth > 0);
        return new Span(start, i);
    }

    private static boolean ends(byte c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** Whether the span holds exactly {@code word}, quotes aside when it is a string literal (no escapes compared). */
    public boolean is(Span s, String word) {
        boolean quoted = b[s.start()] == '"';
        int from = quoted ? s.start() + 1 : s.start();
        int to = quoted ? s.end() - 1 : s.end();
        if (to - from != word.length()) return false;
        for (int k = 0; k < word.length(); k++) {
            if (b[from + k] != word.charAt(k)) return false;
        }
        return true;
    }

    /** Whether the next value is the string literal {@code word}; consumes the value either way. */
    public boolean valueIs(String word) {
        return is(value(), word);
    }

    private IllegalArgumentException malformed(String what) {
        return new IllegalArgumentException("not JSON at byte " + i + ": " + what);
    }
}
