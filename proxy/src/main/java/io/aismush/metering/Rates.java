package io.aismush.metering;

/**
 * What one model charges per million tokens of each kind, in USD. Cache fields follow Anthropic's usage report:
 * {@code input} is uncached input, priced apart from cache writes (5-minute and 1-hour) and cache reads.
 */
public record Rates(double input, double output, double cacheWrite5m, double cacheWrite1h, double cacheRead) {
    public static final Rates FREE = new Rates(0, 0, 0, 0, 0);

    /** The cost in USD of these token counts (fractional counts are allowed: converted and blended tokens). */
    public double cost(double input, double output, double cacheRead, double cacheWrite5m, double cacheWrite1h) {
        return (input * this.input + output * this.output + cacheRead * this.cacheRead + cacheWrite5m * this.cacheWrite5m
                + cacheWrite1h * this.cacheWrite1h) / 1_000_000.0;
    }
}
