package io.aismush.context;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RawEstimateTest {

    @Test
    void theEstimateIsExactlyWhatTheByteByByteCountGives() {
        var random = new Random(29);
        String alphabet = "aZ_09 \n\t\r\\\"{}.,:;é漢😀\u0001\u007f";
        for (int round = 0; round < 20_000; round++) {
            var sb = new StringBuilder();
            int n = random.nextInt(300);
            for (int k = 0; k < n; k++) {
                if (random.nextInt(8) == 0) sb.append("abcdefghijklmnopqrstuvwxyz0123456789".repeat(2), 0, random.nextInt(72));
                else if (random.nextInt(8) == 0) sb.append(new String[] {"\\n", "\\t", "\\u00e9", "\\\"", "\\\\", "\\u12"}[random.nextInt(6)]);
                else sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            int from = b.length == 0 ? 0 : random.nextInt(b.length);
            int to = from + random.nextInt(b.length - from + 1);
            assertThat(TokenEstimator.raw(b, from, to)).as("[%s] %d..%d", sb, from, to).isEqualTo(byByte(b, from, to));
        }
    }

    /** The estimate as first written, one byte at a time: the reference. */
    private static double byByte(byte[] b, int from, int to) {
        long words = 0, wordChars = 0, longChars = 0, punct = 0, newlines = 0, spaceRuns = 0, cjk = 0, other = 0;
        int wordLength = 0;
        int spaces = 0;
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
                if (wordLength == 0) words++;
                wordChars++;
                if (++wordLength > TokenEstimator.LONG_WORD) longChars++;
                if (spaces > 1) spaceRuns++;
                spaces = 0;
                continue;
            }
            wordLength = 0;
            if (c == ' ') {
                spaces++;
                continue;
            }
            if (spaces > 1) spaceRuns++;
            spaces = 0;
            if (c == '\n') newlines++;
            else if (c == '\\') {
                if (i + 1 < to) {
                    int e = b[++i];
                    if (e == 'n') newlines++;
                    else if (e == 't') spaces += 4;
                    else if (e == 'u') {
                        i += 4;
                        other++;
                    } else punct++;
                }
            } else if (c == '\t' || c == '\r' || (c >= 0x80 && c < 0xC0)) {
                continue;
            } else if (c < 0x80) punct++;
            else if (c >= 0xE3 && c <= 0xED) cjk++;
            else other++;
        }
        if (spaces > 1) spaceRuns++;
        return TokenEstimator.WORD * words + TokenEstimator.WORD_CHAR * wordChars + TokenEstimator.PUNCT * punct
                + TokenEstimator.NEWLINE * newlines + TokenEstimator.SPACE_RUN * spaceRuns + TokenEstimator.CJK * cjk
                + TokenEstimator.OTHER * other + TokenEstimator.LONG_WORD_CHAR * longChars;
    }
}
