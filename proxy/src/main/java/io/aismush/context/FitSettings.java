package io.aismush.context;

/**
 * The context tiers for providers other than Claude (Claude turns are never trimmed).
 *
 * @param trimAtTokens     above this estimated prompt size old tool results are trimmed (seed: 55 K)
 * @param windowTokens     the cheap provider's window as routing sees it (seed: 64 K): larger turns go to Claude, and
 *                         a turn that reaches a cheap provider anyway (fallback, forced) is trimmed to fit
 * @param targetRatio      a trim goes down to {@code trimAtTokens × targetRatio}, so the following turns have room
 *                         to grow before the next trim (and its cache break)
 */
public record FitSettings(long trimAtTokens, long windowTokens, double targetRatio) {
    public static final long DEFAULT_TRIM_AT = 55_000;

    public static FitSettings defaults(long windowTokens) {
        return new FitSettings(DEFAULT_TRIM_AT, windowTokens, 0.8);
    }

    public long targetTokens() {
        return Math.round(Math.min(trimAtTokens, windowTokens) * targetRatio);
    }
}
