package io.aismush.testkit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The reference session: a scripted, Claude Code-shaped conversation of 32 agent steps plus a background title
 * request, with planning, tool loops, a failing test and its fix, re-reads, a rename and a debugging question.
 * The fakes answer each step from the script (chosen by how many assistant messages the conversation already has),
 * with usage from a {@link SimulatedCache}; the driver plays Claude Code: it sends each step, folds the streamed
 * answer into the history and appends the tool result.
 */
public final class ReferenceSession {
    /** One agent step: what the assistant does, and what its tool returns (null for a final text answer). */
    public record Step(String human, String tool, String input, String result, boolean error, String text) {}

    /** What one request of the session did, as the driver saw it. */
    public record Turn(int index, String kind, String servedModel, long inputTokens, long outputTokens, long cacheRead,
                       long cacheWrite) {}

    private static final ObjectNode NODES = AnthropicSse.JSON.createObjectNode();

    public static final List<Step> STEPS = steps();

    private ReferenceSession() {}

    private static List<Step> steps() {
        var s = new ArrayList<Step>();
        String h1 = "Plan how to add discount codes to the checkout service: design the data model and the API first.";
        s.add(tool(h1, "Glob", "{\"pattern\":\"**/*.java\"}", Corpus.listing(), false));
        s.add(tool(null, "Read", "{\"file_path\":\"/home/dev/shop/src/main/java/shop/CheckoutService.java\"}", Corpus.read(Corpus.CHECKOUT), false));
        s.add(tool(null, "Read", "{\"file_path\":\"/home/dev/shop/src/main/java/shop/Cart.java\"}", Corpus.read(Corpus.CART), false));
        s.add(tool(null, "Grep", "{\"pattern\":\"applyDiscount\",\"path\":\"src\"}", Corpus.grep("applyDiscount"), false));
        s.add(text(null, "Plan: a DiscountCode record (code, percent, expiry), Cart.applyDiscount(DiscountCode), and a POST /checkout/discount endpoint validated by CheckoutService. Tests first in CartTest."));
        s.add(tool("Good plan. Implement it.", "Read", "{\"file_path\":\"/home/dev/shop/src/main/java/shop/Cart.java\"}", Corpus.read(Corpus.CART), false));
        s.add(tool(null, "Edit", "{\"file_path\":\"/home/dev/shop/src/main/java/shop/Cart.java\",\"old_string\":\"    long total() {\",\"new_string\":\"    long total(DiscountCode code) {\"}", "The file has been updated.", false));
        s.add(tool(null, "Write", "{\"file_path\":\"/home/dev/shop/src/main/java/shop/DiscountCode.java\",\"content\":\"package shop;\\n\\nrecord DiscountCode(String code, int percent) {}\\n\"}", "File created successfully.", false));
        s.add(tool(null, "Edit", "{\"file_path\":\"/home/dev/shop/src/main/java/shop/CheckoutService.java\",\"old_string\":\"cart.total()\",\"new_string\":\"cart.total(code)\"}", "The file has been updated.", false));
        s.add(tool(null, "Bash", "{\"command\":\"mvn -q test\"}", Corpus.failingMaven(), true));
        s.add(tool(null, "Read", "{\"file_path\":\"/home/dev/shop/src/test/java/shop/CartTest.java\"}", Corpus.read(Corpus.CART_TEST), false));
        s.add(tool(null, "Edit", "{\"file_path\":\"/home/dev/shop/src/main/java/shop/Cart.java\",\"old_string\":\"* code.percent() / 100\",\"new_string\":\"* (100 - code.percent()) / 100\"}", "The file has been updated.", false));
        s.add(tool(null, "Bash", "{\"command\":\"mvn -q test\"}", Corpus.failingMaven(), true));
        s.add(tool(null, "Bash", "{\"command\":\"mvn -q test\"}", Corpus.failingMaven(), true));
        s.add(tool(null, "Read", "{\"file_path\":\"/home/dev/shop/src/main/java/shop/DiscountCode.java\"}", "1\tpackage shop;\n2\t\n3\trecord DiscountCode(String code, int percent) {}\n", false));
        s.add(tool(null, "Edit", "{\"file_path\":\"/home/dev/shop/src/test/java/shop/CartTest.java\",\"old_string\":\"assertEquals(90, total)\",\"new_string\":\"assertEquals(900, total)\"}", "The file has been updated.", false));
        s.add(tool(null, "Bash", "{\"command\":\"mvn -q test\"}", Corpus.passingMaven(), false));
        s.add(tool(null, "Bash", "{\"command\":\"git status\"}", Corpus.gitStatus(), false));
        s.add(tool(null, "Bash", "{\"command\":\"git diff\"}", Corpus.gitDiff(), false));
        s.add(text(null, "Implemented discount codes: DiscountCode, Cart.total(DiscountCode), the checkout endpoint, and tests. All tests pass."));
        s.add(tool("Rename applyDiscount to applyCode everywhere.", "Grep", "{\"pattern\":\"applyDiscount\",\"path\":\"src\"}", Corpus.grep("applyDiscount"), false));
        s.add(tool(null, "Edit", "{\"file_path\":\"/home/dev/shop/src/main/java/shop/Cart.java\",\"old_string\":\"applyDiscount\",\"new_string\":\"applyCode\",\"replace_all\":true}", "The file has been updated.", false));
        s.add(tool(null, "Edit", "{\"file_path\":\"/home/dev/shop/src/main/java/shop/CheckoutService.java\",\"old_string\":\"applyDiscount\",\"new_string\":\"applyCode\",\"replace_all\":true}", "The file has been updated.", false));
        s.add(tool(null, "Edit", "{\"file_path\":\"/home/dev/shop/src/test/java/shop/CartTest.java\",\"old_string\":\"applyDiscount\",\"new_string\":\"applyCode\",\"replace_all\":true}", "The file has been updated.", false));
        s.add(tool(null, "Bash", "{\"command\":\"mvn -q test\"}", Corpus.passingMaven(), false));
        s.add(text(null, "Renamed applyDiscount to applyCode in three files; tests pass."));
        s.add(tool("Why does checkout take three seconds? Investigate and debug it.", "Read", "{\"file_path\":\"/home/dev/shop/src/main/java/shop/CheckoutService.java\"}", Corpus.read(Corpus.CHECKOUT), false));
        s.add(tool(null, "Grep", "{\"pattern\":\"Thread.sleep|HttpClient\",\"path\":\"src\"}", Corpus.grep("Thread.sleep"), false));
        s.add(tool(null, "Edit", "{\"file_path\":\"/home/dev/shop/src/main/java/shop/CheckoutService.java\",\"old_string\":\"        Thread.sleep(3000); // wait for the stock service\\n\",\"new_string\":\"\"}", "The file has been updated.", false));
        s.add(tool(null, "Bash", "{\"command\":\"mvn -q test\"}", Corpus.passingMaven(), false));
        s.add(tool(null, "Bash", "{\"command\":\"git commit -am 'Remove the blocking wait from checkout'\"}", "[main 4f2a9c1] Remove the blocking wait from checkout\n 1 file changed, 1 deletion(-)", false));
        s.add(text(null, "Checkout waited three seconds in a Thread.sleep meant for the stock service; I removed it and committed."));
        return List.copyOf(s);
    }

    private static Step tool(String human, String tool, String input, String result, boolean error) {
        return new Step(human, tool, input, result, error, null);
    }

    private static Step text(String human, String text) {
        return new Step(human, null, null, null, false, text);
    }

    // ---- the fake's side ----

    /** A responder that answers every step of the session as {@code model}, with usage from its own cache. */
    public static Function<ReceivedRequest, Reply> responder(String model, SimulatedCache cache) {
        return request -> {
            if (!request.path().equals("/v1/messages")) return FakeUpstream.defaultReply(request);
            JsonNode body = AnthropicSse.JSON.readTree(request.body());
            if (body.path("model").asString("").contains("haiku")) {
                return Reply.stream(AnthropicSse.textTurn(model, "Discount codes at checkout", cache.usage(body, 8)));
            }
            int index = 0;
            for (JsonNode m : body.path("messages")) if ("assistant".equals(m.path("role").asString(""))) index++;
            if (index >= STEPS.size()) return Reply.stream(AnthropicSse.textTurn(model, "Done.", cache.usage(body, 3)));
            Step step = STEPS.get(index);
            if (step.tool == null) return Reply.stream(AnthropicSse.textTurn(model, step.text, cache.usage(body, step.text.length() / 4 + 10)));
            return Reply.stream(AnthropicSse.toolUseTurn(model, "Next: " + step.tool + ".", "toolu_ref" + String.format("%04d", index),
                    step.tool, step.input, cache.usage(body, step.input.length() / 4 + 20)));
        };
    }

    // ---- the client's side ----

    /**
     * Plays the session through {@code baseUrl} as Claude Code would, and returns what each request did. The
     * background title request goes right after the first step.
     */
    public static List<Turn> drive(URI baseUrl, String sessionId) throws IOException, InterruptedException {
        var turns = new ArrayList<Turn>();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            ObjectNode request = ClaudeCodeShape.request("claude-opus-5-5", sessionId);
            ArrayNode messages = request.withArray("messages");
            for (int i = 0; i < STEPS.size(); i++) {
                Step step = STEPS.get(i);
                if (step.human != null) {
                    clearMarkers(messages);
                    messages.add(ClaudeCodeShape.human(step.human));
                    JsonNode env = request.remove("__env");
                    if (env != null) messages.add(env); // Claude Code's environment message follows the first prompt
                }
                ObjectNode assistant = send(client, baseUrl, sessionId, request, turns, i, step.tool == null ? "text" : step.tool);
                if (i == 0) {
                    ObjectNode title = ClaudeCodeShape.request("claude-haiku-4-5", sessionId);
                    title.remove("__env");
                    title.withArray("messages").add(ClaudeCodeShape.human("Write a 5-word title for: " + STEPS.getFirst().human));
                    send(client, baseUrl, sessionId, title, turns, -1, "background title");
                }
                clearMarkers(messages);
                messages.add(assistant);
                if (step.tool != null) {
                    String id = assistant.path("content").path(assistant.path("content").size() - 1).path("id").asString();
                    ObjectNode result = messages.addObject().put("role", "user");
                    ObjectNode block = result.putArray("content").addObject().put("tool_use_id", id).put("type", "tool_result").put("content", step.result);
                    if (step.error) block.put("is_error", true);
                    block.set("cache_control", NODES.objectNode().put("type", "ephemeral"));
                }
            }
        }
        return turns;
    }

    private static ObjectNode send(HttpClient client, URI baseUrl, String sessionId, ObjectNode request, List<Turn> turns, int index, String kind)
            throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/messages?beta=true"))
                .header("content-type", "application/json").header("x-api-key", "sk-ant-reference-session")
                .header("anthropic-version", "2023-06-01").header("x-claude-code-session-id", sessionId)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(AnthropicSse.JSON.writeValueAsBytes(request))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("event: error")) {
            throw new IOException("step " + index + " failed: " + response.statusCode() + " " + response.body());
        }
        ObjectNode assistant = StreamedMessage.assemble(response.body());
        JsonNode start = AnthropicSse.JSON.readTree(dataOf(response.body(), "message_start"));
        JsonNode usage = AnthropicSse.JSON.readTree(dataOf(response.body(), "message_delta")).path("usage");
        turns.add(new Turn(index, kind, start.path("message").path("model").asString(), usage.path("input_tokens").asLong(),
                usage.path("output_tokens").asLong(), usage.path("cache_read_input_tokens").asLong(),
                usage.path("cache_creation_input_tokens").asLong()));
        return assistant;
    }

    private static String dataOf(String sse, String event) {
        int at = sse.indexOf("event: " + event + "\n");
        int start = sse.indexOf("data: ", at) + 6;
        return sse.substring(start, sse.indexOf('\n', start));
    }

    private static void clearMarkers(ArrayNode messages) {
        for (JsonNode m : messages) for (JsonNode b : m.path("content")) if (b.isObject()) ((ObjectNode) b).remove("cache_control");
    }
}
