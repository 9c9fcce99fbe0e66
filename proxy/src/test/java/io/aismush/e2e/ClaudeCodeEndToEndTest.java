package io.aismush.e2e;

import io.aismush.testing.TestProxy;
import io.aismush.testkit.ClaudeCodeBashScript;
import io.aismush.testkit.ClaudeCodeScript;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.Flavour;
import io.aismush.testkit.StrictFake;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.testkit.TcpTap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The real Claude Code CLI, in print mode, Reads a file and Edits it through the proxy against scripted fake
 * upstreams: passed through to Anthropic (the fake must receive exactly the bytes Claude Code sent, recorded by a
 * TCP tap between the CLI and the proxy), with routing on (part of the loop served by a strict DeepSeek-flavoured
 * fake), and forced to DeepSeek. Each passes only if the file changed on disk.
 */
@Tag("e2e")
class ClaudeCodeEndToEndTest {
    private static final String ORIGINAL = """
            // Greets people. Keep this comment: edits must not touch it.
            public class Greeter {
                /* the greeting, in one place */
                String greet() { return "Hello World"; } // "quoted" comment
            }
            """;

    private static final String CLIENT_KEY = "sk-ant-e2e-not-a-real-key";
    private static final String DEEPSEEK_KEY = "sk-deepseek-e2e-0000000000";

    @TempDir
    Path project;
    @TempDir
    Path home;

    @Test
    void claudeCodeReadsThenEditsAFileThroughTheProxy() throws Exception {
        Path file = greeter();
        var script = script(file, "claude-opus-5-5");
        try (var proxy = TestProxy.start(FakeUpstream.start().respondWith(script), c -> c);
             var tap = new TcpTap(proxy.server.port())) {
            String stdout = runClaudeCode(tap.port());
            assertEdited(file, stdout);

            List<ReceivedRequest> received = proxy.upstream.requests();
            List<TcpTap.TappedRequest> sent = tap.requests();
            assertThat(received).hasSizeGreaterThanOrEqualTo(3);
            assertThat(received).hasSameSizeAs(sent);
            for (int i = 0; i < sent.size(); i++) {
                assertThat(received.get(i).body()).as("body of request %d, byte for byte", i).isEqualTo(sent.get(i).body());
                assertThat(sent.get(i).requestLine()).startsWith(received.get(i).method() + " " + received.get(i).pathAndQuery() + " ");
            }
            assertThat(received.get(1).bodyText()).contains(ClaudeCodeScript.READ_ID).contains("1\\t// Greets people.");
            assertThat(received.getLast().bodyText()).contains(ClaudeCodeScript.EDIT_ID);
            assertThat(received.getFirst().header("x-api-key")).isEqualTo(CLIENT_KEY);
        }
    }

    @Test
    void withRoutingTheLoopIsServedPartlyByTheCheapProviderAndEveryUpstreamAcceptsIt() throws Exception {
        Path file = greeter();
        var claude = StrictFake.strict(Flavour.ANTHROPIC, script(file, "claude-opus-5-5"));
        var cheap = StrictFake.strict(Flavour.DEEPSEEK, script(file, "deepseek-flash"));
        try (var deepseek = FakeUpstream.start().respondWith(cheap);
             var proxy = TestProxy.start(FakeUpstream.start().respondWith(claude), c -> c.withDeepseek(DEEPSEEK_KEY, deepseek.baseUrl()));
             var tap = new TcpTap(proxy.server.port())) {
            String stdout = runClaudeCode(tap.port());
            assertEdited(file, stdout);
            claude.assertNoRejections();
            cheap.assertNoRejections();
            assertThat(proxy.upstream.requests()).as("the planning turn goes to Claude").isNotEmpty();
            assertThat(deepseek.requests()).as("tool-loop steps go to the cheap provider").isNotEmpty();
            assertThat(proxy.upstream.requests().size() + deepseek.requests().size()).isEqualTo(tap.requests().size());
            for (var r : deepseek.requests()) {
                assertThat(r.header("x-api-key")).isEqualTo(DEEPSEEK_KEY);
                assertThat(r.bodyText()).doesNotContain(CLIENT_KEY);
            }
            // What went to Claude went unchanged.
            var sentBodies = tap.requests().stream().map(t -> new String(t.body(), java.nio.charset.StandardCharsets.UTF_8)).toList();
            for (var r : proxy.upstream.requests()) assertThat(sentBodies).contains(r.bodyText());
        }
    }

    @Test
    void forcedToDeepseekClaudeCodeStillCompletesItsEdit() throws Exception {
        Path file = greeter();
        var cheap = StrictFake.strict(Flavour.DEEPSEEK, script(file, "deepseek-flash"));
        try (var deepseek = FakeUpstream.start().respondWith(cheap);
             var proxy = TestProxy.start(FakeUpstream.start(), c -> c.withDeepseek(DEEPSEEK_KEY, deepseek.baseUrl()).withForceProvider("deepseek"))) {
            String stdout = runClaudeCode(proxy.server.port());
            assertEdited(file, stdout);
            cheap.assertNoRejections();
            assertThat(proxy.upstream.requests()).isEmpty();
            assertThat(deepseek.requests()).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void withCompressionALongFailingTestLogReachesTheModelCondensedAndTheCommentedFileStillEdits() throws Exception {
        Path file = greeter();
        Path log = Path.of(getClass().getClassLoader().getResource("compress/outputs/maven-test-failing.txt").toURI());
        String output = Files.readString(log);
        output = output.substring(output.indexOf('\n') + 1);
        // The project's own Maven wrapper, standing in for a real run: it prints a long failing test log and fails.
        Path mvnw = project.resolve("mvnw");
        Files.writeString(project.resolve("test-output.log"), output.repeat(3));
        Files.writeString(mvnw, "#!/bin/sh\ncat \"$(dirname \"$0\")/test-output.log\"\nexit 1\n");
        mvnw.toFile().setExecutable(true);
        String oldString = "    /* the greeting, in one place */\n    String greet() { return \"Hello World\"; } // \"quoted\" comment";
        var script = new ClaudeCodeBashScript("claude-opus-5-5", "./mvnw -B test", file.toString(), oldString,
                oldString.replace("Hello World", "Hello Java"));
        try (var proxy = TestProxy.start(FakeUpstream.start().respondWith(StrictFake.strict(Flavour.ANTHROPIC, script)), c -> c)) {
            String stdout = runClaudeCodeWith(proxy.server.port(), "Run the tests and fix what fails",
                    List.of("--allowedTools", "Bash,Read,Edit", "--permission-mode", "acceptEdits"));
            assertThat(Files.readString(file)).isEqualTo(ORIGINAL.replace("return \"Hello World\";", "return \"Hello Java\";"));
            assertThat(stdout).contains(ClaudeCodeBashScript.FINAL_TEXT);
            String seen = script.bashResult();
            assertThat(seen).as("the model saw the condensed log").contains("[aismush: Maven output condensed")
                    .contains("com.shop.TaxTest.vatIsAppliedToShipping").contains("expected: <12.40> but was: <10.00>")
                    .contains("BUILD FAILURE");
            assertThat(seen.length()).isLessThan(output.length());
            String readSeen = proxy.upstream.requests().getLast().bodyText();
            assertThat(readSeen).as("the Read result reached the model as the file").contains("/* the greeting, in one place */");
        }
    }

    /** Like {@link #runClaudeCode(int)}, with this prompt and these permission arguments. */
    private String runClaudeCodeWith(int port, String prompt, List<String> permissionArgs) throws Exception {
        var command = new java.util.ArrayList<>(List.of(claudeBinary().toString(), "-p", prompt));
        command.addAll(permissionArgs);
        command.addAll(List.of("--output-format", "json"));
        var pb = new ProcessBuilder(command).directory(project.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        var env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ANTHROPIC_") || k.startsWith("CLAUDE_"));
        env.put("HOME", home.toString());
        env.put("ANTHROPIC_BASE_URL", "http://127.0.0.1:" + port);
        env.put("ANTHROPIC_API_KEY", CLIENT_KEY);
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("CLAUDE_CODE_MAX_RETRIES", "0");
        env.put("API_TIMEOUT_MS", "20000");
        Process process = pb.start();
        var stdout = new java.util.concurrent.CompletableFuture<String>();
        var stderr = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> stdout.complete(read(process.getInputStream())));
        Thread.ofVirtual().start(() -> stderr.complete(read(process.getErrorStream())));
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("Claude Code did not finish within 90 s");
        }
        assertThat(process.exitValue()).as("exit code; stdout=%s stderr=%s", stdout.get(), stderr.get()).isZero();
        return stdout.get();
    }

    private Path greeter() throws Exception {
        Path file = project.resolve("Greeter.java");
        Files.writeString(file, ORIGINAL);
        return file;
    }

    private static ClaudeCodeScript script(Path file, String model) {
        return new ClaudeCodeScript(model, file.toString(), "return \"Hello World\";", "return \"Hello Java\";");
    }

    private static void assertEdited(Path file, String stdout) throws Exception {
        assertThat(Files.readString(file)).isEqualTo(ORIGINAL.replace("return \"Hello World\";", "return \"Hello Java\";"));
        assertThat(stdout).contains(ClaudeCodeScript.FINAL_TEXT).contains("\"is_error\":false");
    }

    /** Runs the real CLI in print mode against the port; returns its stdout after asserting it exited 0. */
    private String runClaudeCode(int port) throws Exception {
        return runClaudeCodeWith(port, "Read Greeter.java and make it greet Java instead of World", List.of("--permission-mode", "acceptEdits"));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** The CLI installed by e2e/install.sh; required when the build says so (CI), skipped otherwise. */
    private static Path claudeBinary() {
        Path dir = Path.of(System.getProperty("aismush.e2e.dir", "../e2e"));
        Path bin = dir.resolve("node_modules/.bin/claude");
        boolean required = Boolean.getBoolean("aismush.e2e.required") || System.getenv("CI") != null;
        if (!Files.isExecutable(bin)) {
            if (required) fail("Claude Code CLI not installed at " + bin + "; run e2e/install.sh (bin/test does)");
            Assumptions.abort("Claude Code CLI not installed; run e2e/install.sh to include the end-to-end test");
        }
        return bin;
    }
}
