package io.aismush.memory;

import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.ClaudeCodeShape;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.testkit.Reply;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Memory through the real server and pipeline: what one session establishes reaches the next one of the same project. */
class MemoryThroughProxyTest {
    private static final String MODEL = "claude-opus-5-5";
    private final TestProxy proxy = TestProxy.start();

    @AfterEach
    void stop() {
        proxy.close();
    }

    private void answerWith(java.util.function.Function<ReceivedRequest, String> text) {
        proxy.upstream.respondWith(r -> Reply.stream(AnthropicSse.textTurn(MODEL, text.apply(r), AnthropicSse.Tokens.SMALL)));
    }

    /** A Claude Code-shaped first request in {@code dir}. */
    private static ObjectNode opening(String sessionId, String dir, String prompt) {
        ObjectNode r = ClaudeCodeShape.request(MODEL, sessionId);
        ObjectNode env = (ObjectNode) r.remove("__env");
        ((ObjectNode) env.path("content").path(0)).put("text", "# Environment\nWorking directory: " + dir + "\nPlatform: linux\n");
        r.withArray("messages").add(ClaudeCodeShape.human(prompt));
        r.withArray("messages").add(env);
        return r;
    }

    private ReceivedRequest send(ObjectNode request, String sessionId) {
        var response = proxy.send(proxy.messages(Json.MAPPER.writeValueAsBytes(request)).header("x-claude-code-session-id", sessionId).build());
        assertThat(response.statusCode()).isEqualTo(200);
        return proxy.upstream.takeRequest(Duration.ofSeconds(10));
    }

    private JsonNode memories(String query) {
        return Json.MAPPER.readTree(proxy.get("/memories?limit=100" + query).body()).path("memories");
    }

    @Test
    void factsOfOneSessionAreInjectedIntoTheNextSessionOfTheSameProjectOnly() {
        answerWith(r -> "We decided to store discount codes in their own table rather than as a column on orders. "
                + "The root cause was a Thread.sleep(3000) left in CheckoutService. Let me know if you need more.");
        send(opening(UUID.randomUUID().toString(), "/home/dev/shop", "Plan discount codes. We use pnpm in this repo, not npm."), "s-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> memories("&project=/home/dev/shop").size() >= 3);
        assertThat(memories("&project=/home/dev/shop")).extracting(m -> m.path("text").asString())
                .contains("We decided to store discount codes in their own table rather than as a column on orders.",
                        "We use pnpm in this repo, not npm.")
                .noneMatch(t -> t.startsWith("Let me"));

        answerWith(r -> "Done.");
        String injected = send(opening("s-2", "/home/dev/shop", "Add an expiry date to discount codes."), "s-2").bodyText();
        assertThat(injected).contains("<aismush-memory>", "discount codes in their own table", "pnpm");

        String other = send(opening("s-3", "C:\\Users\\dev\\blog", "Add an RSS feed to the blog."), "s-3").bodyText();
        assertThat(other).doesNotContain("discount codes in their own table").doesNotContain("pnpm");
    }

    @Test
    void theInjectedBlockIsByteIdenticalOnEveryRequestOfAFortyTurnSessionAndClaudeCodesPrefixIsUntouched() {
        answerWith(r -> "We decided to keep prices as integer cents in the checkout service.");
        send(opening("s-old", "/home/dev/shop", "Plan the checkout prices."), "s-old");
        await().atMost(Duration.ofSeconds(10)).until(() -> memories("&q=cents&project=/home/dev/shop").size() >= 1);

        int[] turn = {0};
        answerWith(r -> "We decided to use strategy number " + (++turn[0]) + " for the checkout module " + turn[0] + ".");
        ObjectNode request = opening("s-40", "/home/dev/shop", "Refactor the checkout prices.");
        String block = null;
        var sentSystem = request.path("system").deepCopy();
        for (int i = 0; i < 40; i++) {
            byte[] sent = Json.MAPPER.writeValueAsBytes(request);
            ReceivedRequest received = send(request, "s-40");
            JsonNode system = Json.MAPPER.readTree(received.body()).path("system");
            assertThat(system.size()).isEqualTo(sentSystem.size() + 1);
            for (int b = 0; b < sentSystem.size(); b++) assertThat(system.get(b)).isEqualTo(sentSystem.get(b));
            JsonNode last = system.get(system.size() - 1);
            assertThat(last.has("cache_control")).isFalse();
            if (block == null) block = last.toString();
            assertThat(last.toString()).as("turn " + i).isEqualTo(block);
            String text = received.bodyText();
            assertThat(text.split("\"cache_control\"", -1).length - 1).isLessThanOrEqualTo(4);
            String blockJson = "," + Json.MAPPER.writeValueAsString(last);
            assertThat(text.replace(blockJson, "")).as("everything else byte for byte").isEqualTo(new String(sent, java.nio.charset.StandardCharsets.UTF_8));
            nextTurn(request, i);
        }
        assertThat(block).contains("integer cents");
        await().atMost(Duration.ofSeconds(10)).until(() -> memories("&q=strategy&project=/home/dev/shop").size() >= 10);
    }

    /** Appends the assistant's answer and the human's next message, moving the cache marker as Claude Code does. */
    private static void nextTurn(ObjectNode request, int i) {
        ArrayNode messages = request.withArray("messages");
        for (JsonNode m : messages) for (JsonNode b : m.path("content")) if (b.isObject()) ((ObjectNode) b).remove("cache_control");
        messages.addObject().put("role", "assistant").putArray("content").addObject().put("type", "text").put("text", "Answer " + i + ".");
        messages.add(ClaudeCodeShape.human("Continue with step " + (i + 1) + "."));
    }

    @Test
    void mutatingMemoryEndpointsNeedTheInstallToken() throws Exception {
        String token = Files.readString(proxy.dataDir().resolve("token")).strip();
        var add = HttpRequest.newBuilder(proxy.uri("/memories")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"project\":\"/home/dev/shop/\",\"kind\":\"convention\",\"text\":\"Tests are named as rules.\"}"));
        assertThat(proxy.send(add.build()).statusCode()).isEqualTo(403);
        var created = proxy.send(add.header("x-aismush-token", token).build());
        assertThat(created.statusCode()).isEqualTo(201);
        long id = Json.MAPPER.readTree(created.body()).path("id").asLong();
        assertThat(memories("&project=/home/dev/shop")).extracting(m -> m.path("text").asString()).containsExactly("Tests are named as rules.");
        assertThat(memories("&q=rules&project=/home/dev/shop")).hasSize(1);

        var delete = HttpRequest.newBuilder(proxy.uri("/memories/" + id)).DELETE();
        assertThat(proxy.send(delete.build()).statusCode()).isEqualTo(403);
        assertThat(proxy.send(delete.header("authorization", "Bearer " + token).build()).statusCode()).isEqualTo(200);
        assertThat(memories("")).isEmpty();

        proxy.send(add.build());
        var clear = HttpRequest.newBuilder(proxy.uri("/memories/clear")).POST(HttpRequest.BodyPublishers.ofString("{\"project\":\"/home/dev/shop\"}"));
        assertThat(proxy.send(clear.build()).statusCode()).isEqualTo(403);
        var cleared = proxy.send(clear.header("x-aismush-token", token).build());
        assertThat(Json.MAPPER.readTree(cleared.body()).path("cleared").asInt()).isEqualTo(1);
    }

    @Test
    void aSessionWithoutMemoriesIsForwardedUnchanged() {
        answerWith(r -> "Done.");
        ObjectNode request = opening("s-empty", "/home/dev/empty", "Hello there, start a new project.");
        byte[] sent = Json.MAPPER.writeValueAsBytes(request);
        assertThat(send(request, "s-empty").body()).isEqualTo(sent);
        assertThat(new ArrayList<>(List.of())).isEmpty();
    }
}
