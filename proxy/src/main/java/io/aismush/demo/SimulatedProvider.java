package io.aismush.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A simulated provider on a loopback port that answers the Messages API like Anthropic or DeepSeek: each step of
 * the {@link Script} as a streamed turn (a tool call or the final text), with usage from its own {@link PromptCache}.
 * Nothing leaves the machine. Close it after use.
 */
final class SimulatedProvider implements AutoCloseable {
    private final HttpServer server;
    private final PromptCache cache;

    private SimulatedProvider(boolean anthropicCache) throws IOException {
        this.cache = new PromptCache(anthropicCache);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
    }

    /** Anthropic: fresh prompt is written to the cache. */
    static SimulatedProvider anthropic() throws IOException {
        return new SimulatedProvider(true);
    }

    /** DeepSeek: automatic caching, fresh prompt is a cache miss. */
    static SimulatedProvider deepseek() throws IOException {
        return new SimulatedProvider(false);
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("POST") || !path.endsWith("/v1/messages")) {
                send(exchange, 200, "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"simulated\",\"object\":\"model\"}]}");
                return;
            }
            JsonNode request = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            send(exchange, 200, "text/event-stream", turn(request));
        }
    }

    /** The streamed answer for the step the conversation has reached. */
    private String turn(JsonNode request) {
        String model = request.path("model").asString("simulated");
        if (model.contains("haiku")) return Turns.text(model, "Discount codes at checkout", cache.usage(request, 8));
        int step = 0;
        for (JsonNode m : request.path("messages")) if ("assistant".equals(m.path("role").asString(""))) step++;
        if (step >= Script.STEPS.size()) return Turns.text(model, "Done.", cache.usage(request, 3));
        Script s = Script.STEPS.get(step);
        if (s.tool() == null) return Turns.text(model, s.text(), cache.usage(request, s.text().length() / 4 + 10));
        return Turns.toolUse(model, "Next: " + s.tool() + ".", "toolu_demo" + String.format("%04d", step), s.tool(), s.input(),
                cache.usage(request, s.input().length() / 4 + 20));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** Anthropic stream events for one turn. */
    static final class Turns {
        private Turns() {}

        static String text(String model, String text, PromptCache.Tokens t) {
            return start(model, t) + blockStart(0, block("text").put("text", "")) + delta(0, block("text_delta").put("text", text))
                    + stop(0) + end("end_turn", t);
        }

        static String toolUse(String model, String leadIn, String id, String name, String input, PromptCache.Tokens t) {
            ObjectNode use = block("tool_use").put("id", id).put("name", name);
            use.putObject("input");
            return start(model, t) + blockStart(0, block("text").put("text", "")) + delta(0, block("text_delta").put("text", leadIn)) + stop(0)
                    + blockStart(1, use) + delta(1, block("input_json_delta").put("partial_json", input)) + stop(1) + end("tool_use", t);
        }

        private static String start(String model, PromptCache.Tokens t) {
            ObjectNode m = Json.MAPPER.createObjectNode().put("id", "msg_demo" + Long.toHexString(System.nanoTime())).put("type", "message")
                    .put("role", "assistant").put("model", model);
            m.putArray("content");
            m.putNull("stop_reason");
            m.putNull("stop_sequence");
            m.set("usage", usage(t, 1));
            return event("message_start", Json.MAPPER.createObjectNode().put("type", "message_start").set("message", m));
        }

        private static String end(String stopReason, PromptCache.Tokens t) {
            ObjectNode d = Json.MAPPER.createObjectNode().put("type", "message_delta");
            d.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
            d.set("usage", usage(t, t.output()));
            return event("message_delta", d) + event("message_stop", Json.MAPPER.createObjectNode().put("type", "message_stop"));
        }

        private static ObjectNode usage(PromptCache.Tokens t, long output) {
            ObjectNode u = Json.MAPPER.createObjectNode().put("input_tokens", t.input()).put("cache_creation_input_tokens", t.cacheWrite())
                    .put("cache_read_input_tokens", t.cacheRead());
            u.putObject("cache_creation").put("ephemeral_5m_input_tokens", t.cacheWrite()).put("ephemeral_1h_input_tokens", 0);
            return u.put("output_tokens", output);
        }

        private static ObjectNode block(String type) {
            return Json.MAPPER.createObjectNode().put("type", type);
        }

        private static String blockStart(int index, ObjectNode block) {
            return event("content_block_start", Json.MAPPER.createObjectNode().put("type", "content_block_start").put("index", index).set("content_block", block));
        }

        private static String delta(int index, ObjectNode delta) {
            return event("content_block_delta", Json.MAPPER.createObjectNode().put("type", "content_block_delta").put("index", index).set("delta", delta));
        }

        private static String stop(int index) {
            return event("content_block_stop", Json.MAPPER.createObjectNode().put("type", "content_block_stop").put("index", index));
        }

        private static String event(String name, ObjectNode data) {
            return "event: " + name + "\ndata: " + Json.MAPPER.writeValueAsString(data) + "\n\n";
        }
    }
}
