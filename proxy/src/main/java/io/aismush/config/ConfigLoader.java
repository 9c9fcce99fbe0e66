package io.aismush.config;

import io.aismush.wire.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads the configuration from, in decreasing precedence: the environment, {@code ./config.json} (or, if absent,
 * {@code ./.deepseek-proxy.json}), {@code ~/.hybrid-proxy/config.json}, and the defaults. A pure function of its
 * arguments, so tests pass their own environment and folders.
 */
public final class ConfigLoader {
    /** Overrides the data folder ({@code ~/.hybrid-proxy}). */
    public static final String DATA_DIR_ENV = "AISMUSH_HOME";

    private ConfigLoader() {}

    /**
     * The loaded configuration with, for each setting, where its value came from, and the warnings a person
     * should see (ignored or unknown keys).
     */
    public record Loaded(Config config, Map<Setting, String> sources, List<String> warnings) {}

    /** A raw value and where it came from. */
    private record Raw(String value, String source) {}

    /**
     * @throws ConfigException naming the file or variable when a value or a file is unusable
     */
    public static Loaded load(Map<String, String> env, Path workingDir, Path userHome) {
        Path dataDir = env.containsKey(DATA_DIR_ENV) && !env.get(DATA_DIR_ENV).isBlank()
                ? Path.of(env.get(DATA_DIR_ENV)) : userHome.resolve(".hybrid-proxy");
        var raw = new EnumMap<Setting, Raw>(Setting.class);
        var warnings = new ArrayList<String>();

        readFile(dataDir.resolve("config.json"), false, raw, warnings);
        Path local = workingDir.resolve("config.json");
        if (!Files.isRegularFile(local)) local = workingDir.resolve(".deepseek-proxy.json");
        if (Files.isRegularFile(local) && !local.toAbsolutePath().normalize().equals(dataDir.resolve("config.json").toAbsolutePath().normalize())) {
            readFile(local, true, raw, warnings);
        }
        for (Setting s : Setting.values()) {
            String v = env.get(s.envVar());
            if (v != null && !v.isBlank()) raw.put(s, new Raw(v.trim(), "env " + s.envVar()));
        }

        Config d = Config.defaults(dataDir);
        Raw host = raw.get(Setting.HOST);
        Raw token = raw.get(Setting.ACCESS_TOKEN);
        Config config = new Config(
                host == null ? d.host() : TeamMode.parse(host.value, host.source),
                intValue(raw, Setting.PORT, d.port(), 0, 65535),
                urlValue(raw, Setting.ANTHROPIC_BASE_URL, d.anthropicBaseUrl()),
                raw.containsKey(Setting.API_KEY) ? raw.get(Setting.API_KEY).value : null,
                boolValue(raw, Setting.VERBOSE, d.verbose()),
                raw.containsKey(Setting.FORCE_PROVIDER) ? raw.get(Setting.FORCE_PROVIDER).value.toLowerCase(Locale.ROOT) : null,
                longValue(raw, Setting.MAX_BODY_BYTES, d.maxBodyBytes(), 1024, Long.MAX_VALUE),
                intValue(raw, Setting.MAX_IN_FLIGHT, d.maxInFlight(), 1, 1_000_000),
                millis(raw, Setting.CONNECT_TIMEOUT_MS, d.connectTimeout()),
                millis(raw, Setting.FIRST_BYTE_TIMEOUT_MS, d.firstByteTimeout()),
                millis(raw, Setting.STREAM_IDLE_TIMEOUT_MS, d.streamIdleTimeout()),
                dataDir,
                routing(raw, d.routing()),
                storage(raw),
                new CompressionSettings(boolValue(raw, Setting.COMPRESSION, true), boolValue(raw, Setting.STRIP_COMMENTS, false),
                        longValue(raw, Setting.TRIM_AT, CompressionSettings.defaults().trimAtTokens(), 1_000, 100_000_000)),
                memory(raw), hosts(raw.get(Setting.ALLOWED_HOSTS)), token == null ? null : token.value)
                .withShutdownDrain(Duration.ofSeconds(longValue(raw, Setting.SHUTDOWN_DRAIN_SECONDS, d.shutdownDrain().toSeconds(), 0, 3600)));
        refuseSelfAsUpstream(config, raw);
        TeamMode.requireToken(config.host(), config.accessToken());

        var sources = new EnumMap<Setting, String>(Setting.class);
        for (Setting s : Setting.values()) sources.put(s, raw.containsKey(s) ? raw.get(s).source : "default");
        return new Loaded(config, sources, List.copyOf(warnings));
    }

    private static void readFile(Path file, boolean inWorkingDir, Map<Setting, Raw> raw, List<String> warnings) {
        if (!Files.isRegularFile(file)) return;
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ConfigException("config file " + file + " is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) return; // an empty file configures nothing
        if (!root.isObject()) throw new ConfigException("config file " + file + " must hold a JSON object");
        for (var entry : root.properties()) {
            var setting = Setting.byKey(entry.getKey());
            if (setting.isEmpty()) {
                warnings.add("config file " + file + ": unknown key '" + entry.getKey() + "' ignored");
                continue;
            }
            JsonNode value = entry.getValue();
            if (value.isNull()) continue;
            if (!value.isValueNode() && !setting.get().structured()) {
                throw new ConfigException("config file " + file + ": '" + entry.getKey() + "' must be a single value");
            }
            if (inWorkingDir && setting.get().redirectsTraffic()) {
                warnings.add("config file " + file + " tries to set '" + entry.getKey() + "'; ignored: a config file in"
                        + " the working directory may not change where traffic goes or who may reach the proxy. Set it in the environment ("
                        + setting.get().envVar() + ") or in the home config instead.");
                continue;
            }
            raw.put(setting.get(), new Raw(value.isValueNode() ? value.asString() : Json.MAPPER.writeValueAsString(value), file.toString()));
        }
    }

    private static RoutingSettings routing(Map<Setting, Raw> raw, RoutingSettings d) {
        boolean direct = false;
        Raw mode = raw.get(Setting.MODE);
        if (mode != null) {
            direct = switch (mode.value.toLowerCase(Locale.ROOT)) {
                case "direct" -> true;
                case "auto", "route", "routing" -> false;
                default -> throw new ConfigException("mode from " + mode.source + " must be 'auto' or 'direct', not '" + mode.value + "'");
            };
        }
        return new RoutingSettings(direct,
                urlValue(raw, Setting.DEEPSEEK_BASE_URL, d.deepseekBaseUrl()),
                raw.containsKey(Setting.DEEPSEEK_MODEL) ? raw.get(Setting.DEEPSEEK_MODEL).value : d.deepseekModel(),
                intValue(raw, Setting.DEEPSEEK_MAX_OUTPUT, d.deepseekMaxOutput(), 1, 10_000_000),
                raw.containsKey(Setting.CHEAP_PROVIDER) ? raw.get(Setting.CHEAP_PROVIDER).value.toLowerCase(Locale.ROOT) : null,
                longValue(raw, Setting.CHEAP_WINDOW, d.cheapWindowTokens(), 1, 100_000_000),
                longValue(raw, Setting.THINKING_HEAVY, d.thinkingHeavyBudget(), 1, 100_000_000),
                intValue(raw, Setting.MIN_DWELL, d.minDwellSteps(), 0, 1000),
                providers(raw.get(Setting.PROVIDERS)),
                array(raw.get(Setting.ROUTING_RULES), Setting.ROUTING_RULES));
    }

    private static StorageSettings storage(Map<Setting, Raw> raw) {
        Raw url = raw.get(Setting.DATABASE_URL);
        if (url != null && !url.value.equalsIgnoreCase("none") && !url.value.startsWith("jdbc:sqlite:")
                && !url.value.startsWith("jdbc:postgresql:")) {
            throw new ConfigException(Setting.DATABASE_URL.key() + " from " + url.source
                    + " must be a jdbc:sqlite: or jdbc:postgresql: URL, or none, not '" + StorageSettings.maskUrl(url.value) + "'");
        }
        Raw prices = raw.get(Setting.PRICES_FILE);
        return new StorageSettings(url == null ? null : url.value,
                raw.containsKey(Setting.DATABASE_USER) ? raw.get(Setting.DATABASE_USER).value : null,
                raw.containsKey(Setting.DATABASE_PASSWORD) ? raw.get(Setting.DATABASE_PASSWORD).value : null,
                prices == null ? null : Path.of(prices.value));
    }

    private static MemorySettings memory(Map<Setting, Raw> raw) {
        MemorySettings d = MemorySettings.defaults();
        return new MemorySettings(boolValue(raw, Setting.MEMORY, d.enabled()),
                intValue(raw, Setting.MEMORY_BUDGET, d.budgetTokens(), 0, 100_000),
                Duration.ofDays(longValue(raw, Setting.MEMORY_HALF_LIFE, d.halfLife().toDays(), 1, 36_500)),
                Duration.ofDays(longValue(raw, Setting.MEMORY_EXPIRY, d.expiry().toDays(), 1, 36_500)),
                boolValue(raw, Setting.MEMORY_SUMMARY, d.summary()),
                Duration.ofMinutes(longValue(raw, Setting.MEMORY_SUMMARY_IDLE, d.summaryIdle().toMinutes(), 1, 10_080)));
    }

    private static List<ProviderSpec> providers(Raw r) {
        JsonNode list = array(r, Setting.PROVIDERS);
        if (list == null) return List.of();
        var out = new ArrayList<ProviderSpec>();
        for (JsonNode p : list) {
            String name = p.path("name").asString("").trim().toLowerCase(Locale.ROOT);
            String where = "providers entry '" + name + "' from " + r.source;
            if (name.isEmpty() || name.equals("anthropic") || name.equals("claude") || name.equals("deepseek")) {
                throw new ConfigException("providers entry from " + r.source + " needs a name other than anthropic, claude or deepseek");
            }
            URI base;
            try {
                base = new URI(p.path("baseUrl").asString("").replaceAll("/+$", ""));
                if (base.getHost() == null || !(base.getScheme().equals("http") || base.getScheme().equals("https"))) throw new IllegalArgumentException();
            } catch (Exception e) {
                throw new ConfigException(where + ": baseUrl must be an http(s) URL, e.g. http://127.0.0.1:11434/v1");
            }
            String model = p.path("model").asString(null);
            if (model == null || model.isBlank()) throw new ConfigException(where + ": model is required");
            String key = p.path("apiKey").asString(null);
            out.add(new ProviderSpec(name, base, key == null || key.isBlank() ? null : key, model,
                    p.path("contextWindow").asLong(128_000), p.path("maxOutputTokens").asInt(16_384),
                    p.path("prices").isObject() ? p.path("prices") : null));
        }
        return List.copyOf(out);
    }

    /** A JSON array of names, or a comma-separated list (as the environment gives it). */
    private static List<String> hosts(Raw r) {
        if (r == null) return List.of();
        var out = new ArrayList<String>();
        if (r.value.strip().startsWith("[")) {
            for (JsonNode h : array(r, Setting.ALLOWED_HOSTS)) out.add(h.asString("").strip());
        } else {
            for (String h : r.value.split(",")) out.add(h.strip());
        }
        out.removeIf(String::isEmpty);
        return List.copyOf(out);
    }

    private static JsonNode array(Raw r, Setting s) {
        if (r == null) return null;
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(r.value);
        } catch (JacksonException e) {
            throw new ConfigException(s.key() + " from " + r.source + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isArray()) throw new ConfigException(s.key() + " from " + r.source + " must be a JSON array");
        return node;
    }

    private static long longValue(Map<Setting, Raw> raw, Setting s, long fallback, long min, long max) {
        Raw r = raw.get(s);
        if (r == null) return fallback;
        try {
            long v = Long.parseLong(r.value);
            if (v < min || v > max) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(s.key() + " from " + r.source + " must be a whole number from " + min + " to " + max
                    + ", not '" + r.value + "'");
        }
    }

    private static int intValue(Map<Setting, Raw> raw, Setting s, int fallback, int min, int max) {
        return (int) longValue(raw, s, fallback, min, max);
    }

    private static Duration millis(Map<Setting, Raw> raw, Setting s, Duration fallback) {
        return Duration.ofMillis(longValue(raw, s, fallback.toMillis(), 1, 24L * 3600 * 1000));
    }

    private static boolean boolValue(Map<Setting, Raw> raw, Setting s, boolean fallback) {
        Raw r = raw.get(s);
        if (r == null) return fallback;
        return switch (r.value.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new ConfigException(s.key() + " from " + r.source + " must be true or false, not '" + r.value + "'");
        };
    }

    private static URI urlValue(Map<Setting, Raw> raw, Setting s, URI fallback) {
        Raw r = raw.get(s);
        if (r == null) return fallback;
        try {
            String text = r.value.endsWith("/") ? r.value.substring(0, r.value.length() - 1) : r.value;
            URI uri = new URI(text);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (Exception e) {
            throw new ConfigException(s.key() + " from " + r.source + " must be an http(s) URL with a host, not '" + r.value + "'");
        }
    }

    /** An upstream that is the proxy itself would make every request call itself until the server falls over. */
    /** Every upstream (Anthropic, DeepSeek, each configured provider) that is this proxy itself is refused at start. */
    private static void refuseSelfAsUpstream(Config c, Map<Setting, Raw> raw) {
        refuseSelf(c, c.anthropicBaseUrl(), "Anthropic", Setting.ANTHROPIC_BASE_URL, raw, Config.DEFAULT_ANTHROPIC_BASE_URL.toString());
        refuseSelf(c, c.routing().deepseekBaseUrl(), "DeepSeek", Setting.DEEPSEEK_BASE_URL, raw, "the real API");
        for (ProviderSpec p : c.routing().providers()) refuseSelf(c, p.baseUrl(), "provider '" + p.name() + "'", Setting.PROVIDERS, raw, "that server");
    }

    private static void refuseSelf(Config c, URI up, String what, Setting setting, Map<Setting, Raw> raw, String instead) {
        if (up == null || up.getHost() == null) return;
        int upPort = up.getPort() != -1 ? up.getPort() : "https".equals(up.getScheme()) ? 443 : 80;
        if (upPort != c.port() || !isLocal(up.getHost())) return;
        Raw r = raw.get(setting);
        throw new ConfigException("the " + what + " upstream " + up + " (from " + (r == null ? "default" : r.source)
                + ") is this proxy itself (port " + c.port() + "); point " + setting.envVar() + " at " + instead
                + " — requests would loop through the proxy until they time out");
    }

    private static boolean isLocal(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) return true;
        try {
            for (InetAddress a : InetAddress.getAllByName(h)) {
                if (a.isLoopbackAddress() || a.isAnyLocalAddress()) return true;
            }
            return false;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
