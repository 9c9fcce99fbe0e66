package io.aismush.cli;

import io.aismush.config.ConfigLoader;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.testkit.Reply;
import io.aismush.wire.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code aismush setup}, scripted through stdin against fake servers: nothing real is contacted. */
class SetupCommandTest {
    @TempDir
    Path home;

    private static Reply serve(ReceivedRequest r) {
        return switch (r.path()) {
            case "/api/tags" -> Reply.json(200, "{\"models\":[{\"name\":\"qwen3-coder:30b\"},{\"name\":\"llama3.2\"}]}");
            case "/models", "/v1/models" -> "Bearer sk-bad".equals(r.header("authorization"))
                    ? Reply.json(401, "{\"error\":{\"message\":\"invalid key\"}}")
                    : Reply.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"model-a\"},{\"id\":\"model-b\"}]}");
            default -> Reply.json(404, "{}");
        };
    }

    private String run(FakeUpstream fake, String answers) throws Exception {
        var out = new ByteArrayOutputStream();
        var print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Map<String, String> env = Map.of("AISMUSH_HOME", home.resolve("data").toString(),
                "AISMUSH_DEEPSEEK_BASE_URL", fake.baseUrl() + "/anthropic");
        var local = List.of(new LocalServers.Candidate("ollama", "Ollama", fake.port(), true),
                new LocalServers.Candidate("vllm", "vLLM", FakeUpstream.refusingPort(), false));
        var setup = new SetupCommand(env, home, home, print, Prompter.lines(new BufferedReader(new StringReader(answers)), print),
                local, URI.create(fake.baseUrl() + "/v1"));
        assertThat(setup.call()).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void setupFindsLocalServersTestsEachProviderAndWritesThemPrivately() throws Exception {
        try (var fake = FakeUpstream.start().respondWith(SetupCommandTest::serve)) {
            Path file = home.resolve("data").resolve("config.json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "{\"port\": 1999}");
            String answers = String.join("\n", "1", "sk-setup-deepseek", "4", "2",
                    "3", "http://127.0.0.1:" + fake.port() + "/v1", "", "lan", "",
                    "2", "sk-openrouter-key", "1",
                    "", "lan") + "\n";
            String output = run(fake, answers);

            assertThat(output).contains("found Ollama on 127.0.0.1:" + fake.port() + " (2 models)")
                    .contains("accepted the key").contains("connection test: OK, 2 models");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            var saved = Json.MAPPER.readTree(Files.readAllBytes(file));
            assertThat(saved.path("port").asInt()).as("other keys kept").isEqualTo(1999);
            assertThat(saved.path("apiKey").asString()).isEqualTo("sk-setup-deepseek");
            assertThat(saved.path("cheapProvider").asString()).isEqualTo("lan");
            var providers = saved.path("providers");
            assertThat(providers).hasSize(3);
            assertThat(providers.path(0).path("name").asString()).isEqualTo("ollama");
            assertThat(providers.path(0).path("model").asString()).isEqualTo("llama3.2");
            assertThat(providers.path(0).path("baseUrl").asString()).isEqualTo("http://127.0.0.1:" + fake.port() + "/v1");
            assertThat(providers.path(1).path("name").asString()).isEqualTo("lan");
            assertThat(providers.path(1).path("model").asString()).isEqualTo("model-a");
            assertThat(providers.path(1).has("apiKey")).isFalse();
            assertThat(providers.path(2).path("name").asString()).isEqualTo("openrouter");
            assertThat(providers.path(2).path("apiKey").asString()).isEqualTo("sk-openrouter-key");

            var loaded = ConfigLoader.load(Map.of("AISMUSH_HOME", home.resolve("data").toString()), home, home).config();
            assertThat(loaded.routing().providers()).hasSize(3);
            assertThat(loaded.routing().cheapProvider()).isEqualTo("lan");
            assertThat(loaded.deepseekApiKey()).isEqualTo("sk-setup-deepseek");
        }
    }

    @Test
    void aRejectedDeepseekKeyIsNotSavedUnlessThePersonInsists() throws Exception {
        try (var fake = FakeUpstream.start().respondWith(SetupCommandTest::serve)) {
            String output = run(fake, "1\nsk-bad\nn\n\n");
            assertThat(output).contains("rejected the key").contains("Nothing changed");
            assertThat(home.resolve("data").resolve("config.json")).doesNotExist();
        }
    }
}
