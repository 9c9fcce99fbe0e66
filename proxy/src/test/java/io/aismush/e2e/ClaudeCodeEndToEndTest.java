package io.aismush.e2e;

import io.aismush.testing.TestProxy;
import io.aismush.testkit.ClaudeCodeScript;
import io.aismush.testkit.FakeUpstream;
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
 * The real Claude Code CLI, in print mode, Reads a file and Edits it through the proxy against a scripted fake
 * upstream. It passes only if the file changed on disk and the fake received exactly the bytes Claude Code sent
 * (recorded by a TCP tap between the CLI and the proxy).
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

    @TempDir
    Path project;
    @TempDir
    Path home;

    @Test
    void claudeCodeReadsThenEditsAFileThroughTheProxy() throws Exception {
        Path claude = claudeBinary();
        Path file = project.resolve("Greeter.java");
        Files.writeString(file, ORIGINAL);
        var script = new ClaudeCodeScript("claude-opus-5-5", file.toString(), "return \"Hello World\";", "return \"Hello Java\";");

        try (var proxy = TestProxy.start(FakeUpstream.start().respondWith(script), c -> c);
             var tap = new TcpTap(proxy.server.port())) {
            var pb = new ProcessBuilder(claude.toString(), "-p", "Read Greeter.java and make it greet Java instead of World",
                    "--permission-mode", "acceptEdits", "--output-format", "json")
                    .directory(project.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(false);
            var env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("ANTHROPIC_") || k.startsWith("CLAUDE_"));
            env.put("HOME", home.toString());
            env.put("ANTHROPIC_BASE_URL", "http://127.0.0.1:" + tap.port());
            env.put("ANTHROPIC_API_KEY", "sk-ant-e2e-not-a-real-key");
            env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
            env.put("CLAUDE_CODE_MAX_RETRIES", "0");
            env.put("API_TIMEOUT_MS", "20000");
            Process process = pb.start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("Claude Code did not finish within 90 s");
            }
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("exit code; stdout=%s stderr=%s", stdout, stderr).isZero();

            assertThat(Files.readString(file)).isEqualTo(ORIGINAL.replace("return \"Hello World\";", "return \"Hello Java\";"));
            assertThat(stdout).contains(ClaudeCodeScript.FINAL_TEXT).contains("\"is_error\":false");

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
            assertThat(received.getFirst().header("x-api-key")).isEqualTo("sk-ant-e2e-not-a-real-key");
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
