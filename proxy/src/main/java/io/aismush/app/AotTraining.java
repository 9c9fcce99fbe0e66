package io.aismush.app;

import com.sun.net.httpserver.HttpServer;
import io.aismush.config.Config;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Executors;

/**
 * A short run that exercises the request path (server, parser, upstream client, SSE relay, records) so the JDK can
 * write an ahead-of-time class cache ({@code -XX:AOTCacheOutput}) that later starts load from. The launcher runs it
 * once per build. Everything stays on loopback: the upstream is a tiny local server that answers like Anthropic.
 */
final class AotTraining {
    private AotTraining() {}

    private static final String EVENTS = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_t","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":3,"cache_read_input_tokens":0,"cache_creation_input_tokens":0,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    static int run() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            boolean stream = new String(request, StandardCharsets.UTF_8).contains("\"stream\":true");
            byte[] body = (stream ? EVENTS : "{\"type\":\"message\",\"usage\":{\"input_tokens\":3,\"output_tokens\":2}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", stream ? "text/event-stream" : "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        upstream.start();
        var config = Config.defaults(Files.createTempDirectory("aismush-aot")).withPort(0)
                .withAnthropicBaseUrl(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()));
        try (var server = new AismushServer(config).start();
             var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String base = "http://127.0.0.1:" + server.port();
            String big = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\""
                    + "x".repeat(100_000) + "\"}],\"metadata\":{\"user_id\":\"u\"},\"stream\":";
            for (int i = 0; i < 30; i++) {
                send(client, base + "/v1/messages?beta=true", big + (i % 5 != 0) + "}");
                send(client, base + "/v1/messages", "{\"model\":");
            }
            send(client, base + "/v1/messages/count_tokens", "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}");
            client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            client.send(HttpRequest.newBuilder(URI.create(base + "/stats")).build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            upstream.stop(0);
        }
        return 0;
    }

    private static void send(HttpClient client, String uri, String body) throws IOException, InterruptedException {
        client.send(HttpRequest.newBuilder(URI.create(uri)).header("content-type", "application/json")
                .header("x-api-key", "training").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
