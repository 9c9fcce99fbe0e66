package io.aismush.wire;

import tools.jackson.core.StreamReadConstraints;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast path of request validation: decides that bytes are one strict JSON object (RFC 8259, nothing more:
 * no comments, trailing commas, leading zeros, NaN or stray control characters) several times faster than a
 * streaming parse, since string contents, most of a request, are checked eight bytes at a time.
 *
 * <p>It only ever says "valid" or "not sure". Everything it accepts, the shared parser ({@link Json#MAPPER}) accepts
 * too, within that parser's limits (nesting, name, string and number lengths), which it reads rather than repeats;
 * it stays well inside them and answers "not sure" beyond. "Not sure" sends the caller to the parser, which has the
 * final word and the precise error message. UTF-8 is not checked here ({@link Utf8} does that).
 */
public final class JsonCheck {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * 0x20;

    private static final StreamReadConstraints LIMITS = Json.MAPPER.tokenStreamFactory().streamReadConstraints();
    /** Deeper requests are rare and left to the parser; 64 levels is far more than any Messages request has. */
    private static final int MAX_DEPTH = Math.min(64, LIMITS.getMaxNestingDepth() - 1);
    private static final int MAX_NUMBER = Math.min(64, LIMITS.getMaxNumberLength());
    private static final int MAX_NAME = Math.min(1024, LIMITS.getMaxNameLength());
    private static final int MAX_STRING = LIMITS.getMaxStringLength() / 4; // bytes: even 4-byte characters stay inside
    private static final long MAX_DOCUMENT = LIMITS.hasMaxDocumentLength() ? LIMITS.getMaxDocumentLength() : Long.MAX_VALUE;
    private static final boolean TOKENS_LIMITED = LIMITS.hasMaxTokenCount();

    /** One top-level member of a valid object: its name's and its value's spans. */
    public record Member(JsonCursor.Span name, JsonCursor.Span value) {}

    private JsonCheck() {}

    /** The top-level members of {@code b} when it is certainly one valid JSON object; null when not sure. */
    public static List<Member> object(byte[] b) {
        if (b.length > MAX_DOCUMENT || TOKENS_LIMITED) return null;
        try {
            return new Check(b).object();
        } catch (Unsure e) {
            return null;
        }
    }

    /** Thrown (without a stack trace) wherever the check stops being sure. */
    private static final class Unsure extends RuntimeException {
        static final Unsure INSTANCE = new Unsure();

        private Unsure() {
            super(null, null, false, false);
        }
    }

    private static final class Check {
        private final byte[] b;
        private int i;
        /** Per open container: true for an object. */
        private final boolean[] objects = new boolean[MAX_DEPTH + 1];

        Check(byte[] b) {
            this.b = b;
        }

        List<Member> object() {
            var members = new ArrayList<Member>();
            ws();
            expect('{');
            ws();
            if (at() == '}') {
                i++;
            } else {
                while (true) {
                    ws();
                    var name = name();
                    ws();
                    expect(':');
                    ws();
                    int start = i;
                    value();
                    members.add(new Member(name, new JsonCursor.Span(start, i)));
                    ws();
                    byte c = at();
                    i++;
                    if (c == '}') break;
                    if (c != ',') throw Unsure.INSTANCE;
                }
            }
            ws();
            if (i != b.length) throw Unsure.INSTANCE;
            return members;
        }

        /** One value of any kind; containers are walked with an explicit stack, not recursion. */
        private void value() {
            int depth = 0;
            while (true) {
                // at the start of a value
                byte c = at();
                switch (c) {
                    case '{' -> {
                        if (++depth > MAX_DEPTH) throw Unsure.INSTANCE;
                        objects[depth] = true;
                        i++;
                        ws();
                        if (at() == '}') {
                            i++;
                            depth--;
                            break;
                        }
                        name();
                        ws();
                        expect(':');
                        ws();
                        continue;
                    }
                    case '[' -> {
                        if (++depth > MAX_DEPTH) throw Unsure.INSTANCE;
                        objects[depth] = false;
                        i++;
                        ws();
                        if (at() == ']') {
                            i++;
                            depth--;
                            break;
                        }
                        continue;
                    }
                    case '"' -> string(MAX_STRING);
                    case 't' -> word("true");
                    case 'f' -> word("false");
                    case 'n' -> word("null");
                    default -> number();
                }
                // after a value: close containers until one continues
                while (true) {
                    if (depth == 0) return;
                    ws();
                    byte next = at();
                    i++;
                    if (next == ',') {
                        ws();
                        if (objects[depth]) {
                            name();
                            ws();
                            expect(':');
                            ws();
                        }
                        break;
                    }
                    if (next != (objects[depth] ? '}' : ']')) throw Unsure.INSTANCE;
                    depth--;
                }
            }
        }

        private JsonCursor.Span name() {
            int start = i;
            string(MAX_NAME);
            return new JsonCursor.Span(start, i);
        }

        /** A string literal, strictly: no raw control characters, only the escapes JSON defines. */
        private void string(int maxBytes) {
            expect('"');
            int start = i;
            while (true) {
                if (i + 8 <= b.length) {
                    long w = (long) LONGS.get(b, i);
                    long hits = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES) | ((w - SPACES) & ~w & HIGHS);
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
                    i++;
                    return;
                }
                if (c == '\\') {
                    escape();
                } else if (c >= 0 && c < 0x20) {
                    throw Unsure.INSTANCE;
                } else {
                    i++;
                }
            }
        }

        private void escape() {
            if (i + 1 >= b.length) throw Unsure.INSTANCE;
            switch (b[i + 1]) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i += 2;
                case 'u' -> {
                    if (i + 6 > b.length) throw Unsure.INSTANCE;
                    for (int k = i + 2; k < i + 6; k++) {
                        if (Character.digit(b[k], 16) < 0) throw Unsure.INSTANCE;
                    }
                    i += 6;
                }
                default -> throw Unsure.INSTANCE;
            }
        }

        /** A byte 0x80 where {@code v} has a zero byte; above the lowest zero byte there may be false ones. */
        private static long zeroBytes(long v) {
            return (v - ONES) & ~v & HIGHS;
        }

        /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? followed by a byte that may end a value. */
        private void number() {
            int start = i;
            if (at() == '-') i++;
            if (at() == '0') i++;
            else if (!digits()) throw Unsure.INSTANCE;
            if (at() == '.') {
                i++;
                if (!digits()) throw Unsure.INSTANCE;
            }
            if (at() == 'e' || at() == 'E') {
                i++;
                if (at() == '+' || at() == '-') i++;
                if (!digits()) throw Unsure.INSTANCE;
            }
            if (i - start > MAX_NUMBER) throw Unsure.INSTANCE;
            byte c = at();
            if (c != ',' && c != '}' && c != ']' && !space(c) && i < b.length) throw Unsure.INSTANCE;
        }

        private boolean digits() {
            int start = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') i++;
            return i > start;
        }

        private void word(String w) {
            if (i + w.length() > b.length) throw Unsure.INSTANCE;
            for (int k = 0; k < w.length(); k++) {
                if (b[i + k] != w.charAt(k)) throw Unsure.INSTANCE;
            }
            i += w.length();
            byte c = at();
            if (c != ',' && c != '}' && c != ']' && !space(c) && i < b.length) throw Unsure.INSTANCE;
        }

        private void expect(char c) {
            if (at() != c) throw Unsure.INSTANCE;
            i++;
        }

        /** The byte at the cursor, or 0 past the end (which no rule accepts where a byte is needed). */
        private byte at() {
            return i < b.length ? b[i] : 0;
        }

        private void ws() {
            while (i < b.length && space(b[i])) i++;
        }

        private static boolean space(byte c) {
            return c == ' ' || c == '\n' || c == '\r' || c == '\t';
        }
    }
}
