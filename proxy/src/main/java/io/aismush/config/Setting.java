package io.aismush.config;

import java.util.List;
import java.util.Optional;

/**
 * One configurable value: its key in config files, the environment variable that overrides it, and whether it
 * decides where traffic goes (such settings may not come from a config file in the working directory).
 */
public enum Setting {
    API_KEY("apiKey", "DEEPSEEK_API_KEY", false, true),
    PORT("port", "PROXY_PORT", false, false),
    /** The bind address; anything but loopback is team mode and needs {@link #ACCESS_TOKEN}. Only env or home config. */
    HOST("host", "AISMUSH_HOST", true, false),
    /** The token every request must carry in team mode. Only env or home config. */
    ACCESS_TOKEN("accessToken", "AISMUSH_ACCESS_TOKEN", true, true),
    VERBOSE("verbose", "PROXY_VERBOSE", false, false),
    FORCE_PROVIDER("forceProvider", "FORCE_PROVIDER", false, false),
    ANTHROPIC_BASE_URL("anthropicBaseUrl", "AISMUSH_ANTHROPIC_BASE_URL", true, false),
    MAX_BODY_BYTES("maxBodyBytes", "AISMUSH_MAX_BODY_BYTES", false, false),
    MAX_IN_FLIGHT("maxInFlight", "AISMUSH_MAX_IN_FLIGHT", false, false),
    CONNECT_TIMEOUT_MS("connectTimeoutMs", "AISMUSH_CONNECT_TIMEOUT_MS", false, false),
    FIRST_BYTE_TIMEOUT_MS("upstreamTimeoutMs", "AISMUSH_UPSTREAM_TIMEOUT_MS", false, false),
    STREAM_IDLE_TIMEOUT_MS("streamIdleTimeoutMs", "AISMUSH_STREAM_IDLE_TIMEOUT_MS", false, false),
    /** On stop, seconds requests in flight may run on before they are ended with an error event. */
    SHUTDOWN_DRAIN_SECONDS("shutdownDrainSeconds", "AISMUSH_SHUTDOWN_DRAIN_SECONDS", false, false),
    MODE("mode", "AISMUSH_MODE", false, false),
    DEEPSEEK_BASE_URL("deepseekBaseUrl", "AISMUSH_DEEPSEEK_BASE_URL", true, false),
    DEEPSEEK_MODEL("deepseekModel", "AISMUSH_DEEPSEEK_MODEL", false, false),
    DEEPSEEK_MAX_OUTPUT("deepseekMaxOutputTokens", "AISMUSH_DEEPSEEK_MAX_OUTPUT_TOKENS", false, false),
    CHEAP_PROVIDER("cheapProvider", "AISMUSH_CHEAP_PROVIDER", false, false),
    CHEAP_WINDOW("cheapWindowTokens", "AISMUSH_CHEAP_WINDOW_TOKENS", false, false),
    THINKING_HEAVY("thinkingHeavyBudget", "AISMUSH_THINKING_HEAVY_BUDGET", false, false),
    MIN_DWELL("minDwellSteps", "AISMUSH_MIN_DWELL_STEPS", false, false),
    /** A JSON array of OpenAI-compatible providers; structured. */
    PROVIDERS("providers", "AISMUSH_PROVIDERS", true, true),
    /** A JSON array of routing rules; structured. */
    ROUTING_RULES("routingRules", "AISMUSH_ROUTING_RULES", false, false),
    /** Extra host names for the dashboard and admin endpoints (a list, or comma-separated); only env or home config. */
    ALLOWED_HOSTS("allowedHosts", "AISMUSH_ALLOWED_HOSTS", true, false),
    /** Where request history goes: a JDBC URL (SQLite or PostgreSQL), or {@code none}. May carry a password. */
    DATABASE_URL("database.url", "AISMUSH_DATABASE_URL", true, true),
    DATABASE_USER("database.user", "AISMUSH_DATABASE_USER", true, false),
    DATABASE_PASSWORD("database.password", "AISMUSH_DATABASE_PASSWORD", true, true),
    /** The user's own price table (aismush's format or LiteLLM's model_prices_and_context_window.json). */
    PRICES_FILE("pricesFile", "AISMUSH_PRICES_FILE", false, false),
    /** Tool-result compression on or off. */
    COMPRESSION("compression", "AISMUSH_COMPRESSION", false, false),
    /** Opt-in comment stripping in file reads. */
    STRIP_COMMENTS("compression.stripComments", "AISMUSH_STRIP_COMMENTS", false, false),
    /** Above this estimated prompt size, requests to cheap providers are trimmed. */
    TRIM_AT("compression.trimAtTokens", "AISMUSH_TRIM_AT_TOKENS", false, false),
    /** Persistent memory on or off. */
    MEMORY("memory.enabled", "AISMUSH_MEMORY", false, false),
    /** Tokens of memories injected into a session at most. */
    MEMORY_BUDGET("memory.budgetTokens", "AISMUSH_MEMORY_BUDGET_TOKENS", false, false),
    /** Half-life of an observation's weight, in days. */
    MEMORY_HALF_LIFE("memory.halfLifeDays", "AISMUSH_MEMORY_HALF_LIFE_DAYS", false, false),
    /** Low-importance observations unused this many days are deleted. */
    MEMORY_EXPIRY("memory.expiryDays", "AISMUSH_MEMORY_EXPIRY_DAYS", false, false),
    /** Summarise idle sessions with the cheap provider. */
    MEMORY_SUMMARY("memory.summary", "AISMUSH_MEMORY_SUMMARY", false, false),
    /** Minutes a session must be idle before it is summarised. */
    MEMORY_SUMMARY_IDLE("memory.summaryIdleMinutes", "AISMUSH_MEMORY_SUMMARY_IDLE_MINUTES", false, false);

    private final String key;
    private final String envVar;
    private final boolean redirectsTraffic;
    private final boolean secret;

    Setting(String key, String envVar, boolean redirectsTraffic, boolean secret) {
        this.key = key;
        this.envVar = envVar;
        this.redirectsTraffic = redirectsTraffic;
        this.secret = secret;
    }

    public String key() {
        return key;
    }

    public String envVar() {
        return envVar;
    }

    /** True for settings that change where requests are sent. */
    public boolean redirectsTraffic() {
        return redirectsTraffic;
    }

    public boolean secret() {
        return secret;
    }

    /** Settings whose value is a JSON array or object rather than a single value. */
    public boolean structured() {
        return this == PROVIDERS || this == ROUTING_RULES || this == ALLOWED_HOSTS;
    }

    public static Optional<Setting> byKey(String key) {
        return List.of(values()).stream().filter(s -> s.key.equals(key)).findFirst();
    }
}
