package io.aismush.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A plain serve's command line is read without picocli, exactly as picocli would read it. */
class PlainServeTest {
    @TempDir
    Path home;
    @TempDir
    Path work;

    private AismushCommand command() {
        var nowhere = new PrintStream(PrintStream.nullOutputStream());
        return new AismushCommand((config, loaded) -> 0, Map.of(), work, home, nowhere, nowhere);
    }

    private static String options(AismushCommand c) {
        return "port=" + c.port + " verbose=" + c.verbose + " direct=" + c.direct;
    }

    @Test
    void everyLineReadWithoutPicocliMeansWhatPicocliMakesOfIt() {
        String[][] lines = {{}, {"--port", "4555"}, {"-p", "0"}, {"--port", "65535", "--direct"}, {"--direct", "-p", "1849"},
                {"-v"}, {"--verbose", "--direct"}, {"--direct", "--verbose", "--port", "123456789"}};
        for (String[] line : lines) {
            var plain = command();
            assertThat(plain.readPlainServe(line)).as(String.join(" ", line)).isTrue();
            var parsed = command();
            new CommandLine(parsed).parseArgs(line);
            assertThat(options(plain)).as(String.join(" ", line)).isEqualTo(options(parsed));
        }
    }

    @Test
    void anyOtherLineIsLeftToPicocliUntouched() {
        String[][] lines = {{"--help"}, {"-V"}, {"--status"}, {"--config"}, {"start"}, {"stats"}, {"--port"}, {"--port", "08"},
                {"--port", "+5"}, {"--port", "-1"}, {"--port", "x"}, {"--port=4555"}, {"-p4555"}, {"-vp", "4555"},
                {"--port", "1", "--port", "2"}, {"--direct", "--direct"}, {"-v", "--verbose"}, {"--direct", "start"}, {""}};
        for (String[] line : lines) {
            var c = command();
            assertThat(c.readPlainServe(line)).as(String.join(" ", line)).isFalse();
            assertThat(options(c)).as(String.join(" ", line)).isEqualTo(options(command()));
        }
    }

    @Test
    void aPlainServeLoadsNoPicocliClass() throws Exception {
        int port = StartCommandTest.freePort();
        var cmd = new ArrayList<>(AismushProcess.command("--port", String.valueOf(port), "--direct"));
        cmd.add(1, "-Xlog:class+load=info");
        var pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(AismushProcess.environment(home, home.resolve("data"), port));
        Process p = pb.start();
        var output = new StringBuilder();
        var listening = new CompletableFuture<Void>();
        Thread.ofVirtual().start(() -> {
            try (var in = p.inputReader(StandardCharsets.UTF_8)) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.startsWith("aismush listening on")) listening.complete(null);
                }
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
            listening.complete(null);
        });
        try {
            listening.get(60, TimeUnit.SECONDS);
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
        String log;
        synchronized (output) {
            log = output.toString();
        }
        assertThat(log).contains("aismush listening on http://127.0.0.1:" + port).contains("io.aismush.app.Main ")
                .doesNotContain("picocli.");
    }
}
