package io.aismush.compress;

import io.aismush.wire.Json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * JSON string literals decoded and encoded exactly as {@link Json#MAPPER} does, without it for ASCII text (nearly all
 * tool output), which is read and written a byte at a time. Anything else (other characters, unusual escapes, invalid
 * text, very long strings) goes to the mapper, so its answers and its errors stay the mapper's. Pure and thread-safe.
 */
final class JsonText {
    private JsonText() {}

    /** Longer texts go to the mapper, which also enforces its limits on them. */
    static final int MAX_FAST = 1 << 20;

    /** How the mapper writes each ASCII character inside a string literal, taken from the mapper itself. */
    private static final byte[][] WRITTEN = new byte[128][];

    /** Whether the mapper escapes exactly the characters {@link #escaped} looks for: a quote, a backslash, controls. */
    private static final boolean FAST_ENCODE;

    static {
        boolean expected = true;
        for (char c = 0; c < 128; c++) {
            byte[] literal = Json.MAPPER.writeValueAsBytes(String.valueOf(c));
            WRITTEN[c] = java.util.Arrays.copyOfRange(literal, 1, literal.length - 1);
            boolean plain = WRITTEN[c].length == 1 && WRITTEN[c][0] == c;
            expected &= plain != (c < 0x20 || c == '"' || c == '\\');
        }
        FAST_ENCODE = expected;
    }

    /**
     * The text of the string literal {@code body[start, end)}, quotes included. The runs between escapes are found eight
     * bytes at a time and copied whole.
     */
    static String decode(byte[] body, int start, int end) {
        int from = start + 1;
        int to = end - 1;
        if (end - start > MAX_FAST) return mapper(body, start, end);
        byte[] out = new byte[to - from];
        int n = 0;
        int i = from;
        while (true) {
            int special = special(body, i, to);
            System.arraycopy(body, i, out, n, special - i);
            n += special - i;
            if (special == to) break;
            i = special;
            if (body[i] != '\\' || i + 1 >= to) return mapper(body, start, end); // a control character (invalid) or non-ASCII
            int e = switch (body[i + 1]) {
                case '"' -> '"';
                case '\\' -> '\\';
                case '/' -> '/';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'u' -> i + 5 < to ? hex(body, i + 2) : -1;
                default -> -1;
            };
            if (e < 0 || e >= 0x80) return mapper(body, start, end);
            out[n++] = (byte) e;
            i += body[i + 1] == 'u' ? 6 : 2;
        }
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** The index of the first backslash, control character or non-ASCII byte in {@code b[i, to)}; {@code to} when none. */
    private static int special(byte[] b, int i, int to) {
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONGS.get(b, i);
            long backslash = w ^ (ONES * '\\');
            // a byte 0x80 where a byte is a backslash, below 0x20, or 0x80 and up; above the lowest such byte there may be false ones
            long hits = ((backslash - ONES) & ~backslash | (w - ONES * 0x20) & ~w | w) & HIGHS;
            if (hits != 0) return i + (Long.numberOfTrailingZeros(hits) >>> 3);
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c < 0x20 || c == '\\') return i;
        }
        return to;
    }

    /** The value of four hex digits at {@code i}; -1 when they are not. */
    private static int hex(byte[] b, int i) {
        int v = 0;
        for (int k = i; k < i + 4; k++) {
            int d = Character.digit(b[k], 16);
            if (d < 0 || b[k] < 0) return -1;
            v = v << 4 | d;
        }
        return v;
    }

    /**
     * The string literal of {@code text}, quotes included, as UTF-8. The text is copied out whole, and the runs between
     * characters that need an escape are found eight bytes at a time.
     */
    static byte[] encode(String text) {
        int length = text.length();
        if (length > MAX_FAST || !FAST_ENCODE) return Json.MAPPER.writeValueAsBytes(text);
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) >= 0x80) return Json.MAPPER.writeValueAsBytes(text);
        }
        byte[] raw = text.getBytes(StandardCharsets.ISO_8859_1); // every character is ASCII: one byte each
        int escapes = 0;
        for (int i = escaped(raw, 0); i < length; i = escaped(raw, i + 1)) escapes += WRITTEN[raw[i]].length - 1;
        byte[] out = new byte[length + escapes + 2];
        out[0] = '"';
        int n = 1;
        int i = 0;
        while (true) {
            int e = escaped(raw, i);
            System.arraycopy(raw, i, out, n, e - i);
            n += e - i;
            if (e == length) break;
            byte[] w = WRITTEN[raw[e]];
            System.arraycopy(w, 0, out, n, w.length);
            n += w.length;
            i = e + 1;
        }
        out[n] = '"';
        return out;
    }

    /** The index of the first ASCII byte in {@code b[i..]} the mapper writes as an escape (a quote, a backslash, a control character). */
    private static int escaped(byte[] b, int i) {
        for (; i + 8 <= b.length; i += 8) {
            long w = (long) LONGS.get(b, i);
            long quote = w ^ (ONES * '"');
            long backslash = w ^ (ONES * '\\');
            long hits = ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash | (w - ONES * 0x20) & ~w) & HIGHS;
            if (hits != 0) return i + (Long.numberOfTrailingZeros(hits) >>> 3);
        }
        for (; i < b.length; i++) {
            if (WRITTEN[b[i]].length != 1) return i;
        }
        return b.length;
    }

    private static String mapper(byte[] body, int start, int end) {
        return Json.MAPPER.readValue(body, start, end - start, String.class);
    }
}
