package io.aismush.metering;

import io.aismush.config.ConfigException;
import io.aismush.config.ProviderSpec;
import io.aismush.wire.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads price tables: the built-in {@code prices.json}, the user's own file in the same format, or LiteLLM's
 * {@code model_prices_and_context_window.json} (USD per token, fields {@code input_cost_per_token},
 * {@code output_cost_per_token}, {@code cache_creation_input_token_cost},
 * {@code cache_creation_input_token_cost_above_1hr}, {@code cache_read_input_token_cost},
 * {@code *_above_200k_tokens}, {@code max_input_tokens}). A missing cache price is priced as plain input, never as
 * free; a missing 1-hour write price as the 5-minute one.
 */
public final class PriceFiles {
    private static final Pattern LITELLM_TIER = Pattern.compile("^input_cost_per_token_above_(\\d+)k_tokens$");

    private PriceFiles() {}

    /** The built-in table, with the user's file (if any) and the configured providers' prices over it. */
    public static PriceTable load(Path userFile, List<ProviderSpec> providers) {
        PriceTable table = builtIn();
        if (userFile != null) {
            JsonNode root = read(userFile);
            table = table.with(families(root, userFile.toString()), Map.of(), "built-in, overridden by " + userFile);
        }
        var byProvider = new HashMap<String, ModelPrice>();
        for (ProviderSpec p : providers) {
            if (p.prices() != null) byProvider.put(p.name(), entry(p.model(), p.name(), p.prices(), "provider " + p.name()));
        }
        return byProvider.isEmpty() ? table : table.with(Map.of(), byProvider, table.source() + ", with provider prices");
    }

    public static PriceTable builtIn() {
        try (InputStream in = PriceFiles.class.getResourceAsStream("prices.json")) {
            if (in == null) throw new IllegalStateException("prices.json is missing from the jar");
            return new PriceTable(families(Json.MAPPER.readTree(in), "built-in"), Map.of(), "built-in");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw new ConfigException("price file " + file + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("price file " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** Families from either format: aismush's has a {@code models} object; LiteLLM's is one object of models. */
    static Map<String, ModelPrice> families(JsonNode root, String where) {
        if (root == null || !root.isObject()) throw new ConfigException("price file " + where + " must hold a JSON object");
        var out = new HashMap<String, ModelPrice>();
        if (root.path("models").isObject()) {
            for (var e : root.path("models").properties()) {
                String family = PriceTable.normalise(e.getKey());
                out.put(family, entry(family, e.getValue().path("provider").asString(null), e.getValue(), where));
            }
            return out;
        }
        // LiteLLM: a bare name wins over a provider-prefixed one ("bedrock/…", "vertex_ai/…") for the same family.
        var prefixed = new HashMap<String, ModelPrice>();
        for (var e : root.properties()) {
            JsonNode v = e.getValue();
            if (!v.isObject() || !v.has("input_cost_per_token")) continue; // sample_spec, image models, …
            String family = PriceTable.normalise(e.getKey());
            ModelPrice p = liteLlm(family, v);
            if (e.getKey().contains("/")) prefixed.putIfAbsent(family, p);
            else out.put(family, p);
        }
        prefixed.forEach(out::putIfAbsent);
        return out;
    }

    /** One entry of aismush's format (USD per million tokens). */
    static ModelPrice entry(String family, String provider, JsonNode e, String where) {
        if (!e.path("input").isNumber() || !e.path("output").isNumber()) {
            throw new ConfigException("price file " + where + ": '" + family + "' needs numeric input and output prices");
        }
        Rates standard = rates(e, null);
        JsonNode lc = e.path("long_context");
        JsonNode op = e.path("off_peak");
        ModelPrice.OffPeak offPeak = op.isObject() ? new ModelPrice.OffPeak(LocalTime.parse(op.path("from_utc").asString("16:30")),
                LocalTime.parse(op.path("to_utc").asString("00:30")), rates(op, standard)) : null;
        return new ModelPrice(family, provider == null ? providerOf(family) : provider, standard,
                lc.isObject() ? lc.path("above").asLong(0) : 0, lc.isObject() ? rates(lc, standard) : null, offPeak,
                e.path("context_window").asLong(0), e.path("claude_token_ratio").asDouble(1.0));
    }

    /**
     * Rates from an entry. For the standard rates ({@code base} null) a missing cache price is the input price (a
     * missing 1-hour write, the 5-minute one). For a tier, a missing field keeps the standard rate, scaled by the
     * tier's input price when the tier sets one (DeepSeek's off-peak halves every rate it does not list).
     */
    private static Rates rates(JsonNode e, Rates base) {
        double input = num(e, "input", base == null ? 0 : base.input());
        double output = num(e, "output", base == null ? 0 : base.output());
        if (base == null) {
            double w5 = num(e, "cache_write_5m", input);
            return new Rates(input, output, w5, num(e, "cache_write_1h", w5), num(e, "cache_read", input));
        }
        double scale = base.input() == 0 ? 1 : input / base.input();
        return new Rates(input, output, num(e, "cache_write_5m", base.cacheWrite5m() * scale),
                num(e, "cache_write_1h", base.cacheWrite1h() * scale), num(e, "cache_read", base.cacheRead() * scale));
    }

    private static ModelPrice liteLlm(String family, JsonNode v) {
        double m = 1_000_000.0;
        double input = v.path("input_cost_per_token").asDouble(0) * m;
        double w5 = v.has("cache_creation_input_token_cost") ? v.path("cache_creation_input_token_cost").asDouble() * m : input;
        Rates standard = new Rates(input, v.path("output_cost_per_token").asDouble(0) * m, w5,
                v.has("cache_creation_input_token_cost_above_1hr") ? v.path("cache_creation_input_token_cost_above_1hr").asDouble() * m : w5,
                v.has("cache_read_input_token_cost") ? v.path("cache_read_input_token_cost").asDouble() * m : input);
        long above = 0;
        Rates tier = null;
        for (var f : v.properties()) {
            Matcher t = LITELLM_TIER.matcher(f.getKey());
            if (!t.matches()) continue;
            above = Long.parseLong(t.group(1)) * 1000;
            String s = "_above_" + t.group(1) + "k_tokens";
            tier = new Rates(f.getValue().asDouble() * m, num(v, "output_cost_per_token" + s, standard.output() / m) * m,
                    num(v, "cache_creation_input_token_cost" + s, standard.cacheWrite5m() / m) * m,
                    num(v, "cache_creation_input_token_cost_above_1hr" + s, standard.cacheWrite1h() / m) * m,
                    num(v, "cache_read_input_token_cost" + s, standard.cacheRead() / m) * m);
        }
        return new ModelPrice(family, providerOf(family), standard, above, tier, null, v.path("max_input_tokens").asLong(0), 1.0);
    }

    private static double num(JsonNode e, String field, double fallback) {
        return e.path(field).isNumber() ? e.path(field).asDouble() : fallback;
    }

    private static String providerOf(String family) {
        if (family.startsWith("claude")) return "anthropic";
        if (family.startsWith("deepseek")) return "deepseek";
        return null;
    }
}
