package io.aismush.metering;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Model families and their prices; immutable. A model name is normalised (lower case, provider prefix and date
 * suffix removed, dots as dashes: {@code anthropic/claude-sonnet-4.5-20250929} becomes {@code claude-sonnet-4-5})
 * and matched to the longest family that is a prefix of it ending at a {@code -} boundary. Prices a configured
 * provider declares are looked up by provider first. Build one with {@link PriceFiles}.
 */
public final class PriceTable {
    private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{8}|\\d{4}-\\d{2}-\\d{2}|latest)$");

    private final Map<String, ModelPrice> families;
    private final Map<String, ModelPrice> providers;
    private final String source;

    PriceTable(Map<String, ModelPrice> families, Map<String, ModelPrice> providers, String source) {
        this.families = Map.copyOf(families);
        this.providers = Map.copyOf(providers);
        this.source = source;
    }

    /** Where the prices came from, for /stats. */
    public String source() {
        return source;
    }

    /** The prices of what {@code provider} served as {@code model}: the provider's own prices first, then the model's. */
    public Optional<ModelPrice> served(String provider, String model) {
        if (provider != null && providers.containsKey(provider)) return Optional.of(providers.get(provider));
        return find(model);
    }

    /** The family {@code model} belongs to, if any. */
    public Optional<ModelPrice> find(String model) {
        if (model == null || model.isBlank()) return Optional.empty();
        String name = normalise(model);
        while (true) {
            ModelPrice p = families.get(name);
            if (p != null) return Optional.of(p);
            int dash = name.lastIndexOf('-');
            if (dash <= 0) return Optional.empty();
            name = name.substring(0, dash);
        }
    }

    static String normalise(String model) {
        String name = model.trim().toLowerCase(Locale.ROOT);
        int slash = name.lastIndexOf('/');
        if (slash >= 0) name = name.substring(slash + 1);
        int bracket = name.indexOf('[');
        if (bracket > 0) name = name.substring(0, bracket); // claude-sonnet-4-5[1m]
        name = name.replace('.', '-').replace(':', '-').replace('_', '-');
        return DATE_SUFFIX.matcher(name).replaceFirst("");
    }

    /** Every family, by name, sorted. */
    public Map<String, ModelPrice> families() {
        return new TreeMap<>(families);
    }

    PriceTable with(Map<String, ModelPrice> moreFamilies, Map<String, ModelPrice> moreProviders, String newSource) {
        var f = new TreeMap<>(families);
        f.putAll(moreFamilies);
        var p = new TreeMap<>(providers);
        p.putAll(moreProviders);
        return new PriceTable(f, p, newSource);
    }
}
