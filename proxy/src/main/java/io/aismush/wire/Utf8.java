package io.aismush.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Strict UTF-8 validation: overlong forms, surrogates and code points above U+10FFFF are invalid. */
public final class Utf8 {
    private Utf8() {}

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** The index of the first byte of the first invalid sequence, or -1 if the whole array is valid UTF-8. */
    public static int firstInvalid(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            // nearly all of a request body is ASCII: step over it eight bytes at a time
            while (i + 8 <= n && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) i += 8;
            if (i >= n) break;
            int c = b[i];
            if (c >= 0) { // ASCII, by far the common case
                i++;
                continue;
            }
            int end = sequenceEnd(b, i);
            if (end < 0) return i;
            i = end;
        }
        return -1;
    }

    /**
     * Where the multi-byte sequence starting at {@code i} (a byte of 0x80 or more) ends, or -1 when it is not valid
     * UTF-8 (a stray continuation byte, a truncated sequence, an overlong form, a surrogate or a code point above
     * U+10FFFF).
     */
    static int sequenceEnd(byte[] b, int i) {
        int c = b[i] & 0xff;
        int len;
        int min;
        if (c >= 0xc2 && c <= 0xdf) { len = 2; min = 0x80; }
        else if (c >= 0xe0 && c <= 0xef) { len = 3; min = 0x800; }
        else if (c >= 0xf0 && c <= 0xf4) { len = 4; min = 0x10000; }
        else return -1;
        if (i + len > b.length) return -1;
        int cp = c & (0xff >> (len + 1));
        for (int k = 1; k < len; k++) {
            int cc = b[i + k] & 0xff;
            if ((cc & 0xc0) != 0x80) return -1;
            cp = (cp << 6) | (cc & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
        return i + len;
    }
}
