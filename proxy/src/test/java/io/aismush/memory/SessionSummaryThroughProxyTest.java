package io.aismush.memory;

import io.aismush.app.AismushServer;
import io.aismush.config.Config;
import io.aismush.config.MemorySettings;
import io.aismush.metering.RequestRecord;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.ClaudeCodeShape;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.testkit.Reply;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The idle-session summary through the real server: one call on the cheap provider per idle session, recorded and priced. */
class SessionSummaryThroughProxyTest {
    private static final String MODEL = "claude-opus-5-5";
    private static final String PROJECT = "/home/dev/shop";
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final String FIVE_LINES = """
            decision: Discount codes are stored in their own table rather than as a column on orders.
            fix: The slow checkout was caused by a Thread.sleep(3000) left in CheckoutService.
            preference: The user wants pnpm, never npm, for every install in this repository.
            convention: Prices are kept as integer cents in the checkout module.
            fact: The shop's API runs on port 8080 behind the nginx gateway.
            """;

    private final FakeUpstream claude = FakeUpstream.start();
    private final FakeUpstream deepseek = FakeUpstream.start();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile String summaryAnswer = FIVE_LINES;
    private volatile int summaryStatus = 200;
    private AismushServer server;

    private void start(UnaryOperator<Config> adjust) throws Exception {
        Config base = Config.defaults(Files.createTempDirectory("aismush-summary")).withPort(0).withAnthropicBaseUrl(claude.baseUrl());
        MemorySettings on = MemorySettings.defaults();
        on = new MemorySettings(true, on.budgetTokens(), on.halfLife(), on.expiry(), true, IDLE);
        server = new AismushServer(adjust.apply(base.withMemory(on)), clock).start();
        claude.respondWith(r -> Reply.stream(AnthropicSse.textTurn(MODEL, "We decided to ship the discount codes behind a flag.", AnthropicSse.Tokens.SMALL)));
        deepseek.respondWith(r -> isSummary(r)
                ? summaryStatus == 200
                        ? Reply.json(200,
                                AnthropicSse.message("deepseek-flash", summaryAnswer, new AnthropicSse.Tokens(900, 120, 0, 0, 0)))
                        : Reply.serverError()
                : Reply.stream(AnthropicSse.textTurn("deepseek-flash", "Renamed the discount service to PromotionService.", AnthropicSse.Tokens.SMALL)));
    }

    private static Config withCheapProvider(Config c, FakeUpstream fake) {
        return c.withDeepseek("sk-deepseek-test-0000000000", fake.baseUrl());
    }

    private static boolean isSummary(ReceivedRequest r) {
        return r.bodyText().contains("durable memories");
    }

    @AfterEach
    void stop() throws Exception {
        client.shutdownNow();
        if (server != null) server.close();
        claude.close();
        deepseek.close();
    }

    /** Three completed turns of a Claude Code session in {@code dir}. */
    private void session(String sessionId, String dir, int turns) {
        ObjectNode request = ClaudeCodeShape.request(MODEL, sessionId);
        ObjectNode env = (ObjectNode) request.remove("__env");
        ((ObjectNode) env.path("content").path(0)).put("text", "# Environment\nWorking directory: " + dir + "\nPlatform: linux\n");
        request.withArray("messages").add(ClaudeCodeShape.human("Plan the discount codes for the shop."));
        request.withArray("messages").add(env);
        for (int i = 0; i < turns; i++) {
            assertThat(send(request, sessionId).statusCode()).isEqualTo(200);
            ArrayNode messages = request.withArray("messages");
            messages.addObject().put("role", "assistant").putArray("content").addObject().put("type", "text").put("text", "Answer " + i + ".");
            messages.add(ClaudeCodeShape.human("Continue with step " + (i + 1) + "."));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.memories().sessionLog() == null
                || server.memories().sessionLog().turns(sessionId) >= turns);
    }

    private HttpResponse<String> send(ObjectNode request, String sessionId) {
        try {
            var r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/messages?beta=true"))
                    .header("content-type", "application/json").header("x-api-key", "sk-ant-test-key-0123456789")
                    .header("anthropic-version", "2023-06-01").header("x-claude-code-session-id", sessionId)
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(request))).build();
            return client.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode get(String path) {
        try {
            var r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build();
            return Json.MAPPER.readTree(client.send(r, HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> projectMemories() {
        return get("/memories?limit=100&project=" + PROJECT).path("memories").valueStream().map(m -> m.path("text").asString()).toList();
    }

    private long summaryRequests() {
        return deepseek.requests().stream().filter(SessionSummaryThroughProxyTest::isSummary).count();
    }

    @Test
    void aSessionIdleLongerThanTheThresholdIsSummarisedOnceIntoItsProjectAndTheNextSessionGetsIt() throws Exception {
        start(c -> withCheapProvider(c, deepseek));
        session("s-idle", PROJECT, 3);
        assertThat(server.summaries().runOnce()).isZero();

        clock.advance(IDLE.plusMinutes(1));
        assertThat(server.summaries().runOnce()).isEqualTo(1);
        assertThat(server.summaries().runOnce()).as("summarised once").isZero();
        assertThat(summaryRequests()).isEqualTo(1);
        JsonNode sent = Json.MAPPER.readTree(deepseek.requests().stream().filter(SessionSummaryThroughProxyTest::isSummary).findFirst().orElseThrow().body());
        assertThat(sent.path("stream").asBoolean(true)).isFalse();
        assertThat(sent.path("max_tokens").asInt()).isLessThanOrEqualTo(SessionSummaries.MAX_TOKENS);
        assertThat(sent.path("model").asString()).isEqualTo("deepseek-flash");
        assertThat(sent.toString()).contains("We decided to ship the discount codes behind a flag.");

        assertThat(projectMemories()).contains("Discount codes are stored in their own table rather than as a column on orders.",
                "The slow checkout was caused by a Thread.sleep(3000) left in CheckoutService.",
                "The user wants pnpm, never npm, for every install in this repository.",
                "Prices are kept as integer cents in the checkout module.",
                "The shop's API runs on port 8080 behind the nginx gateway.");

        session("s-next", PROJECT, 1);
        ReceivedRequest next = claude.requests().getLast();
        assertThat(next.bodyText()).contains("<aismush-memory>", "integer cents", "nginx gateway");
    }

    @Test
    void theSummaryCallIsRecordedAndPricedLikeAnyRequest() throws Exception {
        start(c -> withCheapProvider(c, deepseek));
        session("s-cost", PROJECT, 3);
        clock.advance(IDLE.plusMinutes(1));
        assertThat(server.summaries().runOnce()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> server.recentRecords().stream().anyMatch(r -> "memory summary".equals(r.routeReason())));
        RequestRecord r = server.recentRecords().stream().filter(x -> "memory summary".equals(x.routeReason())).findFirst().orElseThrow();
        assertThat(r.provider()).isEqualTo("deepseek");
        assertThat(r.modelServed()).isEqualTo("deepseek-flash");
        assertThat(r.sessionId()).isEqualTo("s-cost");
        assertThat(r.project()).isEqualTo(PROJECT);
        assertThat(r.usage().inputTokens()).isEqualTo(900);
        assertThat(r.outcome()).isEqualTo(RequestRecord.Outcome.COMPLETED);
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/stats").path("by_route_reason").path("memory summary").asLong() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/stats").path("models").path("deepseek-flash").path("cost_usd").asDouble() > 0);
    }

    @Test
    void aSessionActiveWithinTheIdleTimeIsNotSummarised() throws Exception {
        start(c -> withCheapProvider(c, deepseek));
        session("s-busy", PROJECT, 3);
        clock.advance(IDLE.minusMinutes(1));
        session("s-busy", PROJECT, 1); // a new request: the idle time starts again
        clock.advance(Duration.ofMinutes(2));
        assertThat(server.summaries().runOnce()).isZero();
        assertThat(summaryRequests()).isZero();
    }

    @Test
    void aSessionWithTooFewTurnsIsNotSummarised() throws Exception {
        start(c -> withCheapProvider(c, deepseek));
        session("s-short", PROJECT, 1);
        clock.advance(IDLE.plusMinutes(1));
        assertThat(server.summaries().runOnce()).isZero();
    }

    @Test
    void noSummaryWhenItIsDisabled() throws Exception {
        start(c -> withCheapProvider(c, deepseek).withMemory(MemorySettings.defaults()));
        session("s-off", PROJECT, 3);
        clock.advance(IDLE.plusMinutes(1));
        assertThat(server.summaries()).isNull();
        assertThat(server.memories().sessionLog()).as("nothing kept for a summary that never runs").isNull();
        assertThat(summaryRequests()).isZero();
    }

    @Test
    void noSummaryWithoutACheapProviderNorInDirectMode() throws Exception {
        start(c -> c);
        assertThat(server.summaries()).isNull();
        server.close();
        start(c -> withCheapProvider(c, deepseek).withRouting(withCheapProvider(c, deepseek).routing().withDirect(true)));
        assertThat(server.summaries()).isNull();
        session("s-direct", PROJECT, 3);
        assertThat(deepseek.requests()).isEmpty();
    }

    @Test
    void aGarbageOrFailedSummaryStoresNothingAndTheProxyKeepsServing() throws Exception {
        start(c -> withCheapProvider(c, deepseek));
        summaryAnswer = "Sure! The session went well.\nHere is what happened: lots of work on discounts.";
        session("s-garbage", PROJECT, 3);
        List<String> before = projectMemories();
        clock.advance(IDLE.plusMinutes(1));
        assertThat(server.summaries().runOnce()).isEqualTo(1);
        assertThat(projectMemories()).containsExactlyInAnyOrderElementsOf(before);

        summaryStatus = 500;
        session("s-failed", PROJECT, 3);
        before = projectMemories();
        clock.advance(IDLE.plusMinutes(1));
        assertThat(server.summaries().runOnce()).isEqualTo(1);
        assertThat(projectMemories()).containsExactlyInAnyOrderElementsOf(before);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.recentRecords().stream()
                .anyMatch(r -> "memory summary".equals(r.routeReason()) && r.status() == 500));

        session("s-after", PROJECT, 1);
        assertThat(summaryRequests()).isEqualTo(2);
    }
}
