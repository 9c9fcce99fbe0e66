package io.aismush.security;

import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole working day in miniature, with aismush as its own process exactly as a user runs it (team mode, SQLite history,
 * memory on, DeepSeek routing with a configured key, clients sending {@code x-api-key} and {@code Authorization:
 * Bearer}): afterwards no key, no bearer and no access token is in any artifact (the log file, the process output,
 * every JSON endpoint, the live feed, the database and its journal, any file in the data folder), and every file the
 * proxy created is readable by its owner only.
 */
class KeysNeverStoredTest {
    private static final String CLIENT_KEY = "sk-ant-" + "api03-NEVERSTORED-clientkey-0123456789";
    private static final String CLIENT_BEARER = "sk-ant-" + "oat01-NEVERSTORED-bearer-abcdef0123";
    private static final String DEEPSEEK_KEY = "sk-" + "NEVERSTORED-deepseek-fedcba9876543210";
    private static final String ACCESS = "team-" + "NEVERSTORED-access-0123456789abcdef";
    /** The secrets, and distinctive pieces of each: a copy cut short is still a leak. */
    private static final List<String> SECRETS = List.of(CLIENT_KEY, CLIENT_BEARER, DEEPSEEK_KEY, ACCESS, "NEVERSTORED",
            "clientkey-0123456789", "bearer-abcdef0123", "deepseek-fedcba9876543210", "access-0123456789abcdef");

    @TempDir
    Path home;

    private final FakeUpstream anthropic = FakeUpstream.start();
    private final FakeUpstream deepseek = FakeUpstream.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Process process;

    @AfterEach
    void stop() throws Exception {
        client.shutdownNow();
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        anthropic.close();
        deepseek.close();
    }

    @Test
    void noKeyOrTokenReachesAnyArtifactAndEveryFileIsPrivate() throws Exception {
        Path dataDir = home.resolve("data");
        int port = freePort();
        var env = new HashMap<String, String>();
        for (String keep : new String[] {"PATH", "LANG", "TMPDIR"}) if (System.getenv(keep) != null) env.put(keep, System.getenv(keep));
        env.putAll(Map.of("HOME", home.toString(), "AISMUSH_HOME", dataDir.toString(), "PROXY_PORT", String.valueOf(port),
                "PROXY_VERBOSE", "1", "AISMUSH_HOST", "0.0.0.0", "AISMUSH_ACCESS_TOKEN", ACCESS, "DEEPSEEK_API_KEY", DEEPSEEK_KEY,
                "AISMUSH_ANTHROPIC_BASE_URL", anthropic.baseUrl().toString(), "AISMUSH_DEEPSEEK_BASE_URL", deepseek.baseUrl().toString()));
        // The product's logging set-up, not the tests' quiet one (logback-test.xml, in the test classes, would win):
        // every request line goes to the log file.
        String productClassPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes")).collect(java.util.stream.Collectors.joining(File.pathSeparator));
        var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", productClassPath, "io.aismush.app.Main");
        var pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        process = pb.start();
        var output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        URI base = URI.create("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> get(base, "/health").statusCode() == 200);

        // The live feed, open for the whole flow.
        var events = client.send(request(base, "/events").build(), HttpResponse.BodyHandlers.ofLines());
        var feed = new StringBuffer();
        Thread.ofVirtual().start(() -> events.body().forEach(line -> feed.append(line).append('\n')));

        var answers = new ArrayList<HttpResponse<String>>();
        for (int i = 0; i < 4; i++) {
            byte[] body = i % 2 == 0 ? ClaudeCodeRequests.streamed(4_000 + i * 1_000) : ClaudeCodeRequests.plain(4_000);
            answers.add(send(request(base, "/v1/messages?beta=true").header("content-type", "application/json")
                    .header("x-api-key", CLIENT_KEY).header("anthropic-version", "2023-06-01")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
            answers.add(send(request(base, "/v1/messages").header("content-type", "application/json")
                    .header("authorization", "Bearer " + CLIENT_BEARER).header("anthropic-version", "2023-06-01")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
        }
        String small = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        answers.add(send(request(base, "/v1/messages/count_tokens").header("content-type", "application/json").header("x-api-key", CLIENT_KEY)
                .header("anthropic-version", "2023-06-01").POST(HttpRequest.BodyPublishers.ofString(small))));
        answers.add(send(request(base, "/v1/chat/completions").header("content-type", "application/json")
                .header("authorization", "Bearer " + CLIENT_BEARER).POST(HttpRequest.BodyPublishers.ofString(small))));
        answers.add(send(request(base, "/v1/models").header("x-api-key", CLIENT_KEY).header("anthropic-version", "2023-06-01").GET()));
        // A key where none belongs: in the query string and in a malformed body.
        answers.add(send(request(base, "/v1/messages?key=" + CLIENT_KEY).header("content-type", "application/json").header("x-api-key", CLIENT_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + CLIENT_KEY + "\", " + CLIENT_BEARER + "}"))));
        // The dashboard login puts the access token in a URL: it must not reach a log line either.
        var login = client.send(HttpRequest.newBuilder(base.resolve("/dashboard?token=" + ACCESS)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(client.send(HttpRequest.newBuilder(base.resolve("/v1/messages?token=" + ACCESS)).header("x-aismush-token", ACCESS + "-wrong")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        String install = Files.readString(dataDir.resolve("token")).strip();
        answers.add(send(request(base, "/memories").header("content-type", "application/json").header("authorization", "Bearer " + install)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Prices are stored in cents.\",\"scope\":\"global\"}"))));
        assertThat(answers).extracting(HttpResponse::statusCode).as("every request was served or refused cleanly").allMatch(s -> s < 500);
        assertThat(answers.subList(0, 8)).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(deepseek.requests()).as("routing sent turns to DeepSeek, with its key").isNotEmpty()
                .allSatisfy(r -> assertThat(String.valueOf(r.header("x-api-key")) + r.header("authorization")).contains(DEEPSEEK_KEY));
        assertThat(anthropic.requests()).as("the client's own credentials went to Anthropic").isNotEmpty()
                .anySatisfy(r -> assertThat(r.header("x-api-key")).isEqualTo(CLIENT_KEY))
                .anySatisfy(r -> assertThat(r.header("authorization")).isEqualTo("Bearer " + CLIENT_BEARER));
        for (ReceivedRequest r : Stream.concat(anthropic.requests().stream(), deepseek.requests().stream()).toList()) {
            assertThat(r.header("x-aismush-token")).isNull();
            assertThat(r.headers().toString()).doesNotContain(ACCESS);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> Json.MAPPER.readTree(get(base, "/stats").body()).path("records_pending").asLong() == 0
                && Json.MAPPER.readTree(get(base, "/history").body()).toString().contains("deepseek"));
        var artifacts = new LinkedHashMap<String, String>();
        for (String path : new String[] {"/history", "/history?limit=1000", "/sessions", "/stats", "/metrics", "/health", "/memories", "/"}) {
            var r = get(base, path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            artifacts.put("GET " + path, r.body());
        }
        assertThat(artifacts.get("GET /history")).contains("\"provider\"");
        await().atMost(Duration.ofSeconds(10)).until(() -> feed.toString().contains("deepseek"));
        artifacts.putAll(files(dataDir, "while running: "));

        process.destroy(); // SIGTERM: the graceful stop drains the recorder and checkpoints the database
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        artifacts.put("process output", output.get(10, TimeUnit.SECONDS));
        artifacts.put("live feed", feed.toString());
        artifacts.putAll(files(dataDir, "after stop: "));

        assertThat(artifacts).containsKeys("while running: proxy.db", "while running: proxy.db-wal", "after stop: proxy.log", "after stop: token");
        assertThat(artifacts.get("after stop: proxy.log")).as("the log file has request lines").contains("/v1/messages");
        assertThat(artifacts.get("live feed")).contains("data: ");
        for (var a : artifacts.entrySet()) {
            for (String secret : SECRETS) assertThat(a.getValue()).as("%s holds %s", a.getKey(), secret).doesNotContain(secret);
            assertThat(a.getValue()).as(a.getKey() + " holds the install token").satisfiesAnyOf(
                    v -> assertThat(a.getKey()).endsWith("token"), v -> assertThat(v).doesNotContain(install));
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        try (var all = Files.walk(dataDir)) {
            for (Path p : all.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                assertThat(mode).as(dataDir.relativize(p).toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    @Test
    void theSavedHomeConfigIsPrivateInAPrivateFolder() throws Exception {
        Path dataDir = home.resolve("saved");
        Path file = io.aismush.config.HomeConfigFile.update(dataDir, root -> root.put("apiKey", DEEPSEEK_KEY));
        io.aismush.config.HomeConfigFile.update(dataDir, root -> root.put("port", 1850)); // rewritten: still private
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var left = Files.list(dataDir)) {
            assertThat(left.toList()).as("no temporary copy left behind").containsExactly(file);
        }
    }

    /** Every file under {@code dir}, read as bytes (ISO-8859-1 keeps every byte, so a key inside binary pages shows). */
    private static Map<String, String> files(Path dir, String label) throws IOException {
        var out = new LinkedHashMap<String, String>();
        try (var all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                try {
                    out.put(label + dir.relativize(p), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a journal removed between listing and reading
                }
            }
        }
        return out;
    }

    private HttpRequest.Builder request(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).header("x-aismush-token", ACCESS)
                .header("user-agent", "claude-cli/2.0.0 (external, cli)");
    }

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return client.send(request(base, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
