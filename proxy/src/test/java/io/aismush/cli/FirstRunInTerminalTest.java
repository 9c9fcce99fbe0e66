package io.aismush.cli;

import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.testkit.Reply;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The first run of {@code aismush start}, typed into a real terminal (tmux): the key prompt appears, the key typed is
 * not echoed, it is checked against a fake DeepSeek and saved 0600 beside the keys already there, and a second run
 * does not ask again. {@code claude} is a fake script that reports what it was given.
 */
@Tag("slow")
class FirstRunInTerminalTest {
    private static final String KEY = "sk-typed-into-the-terminal-4242";

    @TempDir
    Path home;

    private final String session = "aismush-first-run-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private Path dataDir;

    @AfterEach
    void cleanUp() throws Exception {
        tmux("kill-session", "-t", session);
        if (dataDir != null) AismushProcess.stopBackgroundProxy(dataDir);
    }

    @Test
    void theKeyIsAskedOnceWithoutEchoCheckedAndSavedPrivately() throws Exception {
        requireTmux();
        try (var deepseek = FakeUpstream.start().respondWith(FirstRunInTerminalTest::models)) {
            dataDir = home.resolve("data");
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("config.json"), "{\"deepseekModel\": \"deepseek-flash\"}");
            int port = StartCommandTest.freePort();
            Map<String, String> env = AismushProcess.environment(home, dataDir, port, AismushProcess.fakeClaude(home, 3));
            env.put("AISMUSH_DEEPSEEK_BASE_URL", deepseek.baseUrl() + "/anthropic");
            Path script = script(env, AismushProcess.command("start", "hello", "--verbose"));

            tmux("new-session", "-d", "-s", session, "-x", "220", "-y", "50", "bash --norc --noprofile");
            tmux("send-keys", "-t", session, "bash " + script, "Enter");
            waitFor("DeepSeek API key: ");
            tmux("send-keys", "-t", session, "-l", KEY);
            tmux("send-keys", "-t", session, "Enter");
            String pane = waitFor("EXIT=");

            assertThat(pane).as("typed input is not echoed").doesNotContain(KEY).doesNotContain(KEY.substring(0, 12));
            assertThat(pane).contains("DeepSeek accepted the key").contains("EXIT=3")
                    .contains("fake claude ANTHROPIC_BASE_URL=http://127.0.0.1:" + port + " args: hello --verbose");
            Path config = dataDir.resolve("config.json");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
            var saved = Json.MAPPER.readTree(Files.readAllBytes(config));
            assertThat(saved.path("apiKey").asString()).isEqualTo(KEY);
            assertThat(saved.path("deepseekModel").asString()).as("keys already there are kept").isEqualTo("deepseek-flash");
            ReceivedRequest check = deepseek.requests().getFirst();
            assertThat(check.path()).isEqualTo("/models");
            assertThat(check.header("authorization")).isEqualTo("Bearer " + KEY);

            tmux("send-keys", "-t", session, "bash " + script, "Enter");
            String both = waitFor("EXIT=", 2);
            String second = both.substring(both.indexOf("EXIT=") + 5);
            assertThat(second).as("the second run does not ask").doesNotContain("DeepSeek API key")
                    .contains("reusing the aismush already running").contains("EXIT=3");
            assertThat(deepseek.requests()).as("the key is not checked again").hasSize(1);
        }
    }

    private static Reply models(ReceivedRequest r) {
        if (!r.path().equals("/models")) return Reply.json(404, "{}");
        if (!("Bearer " + KEY).equals(r.header("authorization"))) return Reply.json(401, "{\"error\":{\"message\":\"bad key\"}}");
        return Reply.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"deepseek-flash\",\"object\":\"model\"}]}");
    }

    /** A script that runs the command with the environment and prints its exit code. */
    private Path script(Map<String, String> env, List<String> command) throws Exception {
        var sb = new StringBuilder("#!/usr/bin/env bash\n");
        env.forEach((k, v) -> sb.append("export ").append(k).append('=').append(quote(v)).append('\n'));
        for (String c : command) sb.append(quote(c)).append(' ');
        sb.append("\necho \"EXIT=$?\"\n");
        Path script = home.resolve("run.sh");
        Files.writeString(script, sb.toString());
        return script;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private String waitFor(String text) throws Exception {
        return waitFor(text, 1);
    }

    /** The pane (with its scrollback) once it shows {@code text} {@code times} times. */
    private String waitFor(String text, int times) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        String pane = "";
        while (System.nanoTime() < deadline) {
            pane = tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session);
            if (pane.split(Pattern.quote(text), -1).length - 1 >= times) return pane;
            Thread.sleep(100);
        }
        fail("the terminal never showed '" + text + "'; it shows:\n" + pane);
        return pane;
    }

    private static String tmux(String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        return out;
    }

    private static void requireTmux() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) if (Files.isExecutable(Path.of(dir, "tmux"))) found = true;
        if (!found) {
            if (Boolean.getBoolean("aismush.e2e.required") || System.getenv("CI") != null) fail("tmux is not installed; e2e/install.sh installs it");
            Assumptions.abort("tmux is not installed");
        }
    }
}
