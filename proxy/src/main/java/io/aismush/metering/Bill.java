package io.aismush.metering;

/**
 * What one request cost and what it saved, in USD. {@code baselineUsd − costUsd = routingSavingsUsd +
 * compressionSavingsUsd} always holds (see {@link Meter} for the definitions).
 *
 * @param costUsd               what the provider that served the turn bills for it
 * @param baselineUsd           what the model the client asked for would have billed for the same turn, uncompressed
 * @param routingSavingsUsd     the part of the difference due to where the turn went (negative when dearer)
 * @param compressionSavingsUsd the part due to tokens the proxy removed
 * @param priced                false when the served model has no price (its cost is counted as 0 and flagged)
 */
public record Bill(double costUsd, double baselineUsd, double routingSavingsUsd, double compressionSavingsUsd, boolean priced) {
    public static final Bill NOTHING = new Bill(0, 0, 0, 0, true);

    public double savingsUsd() {
        return routingSavingsUsd + compressionSavingsUsd;
    }
}
