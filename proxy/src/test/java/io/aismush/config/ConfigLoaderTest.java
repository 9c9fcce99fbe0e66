package io.aismush.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where each setting comes from: env > working-directory file > home config > defaults. */
class ConfigLoaderTest {
    private static final String KEY = "sk-deepseek-0123456789abcdef0123456789abcdef";

    @TempDir
    Path work;
    @TempDir
    Path home;

    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void isolate() {
        env.clear();
    }

    private Path homeConfig() {
        return home.resolve(".hybrid-proxy").resolve("config.json");
    }

    private ConfigLoader.Loaded load() {
        return ConfigLoader.load(env, work, home);
    }

    private static void write(Path file, String json) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    @Test
    void withNothingConfiguredEveryValueIsTheDefault() {
        var loaded = load();
        Config c = loaded.config();
        assertThat(c.port()).isEqualTo(Config.DEFAULT_PORT);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.anthropicBaseUrl()).isEqualTo(Config.DEFAULT_ANTHROPIC_BASE_URL);
        assertThat(c.deepseekApiKey()).isNull();
        assertThat(c.verbose()).isFalse();
        assertThat(c.forceProvider()).isNull();
        assertThat(c.maxBodyBytes()).isEqualTo(Config.DEFAULT_MAX_BODY_BYTES);
        assertThat(c.dataDir()).isEqualTo(home.resolve(".hybrid-proxy"));
        assertThat(loaded.sources()).containsOnlyKeys(Setting.values()).allSatisfy((s, source) -> assertThat(source).isEqualTo("default"));
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void seedKeysInTheHomeConfigAreRead() throws IOException {
        write(homeConfig(), "{\"apiKey\":\"" + KEY + "\",\"port\":4000,\"verbose\":true,\"forceProvider\":\"DeepSeek\"}");
        var loaded = load();
        assertThat(loaded.config().deepseekApiKey()).isEqualTo(KEY);
        assertThat(loaded.config().port()).isEqualTo(4000);
        assertThat(loaded.config().verbose()).isTrue();
        assertThat(loaded.config().forceProvider()).isEqualTo("deepseek");
        for (Setting s : new Setting[] {Setting.API_KEY, Setting.PORT, Setting.VERBOSE, Setting.FORCE_PROVIDER}) {
            assertThat(loaded.sources().get(s)).as(s.name()).isEqualTo(homeConfig().toString());
        }
        assertThat(loaded.sources().get(Setting.MAX_IN_FLIGHT)).isEqualTo("default");
    }

    @Test
    void seedEnvironmentVariablesAreRead() {
        env.put("DEEPSEEK_API_KEY", KEY);
        env.put("PROXY_PORT", "4100");
        env.put("PROXY_VERBOSE", "1");
        env.put("FORCE_PROVIDER", "anthropic");
        var loaded = load();
        assertThat(loaded.config().deepseekApiKey()).isEqualTo(KEY);
        assertThat(loaded.config().port()).isEqualTo(4100);
        assertThat(loaded.config().verbose()).isTrue();
        assertThat(loaded.config().forceProvider()).isEqualTo("anthropic");
        assertThat(loaded.sources().get(Setting.API_KEY)).isEqualTo("env DEEPSEEK_API_KEY");
        assertThat(loaded.sources().get(Setting.PORT)).isEqualTo("env PROXY_PORT");
        assertThat(loaded.sources().get(Setting.VERBOSE)).isEqualTo("env PROXY_VERBOSE");
        assertThat(loaded.sources().get(Setting.FORCE_PROVIDER)).isEqualTo("env FORCE_PROVIDER");
    }

    @Test
    void envBeatsWorkingDirectoryFileWhichBeatsHomeConfigWhichBeatsDefaults() throws IOException {
        write(homeConfig(), "{\"port\":4001,\"verbose\":true,\"maxInFlight\":7,\"forceProvider\":\"anthropic\"}");
        write(work.resolve("config.json"), "{\"port\":4002,\"verbose\":false,\"forceProvider\":\"deepseek\"}");
        env.put("PROXY_PORT", "4003");
        var loaded = load();
        Config c = loaded.config();
        assertThat(c.port()).isEqualTo(4003);
        assertThat(loaded.sources().get(Setting.PORT)).isEqualTo("env PROXY_PORT");
        assertThat(c.verbose()).isFalse();
        assertThat(loaded.sources().get(Setting.VERBOSE)).isEqualTo(work.resolve("config.json").toString());
        assertThat(c.forceProvider()).isEqualTo("deepseek");
        assertThat(c.maxInFlight()).isEqualTo(7);
        assertThat(loaded.sources().get(Setting.MAX_IN_FLIGHT)).isEqualTo(homeConfig().toString());
        assertThat(c.maxBodyBytes()).isEqualTo(Config.DEFAULT_MAX_BODY_BYTES);
        assertThat(loaded.sources().get(Setting.MAX_BODY_BYTES)).isEqualTo("default");
    }

    @Test
    void deepseekProxyJsonIsReadWhenConfigJsonIsAbsent() throws IOException {
        write(work.resolve(".deepseek-proxy.json"), "{\"apiKey\":\"" + KEY + "\",\"port\":4200}");
        var loaded = load();
        assertThat(loaded.config().port()).isEqualTo(4200);
        assertThat(loaded.config().deepseekApiKey()).isEqualTo(KEY);
        assertThat(loaded.sources().get(Setting.PORT)).isEqualTo(work.resolve(".deepseek-proxy.json").toString());
    }

    @Test
    void deepseekProxyJsonIsIgnoredWhenConfigJsonIsPresent() throws IOException {
        write(work.resolve(".deepseek-proxy.json"), "{\"port\":4200,\"verbose\":true}");
        write(work.resolve("config.json"), "{\"port\":4300}");
        var loaded = load();
        assertThat(loaded.config().port()).isEqualTo(4300);
        assertThat(loaded.config().verbose()).isFalse();
    }

    @Test
    void aismushHomeMovesTheHomeConfig() throws IOException {
        Path elsewhere = work.resolve("data");
        write(elsewhere.resolve("config.json"), "{\"port\":4400}");
        write(homeConfig(), "{\"port\":4500}");
        env.put("AISMUSH_HOME", elsewhere.toString());
        var loaded = load();
        assertThat(loaded.config().port()).isEqualTo(4400);
        assertThat(loaded.config().dataDir()).isEqualTo(elsewhere);
        assertThat(loaded.sources().get(Setting.PORT)).isEqualTo(elsewhere.resolve("config.json").toString());
    }

    @Test
    void blankEnvironmentValuesAreIgnored() throws IOException {
        write(homeConfig(), "{\"port\":4600}");
        env.put("PROXY_PORT", "  ");
        env.put("AISMUSH_HOME", "");
        assertThat(load().config().port()).isEqualTo(4600);
    }

    @Test
    void malformedFileNamesTheFileAndTheLine() throws IOException {
        Path file = work.resolve("config.json");
        write(file, "{\n  \"port\": 4000,\n  \"verbose\": tru\n}\n");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("line 3");
    }

    @Test
    void malformedHomeConfigNamesTheHomeFile() throws IOException {
        write(homeConfig(), "{\"port\": 4000,}");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class).hasMessageContaining(homeConfig().toString())
                .hasMessageContaining("line 1");
    }

    @Test
    void aFileThatIsNotAnObjectIsRefusedByName() throws IOException {
        write(work.resolve("config.json"), "[1, 2]");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class).hasMessageContaining(work.resolve("config.json").toString());
    }

    @Test
    void aBadValueNamesTheSettingAndItsSource() throws IOException {
        write(homeConfig(), "{\"port\":\"eighty\"}");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessageContaining("port").hasMessageContaining(homeConfig().toString()).hasMessageContaining("eighty");
        env.put("PROXY_VERBOSE", "sometimes");
        Files.delete(homeConfig());
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class).hasMessageContaining("env PROXY_VERBOSE");
    }

    @Test
    void anEmptyFileConfiguresNothing() throws IOException {
        write(work.resolve("config.json"), "");
        assertThat(load().config().port()).isEqualTo(Config.DEFAULT_PORT);
    }

    @Test
    void unknownKeysAreWarnedAboutNotFatal() throws IOException {
        write(work.resolve("config.json"), "{\"prot\":4000}");
        var loaded = load();
        assertThat(loaded.config().port()).isEqualTo(Config.DEFAULT_PORT);
        assertThat(loaded.warnings()).singleElement().asString().contains("prot").contains(work.resolve("config.json").toString());
    }

    @Test
    void workingDirectoryFileCannotRedirectTrafficAndSaysSo() throws IOException {
        write(work.resolve("config.json"), "{\"anthropicBaseUrl\":\"https://attacker.example\",\"port\":4700}");
        var loaded = load();
        assertThat(loaded.config().anthropicBaseUrl()).isEqualTo(Config.DEFAULT_ANTHROPIC_BASE_URL);
        assertThat(loaded.sources().get(Setting.ANTHROPIC_BASE_URL)).isEqualTo("default");
        assertThat(loaded.config().port()).isEqualTo(4700);
        assertThat(loaded.warnings()).singleElement().asString()
                .contains("anthropicBaseUrl").contains("ignored").contains(work.resolve("config.json").toString());
    }

    @Test
    void workingDirectoryFileCannotOverrideTheHomeConfigsUpstreamEither() throws IOException {
        write(homeConfig(), "{\"anthropicBaseUrl\":\"https://gateway.corp.example/anthropic/\"}");
        write(work.resolve(".deepseek-proxy.json"), "{\"anthropicBaseUrl\":\"https://attacker.example\"}");
        var loaded = load();
        assertThat(loaded.config().anthropicBaseUrl()).isEqualTo(URI.create("https://gateway.corp.example/anthropic"));
        assertThat(loaded.sources().get(Setting.ANTHROPIC_BASE_URL)).isEqualTo(homeConfig().toString());
        assertThat(loaded.warnings()).hasSize(1);
    }

    @Test
    void extraDashboardHostsComeFromTheEnvironmentOrTheHomeConfigButNotTheWorkingDirectory() throws IOException {
        write(homeConfig(), "{\"allowedHosts\":[\"proxy.team.internal\", \"proxy.team.internal:8443\"]}");
        assertThat(load().config().allowedHosts()).containsExactly("proxy.team.internal", "proxy.team.internal:8443");
        env.put("AISMUSH_ALLOWED_HOSTS", "a.example, b.example:1849");
        assertThat(load().config().allowedHosts()).containsExactly("a.example", "b.example:1849");
        env.clear();
        write(work.resolve("config.json"), "{\"allowedHosts\":\"evil.example\"}");
        var loaded = load();
        assertThat(loaded.config().allowedHosts()).containsExactly("proxy.team.internal", "proxy.team.internal:8443");
        assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w).contains("allowedHosts").contains("ignored"));
    }

    @Test
    void homeConfigMaySetTheUpstream() throws IOException {
        write(homeConfig(), "{\"anthropicBaseUrl\":\"https://gateway.corp.example\"}");
        var loaded = load();
        assertThat(loaded.config().anthropicBaseUrl()).isEqualTo(URI.create("https://gateway.corp.example"));
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void environmentMaySetTheUpstream() throws IOException {
        write(homeConfig(), "{\"anthropicBaseUrl\":\"https://gateway.corp.example\"}");
        env.put("AISMUSH_ANTHROPIC_BASE_URL", "http://127.0.0.1:9999");
        var loaded = load();
        assertThat(loaded.config().anthropicBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:9999"));
        assertThat(loaded.sources().get(Setting.ANTHROPIC_BASE_URL)).isEqualTo("env AISMUSH_ANTHROPIC_BASE_URL");
    }

    @Test
    void anthropicBaseUrlFromTheEnvironmentIsNeverTheUpstream() {
        // Claude Code's own variable points at the proxy; reading it as the upstream would make the proxy call itself.
        env.put("ANTHROPIC_BASE_URL", "http://127.0.0.1:1849");
        env.put("ANTHROPIC_API_KEY", "sk-ant-not-ours");
        var loaded = load();
        assertThat(loaded.config().anthropicBaseUrl()).isEqualTo(Config.DEFAULT_ANTHROPIC_BASE_URL);
        assertThat(loaded.config().deepseekApiKey()).isNull();
    }

    @Test
    void anUpstreamThatIsTheProxyItselfIsRefused() {
        for (String url : new String[] {"http://localhost:1849", "http://127.0.0.1:1849/", "http://[::1]:1849"}) {
            env.put("AISMUSH_ANTHROPIC_BASE_URL", url);
            assertThatThrownBy(this::load).as(url).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("itself").hasMessageContaining("1849").hasMessageContaining("AISMUSH_ANTHROPIC_BASE_URL");
        }
    }

    @Test
    void aCheapProviderThatIsTheProxyItselfIsRefusedToo() throws IOException {
        env.put("AISMUSH_DEEPSEEK_BASE_URL", "http://127.0.0.1:1849");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class).hasMessageContaining("DeepSeek")
                .hasMessageContaining("itself").hasMessageContaining("AISMUSH_DEEPSEEK_BASE_URL");
        env.remove("AISMUSH_DEEPSEEK_BASE_URL");
        write(homeConfig(), "{\"providers\":[{\"name\":\"local\",\"baseUrl\":\"http://localhost:1849/v1\",\"model\":\"m\"}]}");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class).hasMessageContaining("provider 'local'")
                .hasMessageContaining("itself").hasMessageContaining(homeConfig().toString());
        write(homeConfig(), "{\"providers\":[{\"name\":\"local\",\"baseUrl\":\"http://localhost:11434/v1\",\"model\":\"m\"}]}");
        assertThat(load().config().routing().providers()).hasSize(1);
    }

    @Test
    void anUpstreamOnTheProxysConfiguredPortIsRefused() throws IOException {
        write(homeConfig(), "{\"anthropicBaseUrl\":\"http://localhost:4800\"}");
        env.put("PROXY_PORT", "4800");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class).hasMessageContaining("itself")
                .hasMessageContaining(homeConfig().toString());
    }

    @Test
    void aLocalUpstreamOnAnotherPortIsAllowed() {
        env.put("AISMUSH_ANTHROPIC_BASE_URL", "http://localhost:1850");
        assertThat(load().config().anthropicBaseUrl()).isEqualTo(URI.create("http://localhost:1850"));
    }

    @Test
    void anUpstreamThatIsNotAnHttpUrlIsRefusedByName() {
        env.put("AISMUSH_ANTHROPIC_BASE_URL", "ftp://example.com");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class).hasMessageContaining("AISMUSH_ANTHROPIC_BASE_URL");
    }

    @Test
    void timeoutsAndLimitsAreRead() {
        env.put("AISMUSH_MAX_BODY_BYTES", "2048");
        env.put("AISMUSH_MAX_IN_FLIGHT", "3");
        env.put("AISMUSH_CONNECT_TIMEOUT_MS", "150");
        env.put("AISMUSH_UPSTREAM_TIMEOUT_MS", "250");
        env.put("AISMUSH_STREAM_IDLE_TIMEOUT_MS", "350");
        Config c = load().config();
        assertThat(c.maxBodyBytes()).isEqualTo(2048);
        assertThat(c.maxInFlight()).isEqualTo(3);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(150));
        assertThat(c.firstByteTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.streamIdleTimeout()).isEqualTo(Duration.ofMillis(350));
    }

    @Test
    void toStringAndMaskNeverShowTheKey() {
        env.put("DEEPSEEK_API_KEY", KEY);
        Config c = load().config();
        assertThat(c.toString()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 12)).contains("masked");
        assertThat(Config.mask(KEY)).doesNotContain(KEY.substring(0, KEY.length() - 4)).endsWith("(masked)");
        assertThat(Config.mask("short-key")).isEqualTo("(set)");
        assertThat(Config.mask(null)).isEqualTo("(not set)");
        assertThat(Config.mask("")).isEqualTo("(not set)");
    }
}
