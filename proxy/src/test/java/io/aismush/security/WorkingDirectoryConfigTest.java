package io.aismush.security;

import io.aismush.cli.AismushCommand;
import io.aismush.config.Config;
import io.aismush.config.ConfigException;
import io.aismush.config.ConfigLoader;
import io.aismush.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A repository's {@code config.json} is read when aismush starts in it, so it may tune the proxy but never send traffic
 * elsewhere or open the proxy to the network: those settings come only from the environment or the home config.
 */
class WorkingDirectoryConfigTest {
    private static final String TOKEN = "team-" + "access-token-fedcba9876543210";

    @TempDir
    Path work;
    @TempDir
    Path home;

    private final Map<String, String> env = new HashMap<>();

    /** A value each traffic-deciding setting would accept, pointing somewhere an attacker controls. */
    private static String hostile(Setting s) {
        return switch (s) {
            case HOST -> "\"0.0.0.0\"";
            case ACCESS_TOKEN -> "\"attacker-known-token-0123456789\"";
            case ALLOWED_HOSTS -> "[\"evil.example\"]";
            case PROVIDERS -> "[{\"name\":\"evil\",\"baseUrl\":\"https://evil.example/v1\",\"model\":\"m\"}]";
            case DATABASE_URL -> "\"jdbc:postgresql://evil.example/loot\"";
            case DATABASE_USER, DATABASE_PASSWORD -> "\"evil\"";
            default -> "\"https://evil.example\"";
        };
    }

    @Test
    void aWorkingDirectoryConfigCannotSetAnySettingThatDecidesWhereTrafficGoesOrWhoMayConnect() throws IOException {
        var redirecting = java.util.Arrays.stream(Setting.values()).filter(Setting::redirectsTraffic).toList();
        assertThat(redirecting).contains(Setting.HOST, Setting.ACCESS_TOKEN, Setting.ANTHROPIC_BASE_URL, Setting.DEEPSEEK_BASE_URL,
                Setting.PROVIDERS, Setting.ALLOWED_HOSTS, Setting.DATABASE_URL);
        Config defaults = ConfigLoader.load(env, work, home).config();
        for (String name : new String[] {"config.json", ".deepseek-proxy.json"}) {
            for (Setting s : redirecting) {
                Files.deleteIfExists(work.resolve("config.json"));
                Files.writeString(work.resolve(name), "{\"" + s.key() + "\":" + hostile(s) + ",\"port\":4711}");
                var loaded = ConfigLoader.load(env, work, home);
                assertThat(loaded.sources().get(s)).as("%s in %s", s, name).isEqualTo("default");
                assertThat(loaded.config().port()).as("the rest of the file is read").isEqualTo(4711);
                assertThat(loaded.warnings()).as(s.key()).singleElement().asString()
                        .contains(work.resolve(name).toString(), "'" + s.key() + "'", "ignored", s.envVar(), "home config")
                        .doesNotContain("evil.example", "attacker-known-token");
                Config c = loaded.config();
                assertThat(c.host()).isEqualTo("127.0.0.1");
                assertThat(c.teamMode()).isFalse();
                assertThat(c.accessToken()).isNull();
                assertThat(c.anthropicBaseUrl()).isEqualTo(defaults.anthropicBaseUrl());
                assertThat(c.routing().deepseekBaseUrl()).isEqualTo(defaults.routing().deepseekBaseUrl());
                assertThat(c.routing().providers()).isEmpty();
                assertThat(c.allowedHosts()).isEmpty();
                assertThat(c.storage()).isEqualTo(defaults.storage());
                Files.delete(work.resolve(name));
            }
        }
    }

    @Test
    void theHostAndTokenComeFromTheEnvironmentOrTheHomeConfig() throws IOException {
        Files.createDirectories(home.resolve(".hybrid-proxy"));
        Files.writeString(home.resolve(".hybrid-proxy/config.json"), "{\"host\":\"0.0.0.0\",\"accessToken\":\"" + TOKEN + "\"}");
        var fromHome = ConfigLoader.load(env, work, home);
        assertThat(fromHome.config().host()).isEqualTo("0.0.0.0");
        assertThat(fromHome.config().teamMode()).isTrue();
        assertThat(fromHome.config().accessToken()).isEqualTo(TOKEN);
        assertThat(fromHome.config().toString()).doesNotContain(TOKEN);

        env.put("AISMUSH_HOST", "127.0.0.1");
        assertThat(ConfigLoader.load(env, work, home).config().teamMode()).isFalse();
        env.put("AISMUSH_HOST", "[::]");
        env.put("AISMUSH_ACCESS_TOKEN", TOKEN + "-env");
        var fromEnv = ConfigLoader.load(env, work, home);
        assertThat(fromEnv.config().host()).isEqualTo("::");
        assertThat(fromEnv.config().accessToken()).isEqualTo(TOKEN + "-env");
        assertThat(fromEnv.sources().get(Setting.HOST)).isEqualTo("env AISMUSH_HOST");
    }

    @Test
    void aNetworkBindWithoutALongEnoughTokenIsRefusedWithWhatToSet() {
        env.put("AISMUSH_HOST", "0.0.0.0");
        assertThatThrownBy(() -> ConfigLoader.load(env, work, home)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("0.0.0.0").hasMessageContaining("team mode").hasMessageContaining("AISMUSH_ACCESS_TOKEN")
                .hasMessageContaining("at least 16 characters");
        env.put("AISMUSH_ACCESS_TOKEN", "too-short");
        assertThatThrownBy(() -> ConfigLoader.load(env, work, home)).isInstanceOf(ConfigException.class)
                .message().doesNotContain("too-short");
        env.put("AISMUSH_HOST", "not a host!");
        env.put("AISMUSH_ACCESS_TOKEN", TOKEN);
        assertThatThrownBy(() -> ConfigLoader.load(env, work, home)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("host from env AISMUSH_HOST");
    }

    @Test
    void configShowsTheBindAddressAndTeamModeWithTheTokenMasked() {
        env.put("AISMUSH_HOST", "0.0.0.0");
        env.put("AISMUSH_ACCESS_TOKEN", TOKEN);
        var out = new ByteArrayOutputStream();
        var command = new AismushCommand((c, l) -> 0, env, work, home, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(command.commandLine().execute("--config")).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("0.0.0.0 (team mode)", "env AISMUSH_HOST", "env AISMUSH_ACCESS_TOKEN", "(masked)")
                .contains("listen address: 0.0.0.0:1849 (team mode").doesNotContain(TOKEN);

        env.clear();
        var loopback = new ByteArrayOutputStream();
        new AismushCommand((c, l) -> 0, env, work, home, new PrintStream(loopback, true, StandardCharsets.UTF_8), System.err)
                .commandLine().execute("--config");
        assertThat(loopback.toString(StandardCharsets.UTF_8)).contains("127.0.0.1 (loopback only)", "accessToken", "(not set)");
    }
}
