package io.aismush.app;

import io.aismush.config.Config;
import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testkit.FakeUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** When the database opens: an existing one at start (memories wait for it), a new one on its first use. */
class DatabaseOpeningTest {
    @TempDir
    Path dataDir;
    private final FakeUpstream upstream = FakeUpstream.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        client.shutdownNow();
        upstream.close();
    }

    private AismushServer start() throws Exception {
        return new AismushServer(Config.defaults(dataDir).withPort(0).withAnthropicBaseUrl(upstream.baseUrl())).start();
    }

    private int send(AismushServer server) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/messages"))
                .header("content-type", "application/json").header("x-api-key", "sk-ant-test-key-0123456789")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ClaudeCodeRequests.streamed(20_000))).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aNewDatabaseIsCreatedByItsFirstUseNotByTheStart() throws Exception {
        try (var server = start()) {
            Thread.sleep(1_000); // opened at start, the file would be there within a few milliseconds
            assertThat(dataDir.resolve("proxy.db")).doesNotExist();
            assertThat(send(server)).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> server.recordWriter().written() == 1);
            assertThat(dataDir.resolve("proxy.db")).exists();
        }
    }

    @Test
    void anExistingDatabaseOpensAtStart() throws Exception {
        try (var server = start()) {
            assertThat(send(server)).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> server.recordWriter().written() == 1);
        }
        Path shared = dataDir.resolve("proxy.db-shm"); // exists while a connection has the WAL database open
        assertThat(shared).doesNotExist();
        try (var server = start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(shared));
        }
    }
}
