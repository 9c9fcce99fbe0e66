package io.aismush.memory;

import java.util.Locale;

/** What a memory is about. Decisions, preferences and conventions are durable; the rest are observations. */
public enum Kind {
    DECISION(true), FIX(false), PREFERENCE(true), CONVENTION(true), CHANGE(false), FACT(false);

    private final boolean durable;

    Kind(boolean durable) {
        this.durable = durable;
    }

    /** Durable kinds decay slower and never expire. */
    public boolean durable() {
        return durable;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted kinds */
    public static Kind of(String label) {
        try {
            return valueOf(label.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("kind must be one of decision, fix, preference, convention, change, fact");
        }
    }
}
