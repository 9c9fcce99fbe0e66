package io.aismush.cli;

import io.aismush.testkit.ClaudeCodeScript;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.Flavour;
import io.aismush.testkit.StrictFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** {@code aismush start}: launches Claude Code through a background proxy it starts or reuses, and says what it saved. */
class StartCommandTest {
    private static final String ORIGINAL = "public class Greeter {\n    String greet() { return \"Hello World\"; }\n}\n";
    private static final String DEEPSEEK_KEY = "sk-deepseek-start-0000000000";

    @TempDir
    Path project;
    @TempDir
    Path home;

    private Path dataDir;

    @AfterEach
    void stopTheBackgroundProxy() throws Exception {
        if (dataDir != null) AismushProcess.stopBackgroundProxy(dataDir);
    }

    @Test
    @Tag("slow")
    @Tag("e2e")
    void startRunsRealClaudeCodeThroughTheProxyPrintsTheSavingsAndASecondStartReusesTheProxy() throws Exception {
        Path claudeBin = claudeCodeBin();
        Path file = project.resolve("Greeter.java");
        Files.writeString(file, ORIGINAL);
        var claudeScript = StrictFake.strict(Flavour.ANTHROPIC, new ClaudeCodeScript("claude-opus-5-5", file.toString(),
                "return \"Hello World\";", "return \"Hello Java\";"));
        var cheapScript = StrictFake.strict(Flavour.DEEPSEEK, new ClaudeCodeScript("deepseek-flash", file.toString(),
                "return \"Hello World\";", "return \"Hello Java\";"));
        try (var claude = FakeUpstream.start().respondWith(claudeScript); var deepseek = FakeUpstream.start().respondWith(cheapScript)) {
            int port = freePort();
            dataDir = home.resolve("data");
            Map<String, String> env = AismushProcess.environment(home, dataDir, port, claudeBin);
            env.put("AISMUSH_ANTHROPIC_BASE_URL", claude.baseUrl().toString());
            env.put("AISMUSH_DEEPSEEK_BASE_URL", deepseek.baseUrl().toString());
            env.put("DEEPSEEK_API_KEY", DEEPSEEK_KEY);
            env.put("ANTHROPIC_API_KEY", "sk-ant-start-e2e-not-a-real-key");
            env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
            env.put("CLAUDE_CODE_MAX_RETRIES", "0");
            env.put("API_TIMEOUT_MS", "20000");

            var first = AismushProcess.run(project, env, Duration.ofSeconds(120), "start", "-p",
                    "Read Greeter.java and make it greet Java instead of World", "--permission-mode", "acceptEdits", "--output-format", "json");
            assertThat(first.exit()).as(first.output()).isZero();
            assertThat(Files.readString(file)).isEqualTo(ORIGINAL.replace("Hello World", "Hello Java"));
            assertThat(first.output()).contains("started on http://127.0.0.1:" + port).contains(ClaudeCodeScript.FINAL_TEXT)
                    .containsPattern("this session: [3-9] request\\(s\\)");
            claudeScript.assertNoRejections();
            cheapScript.assertNoRejections();
            assertThat(claude.requests().size() + deepseek.requests().size()).isGreaterThanOrEqualTo(3);
            long pid = Long.parseLong(Files.readString(dataDir.resolve("proxy.pid")).trim());

            Path fake = AismushProcess.fakeClaude(home, 0);
            Map<String, String> again = AismushProcess.environment(home, dataDir, port, fake);
            again.put("DEEPSEEK_API_KEY", DEEPSEEK_KEY);
            var second = AismushProcess.run(project, again, Duration.ofSeconds(30), "start", "--version");
            assertThat(second.exit()).as(second.output()).isZero();
            assertThat(second.output()).contains("reusing the aismush already running on port " + port)
                    .contains("fake claude ANTHROPIC_BASE_URL=http://127.0.0.1:" + port + " args: --version")
                    .doesNotContain("started on");
            assertThat(Long.parseLong(Files.readString(dataDir.resolve("proxy.pid")).trim())).isEqualTo(pid);
            assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
        }
    }

    @Test
    @Tag("slow")
    void aForeignProgramOnThePortIsLeftAloneAndClaudeIsNotStarted() throws Exception {
        try (var other = FakeUpstream.start()) {
            dataDir = home.resolve("data");
            Path fake = AismushProcess.fakeClaude(home, 0);
            Map<String, String> env = AismushProcess.environment(home, dataDir, other.port(), fake);
            env.put("DEEPSEEK_API_KEY", DEEPSEEK_KEY);
            var r = AismushProcess.run(project, env, Duration.ofSeconds(30), "start", "-p", "hello");
            assertThat(r.exit()).as(r.output()).isEqualTo(1);
            assertThat(r.output()).contains("held by another program").contains("--port " + (other.port() + 1));
            assertThat(home.resolve("ran")).doesNotExist();
            assertThat(dataDir.resolve("proxy.pid")).doesNotExist();
            var health = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(other.baseUrl() + "/v1/models")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("the other program still serves").isEqualTo(200);
        }
    }

    @Test
    void withoutClaudeCodeOnThePathItSaysHowToInstallIt() {
        var r = runInProcess(Map.of("PATH", home.toString(), "AISMUSH_HOME", home.resolve("data").toString()), "start");
        assertThat(r.exit()).isEqualTo(127);
        assertThat(r.output()).contains("npm install -g @anthropic-ai/claude-code");
    }

    @Test
    void withoutAKeyAndWithoutATerminalItExplainsWhatToDoInsteadOfWaiting() throws Exception {
        Path fake = AismushProcess.fakeClaude(home, 0);
        var r = runInProcess(Map.of("PATH", fake.toString(), "AISMUSH_HOME", home.resolve("data").toString(),
                "PROXY_PORT", String.valueOf(freePort())), "start");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("DEEPSEEK_API_KEY").contains("aismush start --direct");
        assertThat(home.resolve("ran")).doesNotExist();
        assertThat(home.resolve("data").resolve("proxy.pid")).doesNotExist();
    }

    private AismushProcess.Result runInProcess(Map<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var print = new PrintStream(out, true, StandardCharsets.UTF_8);
        var command = new AismushCommand((c, l) -> 0, env, project, home, print, print);
        int exit = command.commandLine().execute(args);
        return new AismushProcess.Result(exit, out.toString(StandardCharsets.UTF_8));
    }

    static int freePort() throws Exception {
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The folder holding the real Claude Code CLI (e2e/install.sh); required where the build says so. */
    static Path claudeCodeBin() {
        Path bin = Path.of(System.getProperty("aismush.e2e.dir", "../e2e")).resolve("node_modules/.bin");
        boolean required = Boolean.getBoolean("aismush.e2e.required") || System.getenv("CI") != null;
        if (!Files.isExecutable(bin.resolve("claude"))) {
            if (required) fail("Claude Code CLI not installed at " + bin + "; run e2e/install.sh (bin/test does)");
            Assumptions.abort("Claude Code CLI not installed; run e2e/install.sh");
        }
        return bin.toAbsolutePath();
    }
}
