package io.aismush.context;

import java.nio.charset.StandardCharsets;
import java.util.function.DoubleSupplier;

/**
 * Estimates a text's size in tokens from its UTF-8 bytes in one pass, by content: words, punctuation (code and JSON
 * are punctuation-heavy), indentation, CJK (about a token per character) and other scripts count differently. JSON
 * escapes count as the one character they stand for, so a request body can be estimated as it is. A correction
 * factor, learned from the usage providers report ({@link Calibration}), scales the result. Thread-safe.
 */
public final class TokenEstimator {
    /*
     * Weights fitted (non-negative least squares on relative error) to a BPE tokenizer's counts for the reference
     * corpus in src/test/resources/context (prose in English, German, Chinese, Japanese; source files; tool outputs;
     * JSON): per word, per word character, per punctuation mark, per line break, per run of spaces, per CJK and per
     * other non-ASCII character. EstimatorCalibrationTest reports the error; live usage corrects the rest.
     */
    static final double WORD = 1.1;
    static final double WORD_CHAR = 0.068;
    static final double PUNCT = 0.326;
    static final double NEWLINE = 2.094;
    static final double SPACE_RUN = 0.0;
    static final double CJK = 0.893;
    static final double OTHER = 1.505;
    /** Characters of a word beyond its first 16 (hashes, base64, long identifiers) split into more tokens. */
    static final double LONG_WORD_CHAR = 0.25;
    static final int LONG_WORD = 16;

    private final DoubleSupplier correction;

    public TokenEstimator(DoubleSupplier correction) {
        this.correction = correction;
    }

    /** Uncalibrated: the content-aware estimate as it is. */
    public static TokenEstimator standard() {
        return new TokenEstimator(() -> 1.0);
    }

    /** The estimate for a size alone, when the content is not at hand (3.5 bytes per token, corrected). */
    public long estimate(long bytes) {
        return Math.round(bytes / 3.5 * correction.getAsDouble());
    }

    public long estimate(byte[] utf8) {
        return estimate(utf8, 0, utf8.length);
    }

    public long estimate(byte[] utf8, int from, int to) {
        return Math.round(raw(utf8, from, to) * correction.getAsDouble());
    }

    public long estimate(String text) {
        return estimate(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Byte classes, so the one pass is a table lookup and a switch per byte. */
    private static final byte WORD_C = 0, SPACE_C = 1, NEWLINE_C = 2, PUNCT_C = 3, ESCAPE_C = 4, IGNORED_C = 5, CJK_C = 6,
            OTHER_C = 7, CONTINUATION_C = 8;
    private static final byte[] CLASS = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            byte k;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') k = WORD_C;
            else if (c == ' ') k = SPACE_C;
            else if (c == '\n') k = NEWLINE_C;
            else if (c == '\\') k = ESCAPE_C;
            else if (c == '\t' || c == '\r') k = IGNORED_C;
            else if (c < 0x80) k = PUNCT_C;
            else if (c < 0xC0) k = CONTINUATION_C;
            else if (c >= 0xE3 && c <= 0xED) k = CJK_C; // CJK, kana, hangul live in U+3000..U+DFFF
            else k = OTHER_C;
            CLASS[c] = k;
        }
    }

    /**
     * The content-aware estimate of a large body from every fourth 1 kB block, scaled up: about a quarter of the cost
     * of {@link #raw}, within a few per cent of it on Claude Code's requests (their content is mixed evenly enough).
     * Deterministic. Small bodies are estimated whole.
     */
    public static double rawSampled(byte[] b) {
        return rawSampled(b, 0, b.length);
    }

    /** As {@link #rawSampled(byte[])}, for {@code [from, to)} of {@code b}. */
    public static double rawSampled(byte[] b, int from, int to) {
        return rawSampled(b, from, to, 4);
    }

    /** As {@link #rawSampled(byte[], int, int)}, reading one 1 kB block in {@code stride}. */
    public static double rawSampled(byte[] b, int from, int to, int stride) {
        final int block = 1024;
        if (to - from < 4 * stride * block) return raw(b, from, to);
        double sum = 0;
        long sampled = 0;
        for (int start = from; start < to; start += block * stride) {
            int end = Math.min(to, start + block);
            sum += raw(b, start, end);
            sampled += end - start;
        }
        return sum * (to - from) / sampled;
    }

    /** The calibrated estimate from samples of a large range (see {@link #rawSampled(byte[])}). */
    public long estimateSampled(byte[] utf8, int from, int to) {
        return Math.round(rawSampled(utf8, from, to) * correction.getAsDouble());
    }

    /** The content-aware estimate without calibration. */
    public static double raw(byte[] b, int from, int to) {
        long words = 0, wordChars = 0, longChars = 0, punct = 0, newlines = 0, spaceRuns = 0, cjk = 0, other = 0;
        int spaces = 0;
        int i = from;
        while (i < to) {
            byte k = CLASS[b[i] & 0xFF];
            if (k == WORD_C) { // a whole word in a tight loop: words are most of any text
                int start = i;
                do i++; while (i < to && CLASS[b[i] & 0xFF] == WORD_C);
                int length = i - start;
                words++;
                wordChars += length;
                if (length > LONG_WORD) longChars += length - LONG_WORD;
                if (spaces > 1) spaceRuns++;
                spaces = 0;
                continue;
            }
            i++;
            if (k == SPACE_C) {
                spaces++;
                continue;
            }
            if (spaces > 1) spaceRuns++;
            spaces = 0;
            switch (k) {
                case NEWLINE_C -> newlines++;
                case PUNCT_C -> punct++;
                case CJK_C -> cjk++;
                case OTHER_C -> other++;
                case ESCAPE_C -> { // a JSON escape is one character of the text
                    if (i < to) {
                        int e = b[i++];
                        if (e == 'n') newlines++;
                        else if (e == 't') spaces += 4;
                        else if (e == 'u') {
                            i += 4;
                            other++;
                        } else punct++;
                    }
                }
                default -> { } // continuation bytes, tabs, carriage returns
            }
        }
        if (spaces > 1) spaceRuns++;
        return WORD * words + WORD_CHAR * wordChars + PUNCT * punct + NEWLINE * newlines + SPACE_RUN * spaceRuns + CJK * cjk + OTHER * other
                + LONG_WORD_CHAR * longChars;
    }
}
