package io.aismush.metering;

/** Percentages as the API shows them: one decimal place, 0 when there is nothing to divide by. */
public final class Percent {
    private Percent() {}

    public static double of(double part, double whole) {
        return whole <= 0 ? 0 : Math.round(part / whole * 1000) / 10.0;
    }
}
