package io.aismush.testing;

import io.aismush.app.AismushServer;
import io.aismush.config.Config;
import io.aismush.testkit.FakeUpstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A running proxy on an ephemeral loopback port in front of a {@link FakeUpstream}, wired exactly as
 * {@code aismush} wires itself. Close it after the test.
 */
public final class TestProxy implements AutoCloseable {
    public final FakeUpstream upstream;
    public final AismushServer server;
    public final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Path dataDir;

    private TestProxy(FakeUpstream upstream, AismushServer server, Path dataDir) {
        this.upstream = upstream;
        this.server = server;
        this.dataDir = dataDir;
    }

    public static TestProxy start() {
        return start(c -> c);
    }

    /** Starts a fake upstream and a proxy whose config the test may adjust. */
    public static TestProxy start(UnaryOperator<Config> adjust) {
        FakeUpstream fake = FakeUpstream.start();
        return start(fake, adjust);
    }

    public static TestProxy start(FakeUpstream fake, UnaryOperator<Config> adjust) {
        try {
            Path dataDir = Files.createTempDirectory("aismush-test");
            Config config = adjust.apply(Config.defaults(dataDir).withPort(0).withAnthropicBaseUrl(fake.baseUrl()));
            return new TestProxy(fake, new AismushServer(config).start(), dataDir);
        } catch (Exception e) {
            fake.close();
            throw new IllegalStateException(e);
        }
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public URI uri(String pathAndQuery) {
        return URI.create(baseUrl() + pathAndQuery);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A Messages POST as Claude Code sends it (headers included). */
    public HttpRequest.Builder messages(byte[] body) {
        return HttpRequest.newBuilder(uri("/v1/messages?beta=true"))
                .header("content-type", "application/json")
                .header("x-api-key", "sk-ant-test-key-0123456789")
                .header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    @Override
    public void close() {
        client.shutdownNow(); // first: its idle keep-alive connections would hold up the server's graceful stop
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            upstream.close();
        }
    }
}
