package io.aismush.context;

/**
 * Estimates a prompt's size in tokens from its size in bytes. Claude Code's requests are JSON full of code and
 * English, which tokenises at about 3.5 bytes per token; the ratio is configurable so routing thresholds can be
 * tuned. Thread-safe.
 */
public final class TokenEstimator {
    private final double bytesPerToken;

    public TokenEstimator(double bytesPerToken) {
        if (bytesPerToken <= 0) throw new IllegalArgumentException("bytesPerToken must be positive");
        this.bytesPerToken = bytesPerToken;
    }

    public static TokenEstimator standard() {
        return new TokenEstimator(3.5);
    }

    public long estimate(long bytes) {
        return Math.round(bytes / bytesPerToken);
    }
}
