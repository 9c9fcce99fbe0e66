package io.aismush.http;

import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testing.Stats;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.testkit.Reply;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Everything besides a streamed turn: plain answers, the other /v1 endpoints, and the proxy's own small endpoints. */
class NonStreamingAndOtherEndpointsTest {
    private final TestProxy proxy = TestProxy.start();

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void nonStreamingAnswerIsRelayedByteForByteAndItsUsageRecorded() {
        // Unusual spacing and key order: a proxy that re-serialises would change these bytes.
        String body = "{\"id\":\"msg_01\", \"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-opus-5-5\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"D\u00e9j\u00e0 vu \ud83d\ude00 \\u00e9\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":21,\"cache_creation_input_tokens\":300,\"cache_read_input_tokens\":4000,"
                + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":100,\"ephemeral_1h_input_tokens\":200},\"output_tokens\":13},"
                + "\"an_unknown_field\" : [1.50, -0.0]}";
        proxy.upstream.enqueue(Reply.json(200, body));
        byte[] request = ClaudeCodeRequests.plain(30_000);
        HttpResponse<byte[]> response = sendBytes(proxy.messages(request).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(proxy.upstream.takeRequest(Duration.ofSeconds(2)).body()).isEqualTo(request);
        JsonNode stats = Stats.after(proxy, 1);
        JsonNode tokens = stats.path("tokens");
        assertThat(tokens.path("input").asLong()).isEqualTo(21);
        assertThat(tokens.path("output").asLong()).isEqualTo(13);
        assertThat(tokens.path("cache_read").asLong()).isEqualTo(4000);
        assertThat(tokens.path("cache_write_5m").asLong()).isEqualTo(100);
        assertThat(tokens.path("cache_write_1h").asLong()).isEqualTo(200);
        assertThat(stats.path("by_model").path("claude-opus-5-5").asLong()).isEqualTo(1);
        assertThat(Stats.outcome(stats, "completed")).isEqualTo(1);
    }

    @Test
    void countTokensPassesThrough() {
        byte[] body = "{\"model\":\"claude-opus-5-5\",\"messages\":[{\"role\":\"user\",\"content\":\"count me\"}]}".getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(proxy.uri("/v1/messages/count_tokens?beta=true")).header("content-type", "application/json")
                .header("x-api-key", "sk-ant-count").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        var response = proxy.send(request);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(response.body()).path("input_tokens").asLong()).isPositive();
        ReceivedRequest got = proxy.upstream.takeRequest(Duration.ofSeconds(2));
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.pathAndQuery()).isEqualTo("/v1/messages/count_tokens?beta=true");
        assertThat(got.body()).isEqualTo(body);
        assertThat(got.header("x-api-key")).isEqualTo("sk-ant-count");
    }

    @Test
    void modelsListAndOneModelPassThrough() {
        var list = proxy.send(HttpRequest.newBuilder(proxy.uri("/v1/models?limit=20")).header("x-api-key", "sk-ant-models").build());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(list.body()).path("data").get(0).path("id").asString()).isEqualTo("claude-sonnet-4-5");
        ReceivedRequest got = proxy.upstream.takeRequest(Duration.ofSeconds(2));
        assertThat(got.method()).isEqualTo("GET");
        assertThat(got.pathAndQuery()).isEqualTo("/v1/models?limit=20");
        assertThat(got.body()).isEmpty();
        assertThat(got.header("x-api-key")).isEqualTo("sk-ant-models");

        var one = proxy.get("/v1/models/claude-opus-5-5");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(one.body()).path("id").asString()).isEqualTo("claude-opus-5-5");
        assertThat(proxy.upstream.takeRequest(Duration.ofSeconds(2)).path()).isEqualTo("/v1/models/claude-opus-5-5");
    }

    @Test
    void anyOtherV1PathPassesThroughWithMethodQueryAndBody() {
        proxy.upstream.enqueue(new Reply.Json(200, Map.of("content-type", "application/json", "request-id", "req_files"), "{\"data\":[],\"has_more\":false}"));
        var files = proxy.get("/v1/files?x=1&limit=5");
        assertThat(files.statusCode()).isEqualTo(200);
        assertThat(files.body()).isEqualTo("{\"data\":[],\"has_more\":false}");
        assertThat(files.headers().firstValue("request-id")).hasValue("req_files");
        ReceivedRequest get = proxy.upstream.takeRequest(Duration.ofSeconds(2));
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.pathAndQuery()).isEqualTo("/v1/files?x=1&limit=5");

        byte[] binary = new byte[3000];
        for (int i = 0; i < binary.length; i++) binary[i] = (byte) (i * 31);
        proxy.upstream.enqueue(Reply.json(200, "{\"id\":\"file_1\"}"));
        var upload = proxy.send(HttpRequest.newBuilder(proxy.uri("/v1/files"))
                .header("content-type", "application/octet-stream").header("anthropic-beta", "files-api-2025-04-14")
                .POST(HttpRequest.BodyPublishers.ofByteArray(binary)).build());
        assertThat(upload.statusCode()).isEqualTo(200);
        ReceivedRequest post = proxy.upstream.takeRequest(Duration.ofSeconds(2));
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.body()).isEqualTo(binary);
        assertThat(post.header("content-type")).isEqualTo("application/octet-stream");
        assertThat(post.header("anthropic-beta")).isEqualTo("files-api-2025-04-14");

        proxy.upstream.enqueue(Reply.json(200, "{\"id\":\"file_1\",\"type\":\"file_deleted\"}"));
        var delete = proxy.send(HttpRequest.newBuilder(proxy.uri("/v1/files/file_1")).DELETE().build());
        assertThat(delete.statusCode()).isEqualTo(200);
        ReceivedRequest del = proxy.upstream.takeRequest(Duration.ofSeconds(2));
        assertThat(del.method()).isEqualTo("DELETE");
        assertThat(del.path()).isEqualTo("/v1/files/file_1");
    }

    @Test
    void upstream404ForAnUnknownV1PathPassesThrough() {
        var response = proxy.get("/v1/no-such-thing");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(AnthropicSse.errorBody("not_found_error", "Not found: /v1/no-such-thing"));
        assertThat(proxy.upstream.requests()).hasSize(1);
    }

    @Test
    void healthSaysOk() {
        var response = proxy.get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = Json.MAPPER.readTree(response.body());
        assertThat(health.path("status").asString()).isEqualTo("ok");
        assertThat(health.path("service").asString()).isEqualTo("aismush");
        assertThat(proxy.upstream.requests()).isEmpty();
    }

    @Test
    void headProbesOfTheBaseUrlAnswer200() {
        for (String path : new String[] {"/", "/api/hello"}) {
            var response = proxy.send(HttpRequest.newBuilder(proxy.uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).isEmpty();
        }
        assertThat(proxy.upstream.requests()).isEmpty();
    }

    private HttpResponse<byte[]> sendBytes(HttpRequest request) {
        try {
            return proxy.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
