package io.aismush.compress;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ContentHashTest {

    private static ContentHash hash(byte[] b, int from, int to) {
        return new ContentHash.Builder().add(b, from, to).build();
    }

    @Test
    void changingAnyOneByteOrTheLengthChangesTheHash() {
        var random = new Random(7);
        for (int length : new int[] {0, 1, 7, 8, 31, 63, 64, 65, 100, 1_000}) {
            byte[] b = new byte[length + 1];
            random.nextBytes(b);
            var seen = new HashSet<ContentHash>();
            seen.add(hash(b, 0, length));
            seen.add(hash(b, 0, length + 1));
            for (int i = 0; i < length; i++) {
                byte[] changed = b.clone();
                changed[i] ^= (byte) (1 << random.nextInt(8));
                assertThat(seen.add(hash(changed, 0, length))).as("length %d, byte %d", length, i).isTrue();
            }
        }
    }

    @Test
    void theHashDependsOnTheBytesNotOnWhereTheyLie() {
        byte[] b = new byte[300];
        new Random(3).nextBytes(b);
        byte[] shifted = new byte[305];
        System.arraycopy(b, 0, shifted, 5, 300);
        assertThat(hash(shifted, 5, 305)).isEqualTo(hash(b, 0, 300));
        assertThat(new ContentHash.Builder().add(b, 0, 100).add(b, 100, 300).build()).isNotEqualTo(hash(b, 0, 300));
    }
}
