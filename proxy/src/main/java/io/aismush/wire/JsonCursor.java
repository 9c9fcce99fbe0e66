package io.aismush.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A forward-only reader over JSON bytes, for the stages that each need a few fields of a 200 kB request: it builds
 * nothing, decodes only the strings asked for, and skips string contents (nearly all of a request) eight bytes at a
 * time. On bytes that are not JSON it throws {@link IllegalArgumentException}. A plain cursor is for bytes validated
 * before and checks only what it needs to find its way; a {@link #strict} one checks everything it passes over as
 * the request validator must ({@link JsonCheck}).
 *
 * <p>Objects are walked as {@code c.enter('{'); while (c.more('}')) { Span key = c.key(); c.colon(); ... }}.
 */
public final class JsonCursor {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';

    /** A range of the bytes, end exclusive; a string's span includes its quotes. */
    public record Span(int start, int end) {
        public int length() {
            return end - start;
        }
    }

    private final byte[] b;
    private final int limit;
    private final boolean strict;
    private int i;
    private boolean first;
    private int depth; // containers entered and not yet left (the strict cursor's nesting budget)

    public JsonCursor(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /** A cursor over {@code [from, to)} of {@code bytes}. */
    public JsonCursor(byte[] bytes, int from, int to) {
        this(bytes, from, to, false);
    }

    private JsonCursor(byte[] bytes, int from, int to, boolean strict) {
        this.b = bytes;
        this.i = from;
        this.limit = to;
        this.strict = strict;
    }

    /**
     * A cursor that checks all it reads or skips as strict JSON within the parser's limits, and throws
     * {@link IllegalArgumentException} where it is not sure (see {@link JsonCheck}).
     */
    static JsonCursor strict(byte[] bytes) {
        return new JsonCursor(bytes, 0, bytes.length, true);
    }

    /**
     * A strict cursor at {@code at}, inside {@code depth} containers, past at least one member or element of the
     * innermost: where a strict cursor stands after reading those same bytes.
     */
    static JsonCursor strictAt(byte[] bytes, int at, int depth) {
        var c = new JsonCursor(bytes, at, bytes.length, true);
        c.depth = depth;
        return c;
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
        if (strict && ++depth > JsonCheck.MAX_DEPTH) throw JsonCheck.Unsure.INSTANCE;
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
            depth--;
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

    /** The member name that comes next, quotes included; the cursor moves past it. */
    public Span key() {
        if (!strict) return string();
        peek();
        int start = i;
        i = JsonCheck.name(b, i);
        return new Span(start, i);
    }

    /** The string literal that comes next, quotes included; the cursor moves past it. */
    public Span string() {
        if (peek() != '"') throw malformed("string expected");
        if (strict) {
            int start = i;
            i = JsonCheck.string(b, i, JsonCheck.MAX_STRING);
            return new Span(start, i);
        }
        int start = i++;
        // Only quotes stop the eight-byte steps (escapes are frequent in code and logs); at a quote, an odd number of
        // backslashes before it means it is escaped.
        while (true) {
            while (i + 8 <= limit && zeroBytes((long) LONGS.get(b, i) ^ QUOTES) == 0) i += 8;
            if (i + 8 <= limit) {
                i += Long.numberOfTrailingZeros(zeroBytes((long) LONGS.get(b, i) ^ QUOTES)) >>> 3;
            } else {
                while (i < limit && b[i] != '"') i++;
                if (i >= limit) throw malformed("unterminated string");
            }
            int backslashes = 0;
            while (b[i - 1 - backslashes] == '\\') backslashes++; // stops at the opening quote at the latest
            i++;
            if ((backslashes & 1) == 0) return new Span(start, i);
        }
    }

    /** Whether only white space is left. */
    public boolean atEnd() {
        return peek() == 0 && i >= limit;
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
        int from = s.start() + 1, to = s.end() - 1;
        int k = from;
        while (k < to && b[k] != '\\') k++;
        if (k == to) return new String(b, from, to - from, StandardCharsets.UTF_8);
        var out = new StringBuilder(to - from);
        int plain = from;
        while (k < to) {
            if (b[k] != '\\') {
                k++;
                continue;
            }
            out.append(new String(b, plain, k - plain, StandardCharsets.UTF_8));
            if (k + 1 >= to) throw malformed("bad escape");
            byte e = b[k + 1];
            switch (e) {
                case '"', '\\', '/' -> out.append((char) e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (k + 6 > to) throw malformed("bad escape");
                    int c = 0;
                    for (int h = k + 2; h < k + 6; h++) {
                        int d = Character.digit(b[h], 16);
                        if (d < 0) throw malformed("bad escape");
                        c = c << 4 | d;
                    }
                    out.append((char) c); // a lone surrogate stays as it is, as parsers keep it
                    k += 4;
                }
                default -> throw malformed("bad escape");
            }
            k += 2;
            plain = k;
        }
        return out.append(new String(b, plain, to - plain, StandardCharsets.UTF_8)).toString();
    }

    /** Skips the value that comes next, nested ones without recursion, and returns its span. */
    public Span value() {
        byte c = peek();
        int start = i;
        if (strict) {
            i = JsonCheck.value(b, i, JsonCheck.MAX_DEPTH - depth);
            return new Span(start, i);
        }
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
