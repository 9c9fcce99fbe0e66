package io.aismush.metering;

import io.aismush.config.ProviderSpec;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.AnthropicSse.Tokens;
import io.aismush.testkit.FakeOpenAi;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.OpenAiSse;
import io.aismush.testkit.Reply;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * A scripted 20-turn session through the real proxy: Claude with 5-minute and 1-hour cache writes and reads (one turn
 * in Sonnet's long-context tier, one non-streamed, one error), DeepSeek with cache misses and hits, and a local
 * OpenAI-compatible model. The test prices every turn by hand from PROTOCOL.md's price table and the baseline rules
 * the README states; /stats, /history and the database must agree to 1e-9 USD.
 */
class HandComputedBillTest {
    private static final double EPS = 1e-9;
    private static final String SESSION = "bill-session-1";

    /** USD per million: input, 5m write, 1h write, cache read, output. */
    private record P(double in, double w5, double w1h, double read, double out) {
        double cost(double i, double o, double r, double a, double b) {
            return (i * in + o * out + r * read + a * w5 + b * w1h) / 1e6;
        }
    }

    private static final P OPUS_5_5 = new P(4, 5, 8, 0.20, 20);
    private static final P SONNET_4_5 = new P(3, 3.75, 6, 0.30, 15);
    private static final P SONNET_4_5_LONG = new P(6, 7.50, 12, 0.60, 22.50);
    private static final P FLASH_PEAK = new P(0.30, 0.30, 0.30, 0.006, 1.20);
    private static final P FLASH_OFF_PEAK = new P(0.15, 0.15, 0.15, 0.003, 0.60);

    /** One scripted turn: where it goes, what the client asks for, and the usage the upstream reports. */
    private record Turn(String route, String model, boolean stream, long in, long out, long read, long w5, long w1h) {}

    private static final List<Turn> SCRIPT = List.of(
            new Turn("claude", "claude-opus-5-5", true, 1200, 101, 0, 30_000, 0),
            new Turn("claude", "claude-opus-5-5", true, 50, 102, 30_000, 2_000, 0),
            new Turn("claude", "claude-opus-5-5", true, 10, 103, 32_000, 0, 5_000),
            new Turn("deepseek", "claude-opus-5-5", true, 37_000, 104, 0, 0, 0),        // cache miss
            new Turn("deepseek", "claude-opus-5-5", true, 800, 105, 36_500, 0, 0),      // cache hit
            new Turn("local", "claude-opus-5-5", true, 38_500, 106, 0, 0, 0),
            new Turn("claude", "claude-opus-5-5", true, 20, 107, 37_000, 1_500, 0),
            new Turn("claude-error", "claude-opus-5-5", true, 0, 0, 0, 0, 0),
            new Turn("deepseek", "claude-opus-5-5", true, 500, 108, 38_000, 0, 0),
            new Turn("claude", "claude-sonnet-4-5", true, 5, 109, 0, 40_000, 0),
            new Turn("local", "claude-opus-5-5", true, 1_000, 110, 40_000, 0, 0),       // local server reports cached tokens
            new Turn("claude", "claude-opus-5-5", false, 30, 111, 40_500, 800, 0),      // not streamed
            new Turn("deepseek", "claude-opus-5-5", true, 41_500, 112, 0, 0, 0),
            new Turn("claude", "claude-opus-5-5", true, 12, 113, 41_000, 300, 400),     // both write lifetimes
            new Turn("deepseek", "claude-opus-5-5", true, 700, 114, 41_500, 0, 0),
            new Turn("claude", "claude-sonnet-4-5", true, 100, 115, 190_000, 20_000, 0), // above 200K: long-context tier
            new Turn("local", "claude-opus-5-5", true, 1_000, 116, 0, 0, 0),
            new Turn("deepseek", "claude-opus-5-5", true, 300, 117, 1_000, 0, 0),
            new Turn("claude", "claude-opus-5-5", true, 40, 118, 42_000, 600, 0),
            new Turn("claude", "claude-opus-5-5", true, 15, 119, 42_600, 100, 0));

    private final FakeUpstream anthropic = FakeUpstream.start();
    private final FakeUpstream deepseek = FakeUpstream.start();
    private final FakeOpenAi local = FakeOpenAi.start();
    private final TestProxy proxy;

    HandComputedBillTest() {
        var rules = Json.MAPPER.readTree("""
                [{"when":{"requestClass":"claude"},"provider":"claude","reason":"test: Claude"},
                 {"when":{"requestClass":"claude-error"},"provider":"claude","reason":"test: Claude"},
                 {"when":{"requestClass":"deepseek"},"provider":"deepseek","reason":"test: DeepSeek"},
                 {"when":{"requestClass":"local"},"provider":"local","reason":"test: local"}]""");
        proxy = TestProxy.start(anthropic, c -> c.withDeepseek("sk-deepseek-test-0000000000", deepseek.baseUrl())
                .withRouting(c.withDeepseek("x", deepseek.baseUrl()).routing()
                        .withProviders(List.of(new ProviderSpec("local", local.baseUrl(), null, FakeOpenAi.DEFAULT_MODEL, 128_000, 16_384)))
                        .withRules(rules)));
    }

    @AfterEach
    void stop() {
        proxy.close();
        deepseek.close();
        local.close();
    }

    @Test
    void statsAndDatabaseMatchAHandComputedBillToANanodollar() throws Exception {
        for (int i = 0; i < SCRIPT.size(); i++) send(i, SCRIPT.get(i));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode s = Json.MAPPER.readTree(proxy.get("/stats").body());
            return s.path("records_pending").asLong() == 0 && s.path("totals").path("requests").asLong() == SCRIPT.size();
        });

        // started_at decides DeepSeek's peak or off-peak price: read it back from /history.
        JsonNode history = Json.MAPPER.readTree(proxy.get("/history?limit=100").body()).path("requests");
        assertThat(history).hasSize(SCRIPT.size());
        Map<Long, JsonNode> byOutput = new HashMap<>();
        for (JsonNode row : history) byOutput.put(row.path("output_tokens").asLong(), row);

        double cost = 0;
        double baseline = 0;
        double lastClaudePrompt = -1; // the session's previous prompt, in Claude tokens (turns are seconds apart)
        var expected = new ArrayList<double[]>();
        for (Turn t : SCRIPT) {
            JsonNode row = byOutput.get(t.out());
            assertThat(row).as("row of turn with output %d", t.out()).isNotNull();
            Instant at = Instant.parse(row.path("started_at").asString());
            double c;
            double b;
            double prompt = t.in() + t.read() + t.w5() + t.w1h();
            P requested = t.model().equals("claude-sonnet-4-5") ? (prompt > 200_000 ? SONNET_4_5_LONG : SONNET_4_5) : OPUS_5_5;
            switch (t.route()) {
                case "claude", "claude-error" -> {
                    c = requested.cost(t.in(), t.out(), t.read(), t.w5(), t.w1h());
                    b = c; // served as asked: the baseline is the bill itself
                }
                case "deepseek", "local" -> {
                    P served = t.route().equals("local") ? new P(0, 0, 0, 0, 0) : offPeak(at) ? FLASH_OFF_PEAK : FLASH_PEAK;
                    c = served.cost(t.in(), t.out(), t.read(), 0, 0);
                    // Claude would have read the previous prompt from its cache and written the rest for 5 minutes.
                    double read = lastClaudePrompt < 0 ? 0 : Math.min(lastClaudePrompt, prompt);
                    b = requested.cost(0, t.out(), read, prompt - read, 0);
                }
                default -> throw new AssertionError(t.route());
            }
            if (prompt > 0) lastClaudePrompt = prompt;
            cost += c;
            baseline += b;
            expected.add(new double[] {t.out(), c, b});
            assertThat(row.path("cost_usd").asDouble()).as("cost of turn %d", t.out()).isCloseTo(c, within(EPS));
            assertThat(row.path("baseline_usd").asDouble()).as("baseline of turn %d", t.out()).isCloseTo(b, within(EPS));
            assertThat(row.path("routing_savings_usd").asDouble()).isCloseTo(b - c, within(EPS));
        }
        assertThat(cost).isGreaterThan(0.5);
        assertThat(baseline).isGreaterThan(cost);

        JsonNode stats = Json.MAPPER.readTree(proxy.get("/stats").body());
        JsonNode totals = stats.path("totals");
        assertThat(totals.path("cost_usd").asDouble()).isCloseTo(cost, within(EPS));
        assertThat(totals.path("baseline_usd").asDouble()).isCloseTo(baseline, within(EPS));
        assertThat(totals.path("savings_usd").asDouble()).isCloseTo(baseline - cost, within(EPS));
        assertThat(totals.path("routing_savings_usd").asDouble()).isCloseTo(baseline - cost, within(EPS));
        assertThat(totals.path("compression_savings_usd").asDouble()).isZero();
        assertThat(stats.path("since_start").path("cost_usd").asDouble()).isCloseTo(cost, within(EPS));
        assertThat(stats.path("session").path("id").asString()).isEqualTo(SESSION);
        assertThat(stats.path("session").path("project").asString()).isEqualTo("/home/dev/shop");
        assertThat(stats.path("session").path("cost_usd").asDouble()).isCloseTo(cost, within(EPS));
        double providersCost = 0;
        for (var p : stats.path("providers").properties()) providersCost += p.getValue().path("cost_usd").asDouble();
        assertThat(providersCost).isCloseTo(cost, within(EPS));
        assertThat(stats.path("providers").path("local").path("cost_usd").asDouble()).isZero();

        try (var db = DriverManager.getConnection("jdbc:sqlite:" + proxy.dataDir().resolve("proxy.db"));
             var st = db.createStatement()) {
            try (var rs = st.executeQuery("SELECT output_tokens, cost_usd, baseline_usd FROM requests")) {
                var seen = new HashMap<Long, double[]>();
                while (rs.next()) seen.put(rs.getLong(1), new double[] {rs.getDouble(2), rs.getDouble(3)});
                for (double[] e : expected) {
                    assertThat(seen.get((long) e[0])[0]).isCloseTo(e[1], within(EPS));
                    assertThat(seen.get((long) e[0])[1]).isCloseTo(e[2], within(EPS));
                }
            }
            try (var rs = st.executeQuery("SELECT requests, errors, cost_usd, baseline_usd, project FROM sessions WHERE id = '" + SESSION + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(SCRIPT.size());
                assertThat(rs.getLong(2)).isEqualTo(1);
                assertThat(rs.getDouble(3)).isCloseTo(cost, within(EPS));
                assertThat(rs.getDouble(4)).isCloseTo(baseline, within(EPS));
                assertThat(rs.getString(5)).isEqualTo("/home/dev/shop");
            }
        }
    }

    private static boolean offPeak(Instant at) {
        LocalTime t = LocalTime.ofInstant(at, ZoneOffset.UTC);
        return !t.isBefore(LocalTime.of(16, 30)) || t.isBefore(LocalTime.of(0, 30));
    }

    private void send(int i, Turn t) {
        var tokens = new Tokens(t.in(), t.out(), t.read(), t.w5(), t.w1h());
        switch (t.route()) {
            case "claude" -> anthropic.enqueue(t.stream()
                    ? Reply.stream(AnthropicSse.textTurn(t.model(), "Turn " + i, tokens))
                    : Reply.json(200, AnthropicSse.message(t.model(), "Turn " + i, tokens)));
            case "claude-error" -> anthropic.enqueue(Reply.json(400, AnthropicSse.errorBody("invalid_request_error", "prompt is too long")));
            case "deepseek" -> deepseek.enqueue(Reply.stream(AnthropicSse.textTurn("deepseek-flash", "Turn " + i, tokens)));
            case "local" -> local.enqueue(FakeOpenAi.streaming(OpenAiSse.textStream(FakeOpenAi.DEFAULT_MODEL, "Turn " + i,
                    new OpenAiSse.Tokens(t.in() + t.read(), t.out(), t.read()))));
            default -> throw new AssertionError(t.route());
        }
        String body = "{\"model\":\"" + t.model() + "\",\"max_tokens\":1000,\"stream\":" + t.stream() + ",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Turn " + i + ". Primary working directory: /home/dev/shop\\nDo it.\"}],"
                + "\"metadata\":{\"user_id\":\"{\\\"session_id\\\":\\\"" + SESSION + "\\\"}\"}}";
        var response = proxy.send(proxy.messages(body.getBytes(StandardCharsets.UTF_8))
                .header("x-claude-code-request-class", t.route()).build());
        assertThat(response.statusCode()).as("turn %d: %s", i, response.body()).isEqualTo(t.route().equals("claude-error") ? 400 : 200);
    }
}
