package io.aismush.cli;

import io.aismush.config.Config;
import io.aismush.config.ConfigLoader;
import io.aismush.config.Setting;
import io.aismush.config.StorageSettings;

import java.io.PrintStream;

/** {@code aismush --config}: the effective settings, secrets masked, each with the place its value came from. */
final class ShowConfig {
    private final PrintStream out;

    ShowConfig(PrintStream out) {
        this.out = out;
    }

    int print(ConfigLoader.Loaded loaded, Config c, boolean portFromFlag) {
        out.println("aismush configuration (data folder " + c.dataDir() + ")");
        row(Setting.HOST, c.host() + (c.teamMode() ? " (team mode)" : " (loopback only)"), loaded.sources().get(Setting.HOST));
        row(Setting.ACCESS_TOKEN, Config.mask(c.accessToken()), loaded.sources().get(Setting.ACCESS_TOKEN));
        row(Setting.PORT, String.valueOf(c.port()), portFromFlag ? "--port" : loaded.sources().get(Setting.PORT));
        row(Setting.ANTHROPIC_BASE_URL, c.anthropicBaseUrl().toString(), loaded.sources().get(Setting.ANTHROPIC_BASE_URL));
        row(Setting.API_KEY, Config.mask(c.deepseekApiKey()), loaded.sources().get(Setting.API_KEY));
        row(Setting.VERBOSE, String.valueOf(c.verbose()), loaded.sources().get(Setting.VERBOSE));
        row(Setting.FORCE_PROVIDER, c.forceProvider() == null ? "(routing decides)" : c.forceProvider(), loaded.sources().get(Setting.FORCE_PROVIDER));
        row(Setting.MAX_BODY_BYTES, String.valueOf(c.maxBodyBytes()), loaded.sources().get(Setting.MAX_BODY_BYTES));
        row(Setting.MAX_IN_FLIGHT, String.valueOf(c.maxInFlight()), loaded.sources().get(Setting.MAX_IN_FLIGHT));
        row(Setting.CONNECT_TIMEOUT_MS, String.valueOf(c.connectTimeout().toMillis()), loaded.sources().get(Setting.CONNECT_TIMEOUT_MS));
        row(Setting.FIRST_BYTE_TIMEOUT_MS, String.valueOf(c.firstByteTimeout().toMillis()), loaded.sources().get(Setting.FIRST_BYTE_TIMEOUT_MS));
        row(Setting.STREAM_IDLE_TIMEOUT_MS, String.valueOf(c.streamIdleTimeout().toMillis()), loaded.sources().get(Setting.STREAM_IDLE_TIMEOUT_MS));
        var r = c.routing();
        row(Setting.MODE, r.direct() ? "direct" : "auto", loaded.sources().get(Setting.MODE));
        row(Setting.DEEPSEEK_BASE_URL, r.deepseekBaseUrl().toString(), loaded.sources().get(Setting.DEEPSEEK_BASE_URL));
        row(Setting.DEEPSEEK_MODEL, r.deepseekModel(), loaded.sources().get(Setting.DEEPSEEK_MODEL));
        row(Setting.CHEAP_PROVIDER, r.cheapProvider() == null ? "(default)" : r.cheapProvider(), loaded.sources().get(Setting.CHEAP_PROVIDER));
        row(Setting.CHEAP_WINDOW, String.valueOf(r.cheapWindowTokens()), loaded.sources().get(Setting.CHEAP_WINDOW));
        row(Setting.MIN_DWELL, String.valueOf(r.minDwellSteps()), loaded.sources().get(Setting.MIN_DWELL));
        row(Setting.THINKING_HEAVY, String.valueOf(r.thinkingHeavyBudget()), loaded.sources().get(Setting.THINKING_HEAVY));
        for (var p : r.providers()) {
            out.printf("  %-20s %-40s from %s%n", "provider " + p.name(), p.baseUrl() + " model " + p.model() + " key " + Config.mask(p.apiKey()),
                    loaded.sources().get(Setting.PROVIDERS));
        }
        row(Setting.ROUTING_RULES, r.rules() == null ? "(none)" : r.rules().size() + " rule(s)", loaded.sources().get(Setting.ROUTING_RULES));
        var st = c.storage();
        row(Setting.DATABASE_URL, st.disabled() ? "none (no history)" : StorageSettings.maskUrl(st.jdbcUrl(c.dataDir())),
                loaded.sources().get(Setting.DATABASE_URL));
        if (st.databaseUser() != null) row(Setting.DATABASE_USER, st.databaseUser(), loaded.sources().get(Setting.DATABASE_USER));
        if (st.databasePassword() != null) row(Setting.DATABASE_PASSWORD, Config.mask(st.databasePassword()), loaded.sources().get(Setting.DATABASE_PASSWORD));
        row(Setting.PRICES_FILE, st.pricesFile() == null ? "(built-in)" : st.pricesFile().toString(), loaded.sources().get(Setting.PRICES_FILE));
        row(Setting.ALLOWED_HOSTS, c.allowedHosts().isEmpty() ? "(loopback names only)" : String.join(", ", c.allowedHosts()),
                loaded.sources().get(Setting.ALLOWED_HOSTS));
        row(Setting.SHUTDOWN_DRAIN_SECONDS, String.valueOf(c.shutdownDrain().toSeconds()), loaded.sources().get(Setting.SHUTDOWN_DRAIN_SECONDS));
        out.println("  listen address: " + c.host() + ":" + c.port() + (c.teamMode()
                ? " (team mode: every endpoint needs header " + io.aismush.http.TeamGate.HEADER + " with the access token)" : " (loopback only)"));
        for (String w : loaded.warnings()) out.println("warning: " + w);
        return 0;
    }

    private void row(Setting s, String value, String source) {
        out.printf("  %-20s %-40s from %s%n", s.key(), value, source);
    }
}
