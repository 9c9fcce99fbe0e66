package io.aismush.wire;

import tools.jackson.core.StreamReadConstraints;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict JSON (RFC 8259, nothing more: no comments, trailing commas, leading zeros, NaN or stray control
 * characters), checked fast: string contents, most of a request, are checked eight bytes at a time. The strict
 * {@link JsonCursor} is built on these checks, and with it {@link Outline#strict}, the fast path of request validation.
 *
 * <p>It only ever says "valid" or "not sure" ({@link Unsure}). Everything it accepts, the shared parser
 * ({@link Json#MAPPER}) accepts too, within that parser's limits (nesting, name, string and number lengths), which it
 * reads rather than repeats; it stays well inside them and is "not sure" beyond. "Not sure" sends the caller to the
 * parser, which has the final word and the precise error message. UTF-8 is checked as strings are scanned (outside
 * them only ASCII can pass), so what it accepts is valid UTF-8 too.
 */
final class JsonCheck {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * 0x20;

    /** Per byte after a backslash, the length of the escape it makes: 2, 6 for {@code \\u}, 0 when JSON has no such escape. */
    private static final byte[] ESCAPE_LENGTH = new byte[256];

    static {
        for (char c : "\"\\/bfnrt".toCharArray()) ESCAPE_LENGTH[c] = 2;
        ESCAPE_LENGTH['u'] = 6;
    }

    private static final StreamReadConstraints LIMITS = Json.MAPPER.tokenStreamFactory().streamReadConstraints();
    /** Deeper requests are rare and left to the parser; 64 levels is far more than any Messages request has. */
    static final int MAX_DEPTH = Math.min(64, LIMITS.getMaxNestingDepth() - 1);
    private static final int MAX_NUMBER = Math.min(64, LIMITS.getMaxNumberLength());
    static final int MAX_NAME = Math.min(1024, LIMITS.getMaxNameLength());
    static final int MAX_STRING = LIMITS.getMaxStringLength() / 4; // bytes: even 4-byte characters stay inside
    private static final long MAX_DOCUMENT = LIMITS.hasMaxDocumentLength() ? LIMITS.getMaxDocumentLength() : Long.MAX_VALUE;

    private JsonCheck() {}

    /** Not sure the bytes are JSON the parser accepts. Thrown often on bad input, so without a stack trace. */
    static final class Unsure extends IllegalArgumentException {
        static final Unsure INSTANCE = new Unsure();

        private Unsure() {
            super("not strict JSON within the parser's limits");
            setStackTrace(new StackTraceElement[0]);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** Whether a document of this length may be checked at all (the parser may limit documents and tokens). */
    static boolean checkable(int length) {
        return length <= MAX_DOCUMENT && !LIMITS.hasMaxTokenCount();
    }

    /**
     * The offset just after the string literal at {@code i}, strictly: no raw control characters, only the escapes
     * JSON defines, at most {@code maxBytes} between the quotes.
     */
    static int string(byte[] b, int i, int maxBytes) {
        return string(b, i, maxBytes, false);
    }

    /** A member name: as {@link #string}, and no escaped surrogates, which the parser refuses in names (not in values). */
    static int name(byte[] b, int i) {
        return string(b, i, MAX_NAME, true);
    }

    private static int string(byte[] b, int i, int maxBytes, boolean name) {
        if (i >= b.length || b[i] != '"') throw Unsure.INSTANCE;
        int start = ++i;
        while (true) {
            if (i + 8 <= b.length) {
                long w = (long) LONGS.get(b, i);
                // quotes, backslashes, control characters and the bytes of non-ASCII characters stop the step
                long hits = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES) | ((w - SPACES) & ~w & HIGHS) | (w & HIGHS);
                if (hits == 0) {
                    i += 8;
                    continue;
                }
                i += Long.numberOfTrailingZeros(hits) >>> 3;
            } else if (i >= b.length) {
                throw Unsure.INSTANCE;
            }
            byte c = b[i];
            if (c == '"') {
                if (i - start > maxBytes) throw Unsure.INSTANCE;
                return i + 1;
            }
            if (c == '\\') {
                // the common escapes by table, without a branch per kind: a request has one every few dozen bytes
                if (i + 1 < b.length && ESCAPE_LENGTH[b[i + 1] & 0xFF] == 2) i += 2;
                else i = escape(b, i, name);
            } else if (c < 0) {
                i = Utf8.sequenceEnd(b, i); // checked here, as the scan passes, instead of in a pass of its own
                if (i < 0) throw Unsure.INSTANCE;
            } else if (c < 0x20) {
                throw Unsure.INSTANCE;
            } else {
                i++;
            }
        }
    }

    private static int escape(byte[] b, int i, boolean name) {
        if (i + 1 >= b.length) throw Unsure.INSTANCE;
        switch (b[i + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return i + 2;
            }
            case 'u' -> {
                if (i + 6 > b.length) throw Unsure.INSTANCE;
                int code = 0;
                for (int k = i + 2; k < i + 6; k++) {
                    int d = Character.digit(b[k], 16);
                    if (d < 0) throw Unsure.INSTANCE;
                    code = code << 4 | d;
                }
                if (name && Character.isSurrogate((char) code)) throw Unsure.INSTANCE;
                return i + 6;
            }
            default -> throw Unsure.INSTANCE;
        }
    }

    /** A byte 0x80 where {@code v} has a zero byte; above the lowest zero byte there may be false ones. */
    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGHS;
    }

    /**
     * The offset just after the value at {@code i} (white space before it skipped), nested at most {@code depth}
     * levels deep; containers are walked with an explicit stack, not recursion.
     */
    static int value(byte[] b, int i, int depth) {
        boolean[] objects = null; // per open container: true for an object
        int open = 0;
        while (true) {
            i = ws(b, i);
            byte c = at(b, i);
            if (c == '{' || c == '[') {
                if (++open > depth) throw Unsure.INSTANCE;
                if (objects == null) objects = new boolean[depth + 1];
                objects[open] = c == '{';
                i = ws(b, i + 1);
                if (at(b, i) == (c == '{' ? '}' : ']')) {
                    i++;
                    open--;
                } else {
                    if (c == '{') i = member(b, i);
                    continue;
                }
            } else if (c == '"') {
                i = string(b, i, MAX_STRING);
            } else if (c == 't') {
                i = word(b, i, "true");
            } else if (c == 'f') {
                i = word(b, i, "false");
            } else if (c == 'n') {
                i = word(b, i, "null");
            } else {
                i = number(b, i);
            }
            // after a value: close containers until one continues
            while (true) {
                if (open == 0) return i;
                i = ws(b, i);
                byte next = at(b, i++);
                if (next == ',') {
                    if (objects[open]) i = member(b, ws(b, i));
                    break;
                }
                if (next != (objects[open] ? '}' : ']')) throw Unsure.INSTANCE;
                open--;
            }
        }
    }

    /** A member's name and its colon; returns where its value starts. */
    private static int member(byte[] b, int i) {
        i = ws(b, name(b, i));
        if (at(b, i) != ':') throw Unsure.INSTANCE;
        return i + 1;
    }

    /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? followed by a byte that may end a value. */
    private static int number(byte[] b, int i) {
        int start = i;
        if (at(b, i) == '-') i++;
        if (at(b, i) == '0') i++;
        else i = digits(b, i);
        if (at(b, i) == '.') i = digits(b, i + 1);
        if (at(b, i) == 'e' || at(b, i) == 'E') {
            i++;
            if (at(b, i) == '+' || at(b, i) == '-') i++;
            i = digits(b, i);
        }
        if (i - start > MAX_NUMBER) throw Unsure.INSTANCE;
        return ended(b, i);
    }

    /** One or more digits at {@code i}; returns the offset after them. */
    private static int digits(byte[] b, int i) {
        int start = i;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') i++;
        if (i == start) throw Unsure.INSTANCE;
        return i;
    }

    private static int word(byte[] b, int i, String w) {
        if (i + w.length() > b.length) throw Unsure.INSTANCE;
        for (int k = 0; k < w.length(); k++) {
            if (b[i + k] != w.charAt(k)) throw Unsure.INSTANCE;
        }
        return ended(b, i + w.length());
    }

    /** {@code i}, when what stands there may follow a number or a literal (else "truex" or "1x" would pass). */
    private static int ended(byte[] b, int i) {
        byte c = at(b, i);
        if (i < b.length && c != ',' && c != '}' && c != ']' && !space(c)) throw Unsure.INSTANCE;
        return i;
    }

    /** The byte at {@code i}, or 0 past the end (which no rule accepts where a byte is needed). */
    private static byte at(byte[] b, int i) {
        return i < b.length ? b[i] : 0;
    }

    static int ws(byte[] b, int i) {
        while (i < b.length && space(b[i])) i++;
        return i;
    }

    static boolean space(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
