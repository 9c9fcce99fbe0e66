package io.aismush.security;

import io.aismush.testing.Configs;
import io.aismush.testing.RawHttp;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies built to hurt (far too large, nested a hundred thousand levels deep) get a clean Anthropic-format 4xx on every
 * endpoint that reads a body, no stack overflow, and the proxy keeps serving; paths built to escape the dashboard's
 * assets find nothing.
 */
class HostileInputTest {
    private static final int MAX_BODY = 1 << 20;
    private final TestProxy proxy = TestProxy.start(Configs.maxBodyBytes(MAX_BODY));

    @AfterEach
    void stop() {
        proxy.close();
    }

    private String installToken() throws Exception {
        return Files.readString(proxy.dataDir().resolve("token")).strip();
    }

    private RawHttp.Response post(String path, byte[] body, String... extraHeaders) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + proxy.server.port() + "\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nx-api-key: sk-ant-test-hostile\r\nanthropic-version: 2023-06-01\r\n"
                + "Content-Length: " + body.length + (extraHeaders.length == 0 ? "" : "\r\n" + String.join("\r\n", extraHeaders));
        return RawHttp.exchange(proxy.server.port(), head, body);
    }

    /** {@code {"model":"m","messages":[[[[…]]]]}}: valid JSON, nested {@code depth} arrays deep. */
    private static byte[] nested(int depth) {
        var sb = new StringBuilder("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":");
        sb.repeat("[", depth).repeat("]", depth).append('}');
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private void assertAnthropicError(RawHttp.Response r, String what) {
        assertThat(r.status()).as(what + ": " + r.bodyText()).isBetween(400, 499);
        JsonNode error = Json.MAPPER.readTree(r.body());
        assertThat(error.path("type").asString()).as(what).isEqualTo("error");
        assertThat(error.path("error").path("type").asString()).as(what).isNotBlank();
        assertThat(r.bodyText()).as(what).doesNotContain("StackOverflow", "Exception", "at io.aismush");
    }

    private void assertStillServing() {
        var r = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(1_000)).build());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void deeplyNestedJsonGetsA4xxOnEveryEndpointThatReadsABodyAndTheProxyKeepsServing() throws Exception {
        String token = "Authorization: Bearer " + installToken();
        for (int depth : new int[] {100_000, 5_000}) {
            byte[] body = nested(depth);
            for (String path : List.of("/v1/messages", "/v1/messages?beta=true", "/v1/messages/count_tokens", "/v1/chat/completions")) {
                assertAnthropicError(post(path, body), path + " nested " + depth);
            }
            for (String path : List.of("/memories", "/memories/clear")) {
                assertAnthropicError(post(path, body, token), path + " nested " + depth);
            }
            // A hundred thousand arrays without the object around them.
            byte[] bare = "[".repeat(depth).concat("]".repeat(depth)).getBytes(StandardCharsets.US_ASCII);
            assertAnthropicError(post("/v1/messages", bare), "bare arrays " + depth);
            assertAnthropicError(post("/v1/chat/completions", bare), "bare arrays on chat " + depth);
            assertAnthropicError(post("/memories", bare, token), "bare arrays on memories " + depth);
        }
        assertThat(proxy.upstream.requests()).isEmpty();
        assertStillServing();
    }

    @Test
    void oversizedBodiesGetA413OnEveryEndpointAndTheProxyKeepsServing() throws Exception {
        byte[] huge = ClaudeCodeRequests.streamed(MAX_BODY + 100_000);
        for (String path : List.of("/v1/messages", "/v1/messages/count_tokens", "/v1/chat/completions")) {
            var r = post(path, huge);
            assertAnthropicError(r, path);
            assertThat(r.status()).as(path).isEqualTo(413);
        }
        // Admin bodies are small by nature: a large one is refused, with or without the install token.
        for (String auth : new String[] {"Authorization: Bearer " + installToken(), "X-Nothing: 1"}) {
            for (String path : List.of("/memories", "/memories/clear")) {
                var r = post(path, huge, auth);
                assertAnthropicError(r, path + " " + auth.substring(0, 6));
                assertThat(r.status()).as(path).isEqualTo(auth.startsWith("Authorization") ? 413 : 403);
            }
        }
        // The reset reads no body: it answers as it would without one.
        assertThat(post("/stats/reset", huge, "Authorization: Bearer " + installToken()).status()).isEqualTo(200);
        assertAnthropicError(post("/stats/reset", huge), "/stats/reset without the token");
        assertThat(proxy.upstream.requests()).isEmpty();
        assertStillServing();
    }

    @Test
    void pathTraversalOnTheDashboardAssetsNeverReachesAFile() {
        List<String> paths = List.of("/dashboard/../../etc/passwd", "/dashboard/../../../../../../etc/passwd", "/../../etc/passwd",
                "/dashboard/%2e%2e/%2e%2e/etc/passwd", "/dashboard/%2E%2E/%2E%2E/etc/passwd", "/dashboard/..%2f..%2fetc%2fpasswd",
                "/dashboard/..%2F..%2Fetc%2Fpasswd", "/dashboard/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/dashboard/..\\..\\etc\\passwd",
                "/dashboard/..%5c..%5cetc%5cpasswd", "/dashboard/%252e%252e/%252e%252e/etc/passwd", "/dashboard/%252e%252e%252fetc%252fpasswd",
                "/dashboard/..;/..;/etc/passwd", "/dashboard/app.js/../../../etc/passwd", "/dashboard//etc/passwd", "/dashboard/%00../etc/passwd",
                "/dashboard/app.js%00.html", "/dashboard/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/dashboard/./app.js/..%2f..%2f..%2fetc/passwd",
                "/dashboard/../META-INF/MANIFEST.MF", "/META-INF/MANIFEST.MF", "/dashboard/META-INF/MANIFEST.MF",
                "/webjars/chart.js/4.4.9/dist/chart.umd.js", "/META-INF/resources/webjars/chart.js/4.4.9/dist/chart.umd.js",
                "/dashboard/webjars/chart.js/4.4.9/dist/chart.umd.js", "/dashboard/../webjars/chart.js/4.4.9/package.json",
                "/dashboard/io/aismush/dashboard/app.js", "/dashboard/../io/aismush/config/Config.class", "/io/aismush/config/Config.class",
                "/dashboard/../db/migration/V1__requests_and_sessions.sql", "/db/migration/V1__requests_and_sessions.sql", "/dashboard/../db/migration", "/dashboard/%2e%2e/token", "/dashboard/../token",
                "/token", "/proxy.db", "/dashboard/../config.json");
        for (String path : paths) {
            var r = RawHttp.exchange(proxy.server.port(), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + proxy.server.port()
                    + "\r\nConnection: close", new byte[0]);
            assertThat(r.status()).as(path).isIn(400, 404);
            String text = r.bodyText();
            assertThat(text).as(path).doesNotContain("root:", "Manifest-Version", "Chart.js", "<configuration", "CREATE TABLE", "\"version\"", "aismush-token", "function");
            assertThat(text).as(path + " is no class file").doesNotStartWith(new String(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE}, StandardCharsets.UTF_8));
            if (!text.isEmpty()) assertThat(Json.MAPPER.readTree(r.body()).path("type").asString()).as(path).isEqualTo("error");
        }
        // The real assets still answer.
        for (String ok : List.of("/dashboard", "/dashboard/app.js", "/dashboard/app.css", "/dashboard/chart.umd.js")) {
            assertThat(proxy.get(ok).statusCode()).as(ok).isEqualTo(200);
        }
    }
}
