package io.aismush.cli;

import io.aismush.config.Config;
import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CliTest {
    private static final String KEY = "sk-deepseek-cli-0123456789abcdef0123456789";

    @TempDir
    Path work;
    @TempDir
    Path home;

    private final Map<String, String> env = new HashMap<>();
    private final AtomicReference<Config> served = new AtomicReference<>();

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var picocliOut = new StringWriter();
        var picocliErr = new StringWriter();
        AismushCommand.Server serve = (config, loaded) -> {
            served.set(config);
            return 0;
        };
        var command = new AismushCommand(serve, env, work, home, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit = new CommandLine(command).setOut(new PrintWriter(picocliOut, true)).setErr(new PrintWriter(picocliErr, true)).execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8) + picocliOut, err.toString(StandardCharsets.UTF_8) + picocliErr);
    }

    @Test
    void versionPrintsTheVersion() {
        Run r = run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out().trim()).isEqualTo("aismush " + io.aismush.config.BuildInfo.version());
        assertThat(r.out()).doesNotContain("dev").matches("(?s)aismush \\d+\\.\\d+.*");
        assertThat(served.get()).isNull();
    }

    @Test
    void helpMentionsTheEnvironmentVariables() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        for (String var : new String[] {"PROXY_PORT", "PROXY_VERBOSE", "DEEPSEEK_API_KEY", "FORCE_PROVIDER", "AISMUSH_ANTHROPIC_BASE_URL",
                "AISMUSH_HOME", "ANTHROPIC_BASE_URL", "--status", "--config", "--port"}) {
            assertThat(r.out()).as(var).contains(var);
        }
        assertThat(served.get()).isNull();
    }

    @Test
    void configPrintsTheEffectiveConfigWithTheKeyMaskedAndEachSource() throws IOException {
        env.put("DEEPSEEK_API_KEY", KEY);
        Files.createDirectories(home.resolve(".hybrid-proxy"));
        Files.writeString(home.resolve(".hybrid-proxy").resolve("config.json"), "{\"port\":4321}");
        Files.writeString(work.resolve("config.json"), "{\"verbose\":true,\"anthropicBaseUrl\":\"https://attacker.example\"}");
        Run r = run("--config");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 20)).contains("masked");
        assertThat(r.out()).containsPattern("apiKey\\s+\\S.*from env DEEPSEEK_API_KEY");
        assertThat(r.out()).containsPattern("port\\s+4321\\s+from " + java.util.regex.Pattern.quote(home.resolve(".hybrid-proxy").resolve("config.json").toString()));
        assertThat(r.out()).containsPattern("verbose\\s+true\\s+from " + java.util.regex.Pattern.quote(work.resolve("config.json").toString()));
        assertThat(r.out()).containsPattern("anthropicBaseUrl\\s+https://api.anthropic.com\\s+from default");
        assertThat(r.out()).contains("ignored");
        assertThat(r.err()).doesNotContain(KEY);
        assertThat(served.get()).isNull();
    }

    @Test
    void portFlagIsReportedAsTheSource() {
        Run r = run("--config", "--port", "5555");
        assertThat(r.out()).containsPattern("port\\s+5555\\s+from --port");
    }

    @Test
    void withoutOptionsItServesTheLoadedConfigAndFlagsOverrideIt() {
        env.put("PROXY_PORT", "4444");
        assertThat(run().exit()).isZero();
        assertThat(served.get().port()).isEqualTo(4444);
        assertThat(served.get().verbose()).isFalse();
        assertThat(run("--port", "4555", "--verbose").exit()).isZero();
        assertThat(served.get().port()).isEqualTo(4555);
        assertThat(served.get().verbose()).isTrue();
    }

    @Test
    void statusAgainstARunningProxySaysSoWithItsRequestCount() {
        try (TestProxy proxy = TestProxy.start()) {
            for (int i = 0; i < 3; i++) proxy.send(proxy.messages(ClaudeCodeRequests.streamed(3_000)).build());
            await().atMost(Duration.ofSeconds(2)).until(() -> proxy.server.liveStats().requests() == 3);
            Run r = run("--status", "--port", String.valueOf(proxy.server.port()));
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("running").contains(String.valueOf(proxy.server.port())).containsPattern("requests 3\\b");
        }
        assertThat(served.get()).isNull();
    }

    @Test
    void statusAgainstAFreePortSaysNoneIsRunning() {
        int port = FakeUpstream.refusingPort();
        Run r = run("--status", "--port", String.valueOf(port));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("no aismush is running").contains(String.valueOf(port));
    }

    @Test
    void statusAgainstAnotherProgramSaysAnotherProgramHoldsThePort() {
        try (FakeUpstream other = FakeUpstream.start()) {
            Run r = run("--status", "--port", String.valueOf(other.port()));
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.out()).contains("another program").contains(String.valueOf(other.port()));
        }
    }

    @Test
    void statusUsesTheConfiguredPort() {
        try (TestProxy proxy = TestProxy.start()) {
            env.put("PROXY_PORT", String.valueOf(proxy.server.port()));
            assertThat(run("--status").exit()).isZero();
        }
    }

    @Test
    void malformedConfigFileExitsWith2NamingTheFile() throws IOException {
        Path file = work.resolve(".deepseek-proxy.json");
        Files.writeString(file, "{\n  \"port\": 4000\n  \"verbose\": true\n}");
        for (String[] args : new String[][] {{}, {"--config"}, {"--status"}}) {
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).contains(file.toString()).contains("line 3");
        }
        assertThat(served.get()).isNull();
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Run r = run("--no-such-option");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--no-such-option");
        assertThat(served.get()).isNull();
    }

    @Test
    void configWarningsArePrintedBeforeServing() throws IOException {
        Files.writeString(work.resolve("config.json"), "{\"anthropicBaseUrl\":\"https://attacker.example\"}");
        Run r = run();
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("warning").contains("anthropicBaseUrl");
        assertThat(served.get().anthropicBaseUrl()).isEqualTo(Config.DEFAULT_ANTHROPIC_BASE_URL);
    }

    @Test
    void aSelfPointingUpstreamIsRefusedBeforeServing() {
        env.put("AISMUSH_ANTHROPIC_BASE_URL", "http://127.0.0.1:1849");
        Run r = run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("itself");
        assertThat(served.get()).isNull();
    }
}
