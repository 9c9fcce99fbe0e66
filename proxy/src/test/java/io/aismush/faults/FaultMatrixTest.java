package io.aismush.faults;

import io.aismush.faults.FaultClient.Seen;
import io.aismush.metering.RequestRecord;
import io.aismush.metering.RequestRecord.Outcome;
import io.aismush.testing.Configs;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.FakeOpenAi;
import io.aismush.testkit.OpenAiSse;
import io.aismush.testkit.Reply;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault matrix: every {@link Fault} × {@link Provider} × {@link Mode}, and for faults that show before the first
 * byte also × {@link Routing} (with a fallback the backup serves the turn; without, the client gets the error). Each
 * case asserts what the client received, whether a fallback happened, the request's record, that it ended within a
 * bound, and that nothing of it is left running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultMatrixTest {
    /** The keep-alive case: the upstream keeps the connection warm with pings alone for this long, then answers. */
    static final Duration PINGS_ONLY = Duration.ofSeconds(60);
    private static final Duration PING_GAP = Duration.ofMillis(500);
    private static final Duration KEEP_ALIVE_IDLE_TIMEOUT = Duration.ofSeconds(2);

    /** The 60-second cases run beside the matrix, from the start; {@link #pingsAloneForAMinuteKeepAStreamAlive} awaits them. */
    private static ExecutorService background;
    private static Map<Provider, CompletableFuture<KeepAliveResult>> keepAlives = Map.of();

    record KeepAliveResult(Seen seen, RequestRecord record, int backupRequests) {}

    @BeforeAll
    static void startTheMinuteLongCases() {
        background = Executors.newVirtualThreadPerTaskExecutor();
        if (!ONLY.isBlank()) return;
        var started = new java.util.EnumMap<Provider, CompletableFuture<KeepAliveResult>>(Provider.class);
        for (Provider p : Provider.values()) started.put(p, CompletableFuture.supplyAsync(() -> keepAliveCase(p), background));
        keepAlives = started;
    }

    @AfterAll
    static void stopBackground() {
        background.shutdownNow();
    }

    /** {@code -Dfaults.only=CUT_AFTER_EVENTS,NEVER_ENDS} runs those rows only, and skips the minute-long case. */
    private static final String ONLY = System.getProperty("faults.only", "");

    static Stream<Arguments> matrix() {
        var cases = new ArrayList<Arguments>();
        for (Fault fault : Fault.values()) {
            if (!ONLY.isBlank() && !List.of(ONLY.split(",")).contains(fault.name())) continue;
            for (Provider provider : Provider.values()) {
                for (Mode mode : Mode.values()) {
                    if (!fault.appliesTo(mode)) continue;
                    cases.add(Arguments.of(fault, provider, mode, Routing.AUTO));
                    if (fault.expect(provider, mode) instanceof Expect.Before) cases.add(Arguments.of(fault, provider, mode, Routing.FORCED));
                }
            }
        }
        return cases.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0} at {1}, {2}, {3}")
    @MethodSource("matrix")
    void everyFaultEndsAsTheErrorPolicySays(Fault fault, Provider provider, Mode mode, Routing routing) {
        Expect expect = fault.expect(provider, mode);
        try (var rig = FaultRig.start(fault, provider, mode, routing)) {
            Seen seen = FaultClient.post(rig.port(), provider.turn(mode), fault.clientDeadline());
            assertThat(seen.took()).as("the request ends within its bound").isLessThan(fault.bound());
            RequestRecord record = rig.onlyRecord();
            boolean fallsBack = expect instanceof Expect.Before && routing == Routing.AUTO;

            if (fallsBack) {
                assertServedByTheBackup(seen, record, provider, mode);
            } else {
                assertSeen(expect, seen, record, fault, provider, mode);
            }
            assertThat(rig.backup.requests()).as("fallback to " + provider.backup).hasSize(fallsBack ? 1 : 0);

            // Nothing of the request is left running: not in the proxy, not at the faulted upstream (an upstream that
            // never ends stops only when the proxy hangs up on it).
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
                assertThat(inFlight(rig.proxy)).isZero();
                if (rig.faulted != null) assertThat(rig.faulted.openResponses()).isZero();
                if (expect instanceof Expect.ClientGivesUp) assertThat(rig.faulted.hangUps()).isEqualTo(1);
            });
        }
    }

    private static void assertServedByTheBackup(Seen seen, RequestRecord record, Provider provider, Mode mode) {
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.complete()).isTrue();
        assertThat(seen.body()).contains("Hello from t"); // the backup's answer (streamed in pieces of 12 characters)
        if (mode.stream()) assertThat(seen.body()).endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        assertThat(record.status()).isEqualTo(200);
        assertThat(record.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(record.provider()).isEqualTo(provider.backup);
        assertThat(record.fallbackFrom()).isEqualTo(provider.name);
        assertThat(record.routeReason()).contains("fallback from " + provider.name);
    }

    private static void assertSeen(Expect expect, Seen seen, RequestRecord record, Fault fault, Provider provider, Mode mode) {
        assertThat(record.fallbackFrom()).isNull();
        switch (expect) {
            case Expect.Before(int status, String type, Outcome outcome) -> {
                assertThat(seen.status()).isEqualTo(status);
                assertThat(seen.header("content-type")).startsWith("application/json");
                assertErrorShape(seen.body(), type);
                if (status == 429) assertThat(seen.header("retry-after")).isEqualTo("17");
                assertThat(record.status()).isEqualTo(status);
                assertThat(record.errorType()).isEqualTo(type);
                assertThat(record.outcome()).isEqualTo(outcome);
            }
            case Expect.ErrorEventAfter() -> {
                assertThat(seen.status()).isEqualTo(200);
                assertThat(seen.header("content-type")).startsWith("text/event-stream");
                assertThat(seen.complete()).as("the stream ends properly after the error event").isTrue();
                String before = provider.openAiWire ? seen.body().substring(0, seen.body().indexOf("event: error\n"))
                        : String.join("", fault.eventsBeforeTheFault());
                if (provider.openAiWire) assertThat(before).startsWith("event: message_start\n");
                assertThat(seen.body().startsWith(before)).as("the events before the fault arrived unchanged, ending %s", tail(seen.body())).isTrue();
                String rest = seen.body().substring(before.length());
                assertThat(rest).startsWith("event: error\ndata: ").endsWith("\n\n");
                assertErrorShape(rest.substring("event: error\ndata: ".length()).trim(), "api_error");
                assertThat(record.status()).isEqualTo(200);
                assertThat(record.outcome()).isEqualTo(Outcome.STREAM_CUT);
                assertThat(record.provider()).isEqualTo(provider.name);
            }
            case Expect.RelayedErrorEvent(String type) -> {
                assertThat(seen.status()).isEqualTo(200);
                assertThat(seen.body()).isEqualTo(String.join("", ((Reply.Stream) fault.reply(false, mode)).events()));
                assertThat(record.outcome()).isEqualTo(Outcome.UPSTREAM_ERROR);
                assertThat(record.errorType()).isEqualTo(type);
            }
            case Expect.CutBody() -> {
                assertThat(seen.status()).isEqualTo(200);
                assertThat(seen.complete()).as("a cut whole answer must not look complete: %s, %s", seen.body(), record).isFalse();
                assertThat(AnthropicSse.message(Fault.MODEL, Fault.TEXT, AnthropicSse.Tokens.SMALL)).startsWith(seen.body());
                assertThat(record.outcome()).isEqualTo(Outcome.STREAM_CUT);
                assertThat(record.provider()).isEqualTo(provider.name);
            }
            case Expect.Complete(String text) -> {
                assertThat(seen.status()).isEqualTo(200);
                assertThat(seen.complete()).isTrue();
                // Boolean checks: a failure message must not print a ten-megabyte body.
                assertThat(seen.body().contains(text)).as("the answer's text arrived, ending %s", tail(seen.body())).isTrue();
                if (mode.stream()) {
                    assertThat(seen.body().endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")).as("ends %s", tail(seen.body())).isTrue();
                }
                else assertThat(Json.MAPPER.readTree(seen.body()).path("content").path(0).path("text").asString().equals(text)).as("the message carries the text").isTrue();
                assertThat(record.outcome()).isEqualTo(Outcome.COMPLETED);
                assertThat(record.provider()).isEqualTo(provider.name);
            }
            case Expect.RelayedUnchanged(String body) -> {
                assertThat(seen.status()).isEqualTo(200);
                assertThat(seen.body()).isEqualTo(body);
                assertThat(record.status()).isEqualTo(200);
                assertThat(record.provider()).isEqualTo(provider.name);
            }
            case Expect.ClientGivesUp() -> {
                assertThat(seen.gaveUp()).isTrue();
                assertThat(record.outcome()).isEqualTo(Outcome.CLIENT_CLOSED);
            }
        }
    }

    /** The minute-long case, run for real: the proxy must not take a stream of pings alone for an idle one. */
    @Order(2)
    @Test
    void pingsAloneForAMinuteKeepAStreamAlive() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ONLY.isBlank(), "only some rows were asked for");
        for (Provider p : Provider.values()) {
            KeepAliveResult r = keepAlives.get(p).get(PINGS_ONLY.toSeconds() + 60, TimeUnit.SECONDS);
            Seen seen = r.seen();
            assertThat(seen.status()).as(p.name).isEqualTo(200);
            assertThat(seen.complete()).as(p.name).isTrue();
            assertThat(seen.took()).as(p.name).isGreaterThanOrEqualTo(PINGS_ONLY);
            assertThat(seen.body()).as(p.name).contains(Fault.TEXT)
                    .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").doesNotContain("event: error");
            assertThat(r.record().outcome()).as(p.name).isEqualTo(Outcome.COMPLETED);
            assertThat(r.record().provider()).as(p.name).isEqualTo(p.name);
            assertThat(r.backupRequests()).as(p.name + ": no fallback").isZero();
        }
    }

    private static KeepAliveResult keepAliveCase(Provider p) {
        Reply reply = p.openAiWire
                ? Reply.keepAlivesThen(": keep-alive\n\n", PING_GAP, PINGS_ONLY, FakeOpenAi.streaming(List.of()).headers(),
                        OpenAiSse.textStream("qwen3-coder:30b", Fault.TEXT, OpenAiSse.Tokens.SMALL))
                : Reply.keepAlivesThen(": ping\n\nevent: ping\ndata: {\"type\": \"ping\"}\n\n", PING_GAP, PINGS_ONLY, Reply.sseHeaders(),
                        Fault.anthropicTurn());
        try (var rig = FaultRig.answering(reply, p, Routing.AUTO,
                Configs.timeouts(Duration.ofSeconds(2), KEEP_ALIVE_IDLE_TIMEOUT, KEEP_ALIVE_IDLE_TIMEOUT))) {
            Seen seen = FaultClient.post(rig.port(), p.turn(Mode.STREAM), PINGS_ONLY.plusSeconds(30));
            return new KeepAliveResult(seen, rig.onlyRecord(), rig.backup.requests().size());
        }
    }

    private static String tail(String body) {
        return body.length() <= 300 ? body : "…" + body.substring(body.length() - 300);
    }

    static JsonNode assertErrorShape(String body, String type) {
        JsonNode root = Json.MAPPER.readTree(body);
        assertThat(root.path("type").asString()).isEqualTo("error");
        assertThat(root.path("error").path("type").asString()).isEqualTo(type);
        assertThat(root.path("error").path("message").asString()).isNotBlank();
        return root;
    }

    static int inFlight(TestProxy proxy) {
        return Json.MAPPER.readTree(proxy.get("/health").body()).path("in_flight").asInt(-1);
    }
}
