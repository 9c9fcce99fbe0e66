package io.aismush.context;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Learns, per provider and model family, how the real prompt size (the usage a response reports: input plus cache
 * reads and writes) compares with the estimate, and corrects the estimate by that ratio. A moving average, clamped,
 * so one odd answer cannot swing routing. Thread-safe.
 */
public final class Calibration {
    private static final double WEIGHT = 0.2;
    private static final double MIN = 0.5;
    private static final double MAX = 2.0;
    /** Below this many samples a family borrows its provider's ratio. */
    private static final int MIN_SAMPLES = 3;

    private record Ratio(double value, long samples) {}

    private final Map<String, Ratio> ratios = new ConcurrentHashMap<>();

    /** An estimator whose correction follows this provider's (and model family's) observed ratio as it is learned. */
    public TokenEstimator estimator(String provider, String model) {
        return new TokenEstimator(() -> ratio(provider, model));
    }

    /** The current correction for this provider and model; 1.0 before anything was observed. */
    public double ratio(String provider, String model) {
        Ratio family = ratios.get(key(provider, family(model)));
        if (family != null && family.samples >= MIN_SAMPLES) return family.value;
        Ratio all = ratios.get(key(provider, "*"));
        return all == null ? 1.0 : all.value;
    }

    /**
     * One response's evidence.
     *
     * @param rawEstimate the uncalibrated estimate of the request that was sent ({@link TokenEstimator#raw})
     * @param actual      the prompt's size as the provider reported it: input + cache read + cache write tokens
     */
    public void observe(String provider, String model, double rawEstimate, long actual) {
        if (rawEstimate < 100 || actual <= 0) return; // too small to say anything about the ratio
        double observed = Math.clamp(actual / rawEstimate, MIN, MAX);
        ratios.merge(key(provider, family(model)), new Ratio(observed, 1), Calibration::blend);
        ratios.merge(key(provider, "*"), new Ratio(observed, 1), Calibration::blend);
    }

    /** Every learned ratio by {@code provider/family}, for status pages. */
    public Map<String, Double> snapshot() {
        var out = new TreeMap<String, Double>();
        ratios.forEach((k, r) -> out.put(k, r.value));
        return out;
    }

    private static Ratio blend(Ratio old, Ratio sample) {
        double w = old.samples < 5 ? 1.0 / (old.samples + 1) : WEIGHT; // the first samples average, then it moves slowly
        return new Ratio(old.value * (1 - w) + sample.value * w, old.samples + 1);
    }

    /** The model's family: its first two alphabetic name parts ({@code claude-opus-5-5} → {@code claude-opus}). */
    static String family(String model) {
        if (model == null || model.isBlank()) return "*";
        var sb = new StringBuilder();
        int parts = 0;
        for (String part : model.toLowerCase(Locale.ROOT).split("[-_.:/]")) {
            if (part.isEmpty() || !part.chars().allMatch(Character::isLetter)) continue;
            if (sb.length() > 0) sb.append('-');
            sb.append(part);
            if (++parts == 2) break;
        }
        return sb.length() == 0 ? model : sb.toString();
    }

    private static String key(String provider, String family) {
        return provider + "/" + family;
    }
}
