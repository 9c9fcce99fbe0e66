package io.aismush.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles (nearest rank) and number formatting for the report. */
final class Stats {
    private Stats() {}

    /** The p-th percentile (0 &lt; p ≤ 100) of the values, nearest rank; NaN when there are none. */
    static double percentile(long[] values, double p) {
        if (values.length == 0) return Double.NaN;
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(double... values) {
        double[] s = values.clone();
        Arrays.sort(s);
        if (s.length == 0) return Double.NaN;
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static long[] concat(java.util.List<long[]> parts) {
        int n = 0;
        for (long[] p : parts) n += p.length;
        long[] out = new long[n];
        int i = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    /** Nanoseconds as milliseconds with {@code decimals} decimals, or "n/a". */
    static String ms(double nanos, int decimals) {
        if (Double.isNaN(nanos)) return "n/a";
        return String.format(Locale.ROOT, "%." + decimals + "f ms", nanos / 1e6);
    }

    static String seconds(double nanos) {
        if (Double.isNaN(nanos)) return "n/a";
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /** kB as MiB ("MB" in the table), or "n/a". */
    static String mb(long kb) {
        if (kb < 0) return "n/a";
        return String.format(Locale.ROOT, "%d MB", Math.round(kb / 1024.0));
    }

    static String pad(String s, int width) {
        if (s.length() >= width) return s;
        return s + " ".repeat(width - s.length());
    }

    static String padLeft(String s, int width) {
        if (s.length() >= width) return s;
        return " ".repeat(width - s.length()) + s;
    }
}
