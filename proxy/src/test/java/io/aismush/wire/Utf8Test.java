package io.aismush.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {
    private static byte[] b(int... bytes) {
        var out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = (byte) bytes[i];
        return out;
    }

    private static byte[] withPrefix(byte[] tail) {
        byte[] prefix = "ok ".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + tail.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(tail, 0, out, prefix.length, tail.length);
        return out;
    }

    @Test
    void validTextOfEveryLengthIsValid() {
        assertThat(Utf8.firstInvalid(new byte[0])).isEqualTo(-1);
        assertThat(Utf8.firstInvalid("plain ascii {\"a\":1}".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(Utf8.firstInvalid("caf\u00e9 \u20ac \u4e2d\u6587 \ud83d\ude00 \udbff\udfff".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(Utf8.firstInvalid(b(0xF0, 0x9F, 0x98, 0x80))).as("U+1F600 emoji").isEqualTo(-1);
        assertThat(Utf8.firstInvalid(b(0xF4, 0x8F, 0xBF, 0xBF))).as("U+10FFFF, the last code point").isEqualTo(-1);
        assertThat(Utf8.firstInvalid(b(0xEF, 0xBF, 0xBF))).as("U+FFFF").isEqualTo(-1);
        assertThat(Utf8.firstInvalid(b(0xC2, 0x80))).as("U+0080, the smallest 2-byte form").isEqualTo(-1);
        assertThat(Utf8.firstInvalid(b(0xE0, 0xA0, 0x80))).as("U+0800, the smallest 3-byte form").isEqualTo(-1);
        assertThat(Utf8.firstInvalid(b(0xED, 0x9F, 0xBF))).as("U+D7FF, just below the surrogates").isEqualTo(-1);
        assertThat(Utf8.firstInvalid(b(0xEE, 0x80, 0x80))).as("U+E000, just above the surrogates").isEqualTo(-1);
    }

    @Test
    void overlongFormsAreInvalid() {
        assertThat(Utf8.firstInvalid(withPrefix(b(0xC0, 0xAF)))).as("'/' in two bytes").isEqualTo(3);
        assertThat(Utf8.firstInvalid(withPrefix(b(0xC1, 0xBF)))).isEqualTo(3);
        assertThat(Utf8.firstInvalid(withPrefix(b(0xE0, 0x80, 0xAF)))).as("'/' in three bytes").isEqualTo(3);
        assertThat(Utf8.firstInvalid(withPrefix(b(0xE0, 0x9F, 0xBF)))).as("U+07FF in three bytes").isEqualTo(3);
        assertThat(Utf8.firstInvalid(withPrefix(b(0xF0, 0x80, 0x80, 0xAF)))).as("'/' in four bytes").isEqualTo(3);
        assertThat(Utf8.firstInvalid(withPrefix(b(0xF0, 0x8F, 0xBF, 0xBF)))).as("U+FFFF in four bytes").isEqualTo(3);
    }

    @Test
    void surrogatesAreInvalid() {
        assertThat(Utf8.firstInvalid(withPrefix(b(0xED, 0xA0, 0x80)))).as("U+D800").isEqualTo(3);
        assertThat(Utf8.firstInvalid(withPrefix(b(0xED, 0xBF, 0xBF)))).as("U+DFFF").isEqualTo(3);
        assertThat(Utf8.firstInvalid(withPrefix(b(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80)))).as("a CESU-8 surrogate pair").isEqualTo(3);
    }

    @Test
    void codePointsAboveU10FFFFAreInvalid() {
        assertThat(Utf8.firstInvalid(withPrefix(b(0xF4, 0x90, 0x80, 0x80)))).as("U+110000").isEqualTo(3);
        assertThat(Utf8.firstInvalid(withPrefix(b(0xF5, 0x80, 0x80, 0x80)))).isEqualTo(3);
        assertThat(Utf8.firstInvalid(withPrefix(b(0xF8, 0x88, 0x80, 0x80, 0x80)))).as("a 5-byte form").isEqualTo(3);
        assertThat(Utf8.firstInvalid(withPrefix(b(0xFF)))).isEqualTo(3);
    }

    @Test
    void truncatedSequencesAreInvalid() {
        assertThat(Utf8.firstInvalid(withPrefix(b(0xC3)))).as("a lead byte at the end").isEqualTo(3);
        assertThat(Utf8.firstInvalid(withPrefix(b(0xE2, 0x82)))).as("two of three bytes at the end").isEqualTo(3);
        assertThat(Utf8.firstInvalid(withPrefix(b(0xF0, 0x9F, 0x98)))).as("three of four bytes at the end").isEqualTo(3);
        assertThat(Utf8.firstInvalid(withPrefix(b(0xE2, 0x82, 0x41)))).as("cut short by an ASCII byte").isEqualTo(3);
        assertThat(Utf8.firstInvalid(withPrefix(b(0xF0, 0x9F, 0x41, 0x80)))).isEqualTo(3);
    }

    @Test
    void strayContinuationBytesAreInvalid() {
        assertThat(Utf8.firstInvalid(withPrefix(b(0x80)))).isEqualTo(3);
        assertThat(Utf8.firstInvalid(withPrefix(b(0xBF, 0x41)))).isEqualTo(3);
        assertThat(Utf8.firstInvalid(b(0xC3, 0xA9, 0xA9))).as("one continuation too many").isEqualTo(2);
    }

    @Test
    void theIndexIsThatOfTheFirstBadSequence() {
        byte[] text = "\u00e9\ud83d\ude00x".getBytes(StandardCharsets.UTF_8); // 2 + 4 + 1 bytes
        byte[] bad = new byte[text.length + 2];
        System.arraycopy(text, 0, bad, 0, text.length);
        bad[text.length] = (byte) 0xC0;
        bad[text.length + 1] = (byte) 0x80;
        assertThat(Utf8.firstInvalid(bad)).isEqualTo(7);
    }

    @Test
    void aBadByteIsFoundWhereverItFallsAmongLongAsciiRuns() {
        var random = new java.util.Random(11);
        for (int round = 0; round < 2_000; round++) {
            byte[] text = new byte[1 + random.nextInt(100)];
            for (int i = 0; i < text.length; i++) text[i] = (byte) (' ' + random.nextInt(90));
            if (random.nextBoolean()) {
                byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8);
                int at = random.nextInt(Math.max(1, text.length - 3));
                if (text.length >= at + 3) System.arraycopy(euro, 0, text, at, 3);
            }
            assertThat(Utf8.firstInvalid(text)).isEqualTo(-1);
            int bad = random.nextInt(text.length);
            text[bad] = (byte) 0xff;
            // inside the euro sign, the sequence it broke starts up to two bytes earlier
            assertThat(Utf8.firstInvalid(text)).as("0xff at %d of %d", bad, text.length).isBetween(bad - 2, bad);
        }
    }
}
