package io.aismush.app;

import io.aismush.wire.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The training run takes the path of real requests, so the cache it leaves holds what a start and its first requests need. */
class AotTrainingTest {

    @Test
    void trainingRequestsAreClaudeCodeShapedWithFileReadsAndCommandLogs() {
        for (boolean stream : new boolean[] {true, false}) {
            JsonNode first = Json.MAPPER.readTree(AotTraining.request(0, stream));
            assertThat(first.path("messages")).hasSize(1);
            assertThat(first.path("stream").asBoolean()).isEqualTo(stream);

            JsonNode later = Json.MAPPER.readTree(AotTraining.request(30, stream));
            assertThat(later.path("messages")).hasSize(61);
            assertThat(later.path("system").isArray()).isTrue();
            assertThat(later.path("tools").size()).isPositive();
            List<String> calls = new ArrayList<>();
            for (JsonNode m : later.path("messages")) {
                for (JsonNode block : m.path("content")) {
                    if (block.path("type").asString("").equals("tool_use")) calls.add(block.path("name").asString() + " " + block.path("input"));
                }
            }
            assertThat(calls).anyMatch(c -> c.startsWith("Read ")).anyMatch(c -> c.contains("mvn -q test")).anyMatch(c -> c.contains("git status"));
        }
    }

    @Test
    void theTrainingRunServesEveryRequestWithoutFlywayAndEndsWithZero() throws Exception {
        // the product's own logging, which prints a line per request (the tests' logback-test.xml would quiet it)
        String productClassPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes")).collect(Collectors.joining(File.pathSeparator));
        var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xlog:class+load=info",
                "-cp", productClassPath, "io.aismush.app.Main", "--aot-training");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        List<String> requests = output.lines().filter(l -> l.contains(" aismush.requests ")).toList();
        assertThat(requests).as(output).hasSize(61);
        assertThat(requests.stream().filter(l -> l.contains(" status=400 ")))
                .as("only the deliberately malformed bodies are refused").hasSize(4);
        assertThat(requests.stream().filter(l -> l.contains(" status=200 ") && l.contains(" outcome=completed "))).hasSize(57);
        assertThat(output.lines().filter(l -> l.matches("[0-9:.]+ (WARN|ERROR) .*"))).as("warnings and errors logged").isEmpty();
        assertThat(output).as("the training database exists already: Flyway, used once per install, stays out of the cache")
                .contains("org.sqlite.JDBC").doesNotContain("org.flywaydb");
    }
}
