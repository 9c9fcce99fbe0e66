package io.aismush.http;

import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testing.Configs;
import io.aismush.testing.RawHttp;
import io.aismush.testing.TestProxy;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Requests the proxy must refuse itself, in Anthropic's error shape, without bothering the upstream. */
class BadInputTest {
    private static final int LIMIT = 16 * 1024;
    private final TestProxy proxy = TestProxy.start(Configs.maxBodyBytes(LIMIT));

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void malformedJsonGets400AndTheNextRequestSucceeds() {
        assertRefused(post("{\"model\":\"claude-opus-5-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}"), 400,
                "invalid_request_error");
    }

    @Test
    void jsonWithAnUnquotedWordGets400() {
        assertRefused(post("{\"model\": claude, \"messages\": []}"), 400, "invalid_request_error");
    }

    @Test
    void nonJsonContentTypeGets400() {
        var request = proxy.messages(ClaudeCodeRequests.streamed(5_000)).setHeader("content-type", "text/plain").build();
        JsonNode error = assertRefused(proxy.send(request), 400, "invalid_request_error");
        assertThat(error.path("error").path("message").asString()).contains("content-type");
    }

    @Test
    void missingContentTypeGets400() {
        var response = RawHttp.exchange(proxy.server.port(), "POST /v1/messages HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\nContent-Length: 2", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).isEqualTo(400);
        assertErrorShape(response.bodyText(), "invalid_request_error");
        assertNothingUpstreamAndStillServing();
    }

    @Test
    void invalidUtf8BytesGet400() {
        byte[] body = "{\"model\":\"claude-opus-5-5\",\"messages\":[{\"role\":\"user\",\"content\":\"caf\u00e9 XX\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("XX");
        body[at] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
        body[at + 1] = (byte) 0x28;
        JsonNode error = assertRefused(proxy.send(proxy.messages(body).build()), 400, "invalid_request_error");
        assertThat(error.path("error").path("message").asString()).contains("UTF-8");
    }

    @Test
    void bodyOverTheLimitGets413() {
        byte[] body = ClaudeCodeRequests.streamed(LIMIT * 3);
        assertThat(body.length).isGreaterThan(LIMIT);
        assertRefused(proxy.send(proxy.messages(body).build()), 413, "request_too_large");
    }

    @Test
    void bodyExactlyAtTheLimitIsAccepted() {
        byte[] body = padTo(LIMIT);
        var response = proxy.send(proxy.messages(body).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(proxy.upstream.takeRequest(Duration.ofSeconds(5)).body()).isEqualTo(body);
    }

    @Test
    void chunkedBodyOverTheLimitGets413() {
        byte[] body = ClaudeCodeRequests.streamed(LIMIT * 3);
        // An InputStream publisher has no length, so the JDK client sends the body chunked.
        var request = proxy.messages(new byte[0])
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        assertRefused(proxy.send(request), 413, "request_too_large");
    }

    @Test
    void handMadeChunkedBodyOverTheLimitGets413() {
        byte[] body = ClaudeCodeRequests.streamed(LIMIT * 2);
        var response = RawHttp.exchange(proxy.server.port(), "POST /v1/messages HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nConnection: close\r\nTransfer-Encoding: chunked", RawHttp.chunked(body, 1000));
        assertThat(response.status()).isEqualTo(413);
        assertErrorShape(response.bodyText(), "request_too_large");
        assertNothingUpstreamAndStillServing();
    }

    @Test
    void nestingDeeperThan256LevelsGets400() {
        String deep = "[".repeat(300) + "]".repeat(300);
        assertRefused(post("{\"model\":\"claude-opus-5-5\",\"messages\":" + deep + ",\"max_tokens\":5}"), 400, "invalid_request_error");
    }

    @Test
    void nestingOf200LevelsIsAccepted() {
        String deep = "[".repeat(200) + "]".repeat(200);
        var response = post("{\"model\":\"claude-opus-5-5\",\"messages\":[],\"x\":" + deep + ",\"stream\":false}");
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void emptyBodyGets400() {
        assertRefused(post(""), 400, "invalid_request_error");
    }

    @Test
    void topLevelArrayGets400() {
        assertRefused(post("[{\"model\":\"claude-opus-5-5\"}]"), 400, "invalid_request_error");
    }

    @Test
    void topLevelStringGets400() {
        assertRefused(post("\"hello\""), 400, "invalid_request_error");
    }

    @Test
    void trailingGarbageAfterTheObjectGets400() {
        assertRefused(post("{\"model\":\"claude-opus-5-5\",\"messages\":[]} trailing"), 400, "invalid_request_error");
    }

    @Test
    void aSecondObjectAfterTheFirstGets400() {
        assertRefused(post("{\"model\":\"a\"}{\"model\":\"b\"}"), 400, "invalid_request_error");
    }

    @Test
    void countTokensIsValidatedLikeMessages() {
        var request = HttpRequest.newBuilder(proxy.uri("/v1/messages/count_tokens")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":")).build();
        assertRefused(proxy.send(request), 400, "invalid_request_error");
    }

    @Test
    void unknownPathOutsideV1Gets404() {
        var post = HttpRequest.newBuilder(proxy.uri("/v2/messages")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertRefused(proxy.send(post), 404, "not_found_error");
        assertRefused(proxy.get("/messages"), 404, "not_found_error");
        assertRefused(proxy.get("/v1"), 404, "not_found_error");
    }

    @Test
    void refusalsAreCountedAsProxyErrors() {
        post("{");
        proxy.send(proxy.messages(ClaudeCodeRequests.streamed(LIMIT * 2)).build());
        await().atMost(Duration.ofSeconds(2)).until(() -> proxy.server.liveStats().requests() == 2);
        JsonNode stats = Json.MAPPER.readTree(proxy.get("/stats").body());
        assertThat(stats.path("errors").asLong()).isEqualTo(2);
        assertThat(stats.path("by_outcome").path("proxy_error").asLong()).isEqualTo(2);
    }

    private HttpResponse<String> post(String body) {
        return proxy.send(proxy.messages(body.getBytes(StandardCharsets.UTF_8)).build());
    }

    /** A valid streamed request of exactly {@code size} bytes. */
    private static byte[] padTo(int size) {
        String head = "{\"model\":\"claude-opus-5-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"";
        String tail = "\"}],\"max_tokens\":10}";
        return (head + "a".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode assertRefused(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode error = assertErrorShape(response.body(), type);
        assertNothingUpstreamAndStillServing();
        return error;
    }

    static JsonNode assertErrorShape(String body, String type) {
        JsonNode root = Json.MAPPER.readTree(body);
        assertThat(root.path("type").asString()).isEqualTo("error");
        assertThat(root.path("error").path("type").asString()).isEqualTo(type);
        assertThat(root.path("error").path("message").asString()).isNotBlank();
        assertThat(body).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at io.aismush").doesNotContain("at org.");
        return root;
    }

    /** Every request so far was refused: none reached the upstream, and a valid one now goes through. */
    private void assertNothingUpstreamAndStillServing() {
        int before = proxy.upstream.requests().size();
        assertThat(before).as("requests that reached the upstream, besides the checks' own").isEqualTo(checks);
        var next = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(5_000)).build());
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).contains("event: message_stop");
        assertThat(proxy.upstream.requests()).hasSize(++checks);
    }

    private int checks;

    @Test
    void malformedHttpGetsAnAnthropicErrorNotAnHtmlPage() {
        var response = RawHttp.exchange(proxy.server.port(), "POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nBad\u007fHeader: x\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(response.bodyText()).startsWith("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\"").doesNotContain("<html");
        assertThat(proxy.send(proxy.messages("{\"model\":\"m\",\"stream\":false}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build()).statusCode())
                .isEqualTo(200);
    }
}
