package io.aismush.compress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A 128-bit hash of byte ranges, for memo keys: two 64-bit lanes over 8-byte words (four while hashing a long range), so hashing a 200 kB
 * request takes microseconds. Not cryptographic; two different tool results colliding on all 128 bits is not a
 * practical concern. Immutable value.
 */
record ContentHash(long high, long low) {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M1 = 0x9E3779B97F4A7C15L;
    private static final long M2 = 0xC2B2AE3D27D4EB4FL;

    /** Accumulates several ranges into one hash. Not thread-safe; one per key. */
    static final class Builder {
        private long h1 = 0x243F6A8885A308D3L;
        private long h2 = 0x13198A2E03707344L;

        Builder add(byte[] b, int from, int to) {
            int i = from;
            if (to - from >= 64) {
                // four independent lanes, so the multiplies of consecutive words overlap instead of waiting on each other
                long l1 = h1, l2 = h2, l3 = h1 ^ M2, l4 = h2 ^ M1;
                for (; i + 32 <= to; i += 32) {
                    l1 = Long.rotateLeft(l1 ^ ((long) LONGS.get(b, i) * M1), 31) * M2;
                    l2 = Long.rotateLeft(l2 ^ ((long) LONGS.get(b, i + 8) * M1), 29) * M2;
                    l3 = Long.rotateLeft(l3 ^ ((long) LONGS.get(b, i + 16) * M1), 27) * M2;
                    l4 = Long.rotateLeft(l4 ^ ((long) LONGS.get(b, i + 24) * M1), 33) * M2;
                }
                mix(l1);
                mix(l2);
                mix(l3);
                mix(l4);
            }
            for (; i + 8 <= to; i += 8) mix((long) LONGS.get(b, i));
            long tail = 0;
            for (int k = 0; i < to; i++, k += 8) tail |= (b[i] & 0xFFL) << k;
            mix(tail ^ ((long) (to - from) << 56));
            return this;
        }

        Builder add(ContentHash h) {
            mix(h.high);
            mix(h.low);
            return this;
        }

        Builder add(String s) {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return add(b, 0, b.length);
        }

        Builder add(long v) {
            mix(v);
            return this;
        }

        private void mix(long w) {
            h1 = Long.rotateLeft(h1 ^ (w * M1), 31) * M2;
            h2 = Long.rotateLeft(h2 + (w * M2), 27) * M1 + 0x52DCE729;
        }

        ContentHash build() {
            long a = h1 ^ (h1 >>> 33);
            long b = h2 ^ (h2 >>> 29);
            return new ContentHash(a * M2 ^ b, b * M1 + a);
        }
    }
}
