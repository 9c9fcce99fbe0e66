package io.aismush.http;

import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.Reply;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shapes of /stats, /history, /sessions and /metrics, and the token that guards POST /stats/reset. */
class AccountingEndpointsTest {
    private static final Pattern SAMPLE = Pattern.compile(
            "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\",?)*\\})? (-?[0-9.]+([eE][-+]?[0-9]+)?|NaN|[+-]Inf)$");

    private final TestProxy proxy = TestProxy.start();

    @AfterEach
    void stop() {
        proxy.close();
    }

    private void sendTurns(int n, String session) {
        proxy.upstream.respondWith(r -> Reply.stream(AnthropicSse.textTurn("claude-opus-5-5", "ok", new AnthropicSse.Tokens(10, 20, 1000, 100, 50))));
        for (int i = 0; i < n; i++) {
            byte[] body = ("{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                    + "\"metadata\":{\"user_id\":\"{\\\"session_id\\\":\\\"" + session + "\\\"}\"}}").getBytes(StandardCharsets.UTF_8);
            assertThat(proxy.send(proxy.messages(body).build()).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> json("/stats").path("records_pending").asLong() == 0
                && json("/stats").path("totals").path("requests").asLong() >= n);
    }

    private JsonNode json(String path) {
        var response = proxy.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void statsKeepsTheSeedFieldsAndAddsCostsSavingsAndAssumptions() {
        sendTurns(3, "s-stats");
        JsonNode s = json("/stats");
        for (String seed : new String[] {"since", "uptime_seconds", "requests", "errors", "tokens", "by_provider", "by_model",
                "by_outcome", "by_route_reason", "fallbacks", "in_flight", "records_dropped"}) {
            assertThat(s.has(seed)).as(seed).isTrue();
        }
        for (String added : new String[] {"records_pending", "records_lost", "since_start", "totals", "today", "session", "providers",
                "models", "days", "storage", "assumptions"}) {
            assertThat(s.has(added)).as(added).isTrue();
        }
        JsonNode t = s.path("totals");
        assertThat(t.path("requests").asLong()).isEqualTo(3);
        assertThat(t.path("tokens").path("cache_write_1h").asLong()).isEqualTo(150);
        assertThat(t.path("cost_usd").isNumber()).isTrue();
        assertThat(t.path("cache_hit_rate").asDouble()).isBetween(0.8, 0.9);
        assertThat(s.path("session").path("id").asString()).isEqualTo("s-stats");
        assertThat(s.path("providers").path("anthropic").path("requests").asLong()).isEqualTo(3);
        assertThat(s.path("models").path("claude-opus-5-5").path("requests").asLong()).isEqualTo(3);
        assertThat(s.path("storage").path("database").asString()).startsWith("sqlite ");
        assertThat(s.path("assumptions").path("claude_token_ratio").path("deepseek-flash").asDouble()).isEqualTo(1.0);
        assertThat(s.path("assumptions").path("cache_pattern").asString()).contains("cache reads");
    }

    @Test
    void historyAndSessionsPageNewestFirst() {
        sendTurns(3, "s-a");
        sendTurns(2, "s-b");
        JsonNode page = json("/history?limit=2");
        assertThat(page.path("requests")).hasSize(2);
        assertThat(page.path("requests").path(0).path("session_id").asString()).isEqualTo("s-b");
        String next = page.path("next_before").asString();
        assertThat(json("/history?limit=10&before=" + next).path("requests")).hasSize(3);
        assertThat(json("/history?session=s-a").path("requests")).hasSize(3);
        JsonNode row = page.path("requests").path(0);
        assertThat(row.path("provider").asString()).isEqualTo("anthropic");
        assertThat(row.path("model_served").asString()).isEqualTo("claude-opus-5-5");
        assertThat(row.path("client").asString()).isNotEmpty();
        assertThat(row.has("cost_usd") && row.has("baseline_usd") && row.has("savings_usd") && row.has("ttfb_ms")).isTrue();
        JsonNode sessions = json("/sessions");
        assertThat(sessions.path("sessions")).hasSize(2);
        assertThat(sessions.path("sessions").path(0).path("id").asString()).isEqualTo("s-b");
        assertThat(sessions.path("sessions").path(1).path("requests").asLong()).isEqualTo(3);
        assertThat(proxy.get("/history?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void metricsParseAsPrometheusText() {
        sendTurns(2, "s-m");
        var response = proxy.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        String text = response.body();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
            assertThat(SAMPLE.matcher(line).matches()).as("a Prometheus sample line: %s", line).isTrue();
        }
        assertThat(text).contains("aismush_requests_total{outcome=\"completed\",provider=\"anthropic\"} 2.0")
                .contains("aismush_tokens_total{kind=\"cache_write_1h\",provider=\"anthropic\"} 100.0")
                .contains("aismush_ttfb_seconds_bucket{le=")
                .contains("aismush_request_duration_seconds_count 2")
                .contains("aismush_cost_usd_total{provider=\"anthropic\"}")
                .contains("aismush_savings_usd_total{kind=\"compression\"}")
                .contains("aismush_records_lost_total")
                .contains("aismush_recorder_queue_depth")
                .contains("aismush_breaker_state{provider=\"anthropic\",state=\"closed\"} 1.0");
    }

    @Test
    void resetNeedsTheInstallToken() throws Exception {
        sendTurns(2, "s-r");
        var tokenFile = proxy.dataDir().resolve("token");
        assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        String token = Files.readString(tokenFile).strip();
        assertThat(token).hasSize(64);

        assertThat(reset(null, null).statusCode()).isEqualTo(403);
        assertThat(reset("x-aismush-token", "wrong").statusCode()).isEqualTo(403);
        assertThat(reset("authorization", "Bearer " + "0".repeat(64)).statusCode()).isEqualTo(403);
        assertThat(proxy.get("/stats/reset").statusCode()).isEqualTo(405);
        assertThat(json("/stats").path("totals").path("requests").asLong()).isEqualTo(2);

        var ok = reset("x-aismush-token", token);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(ok.body()).path("requests_deleted").asLong()).isEqualTo(2);
        assertThat(json("/stats").path("totals").path("requests").asLong()).isZero();
        assertThat(json("/sessions").path("sessions")).isEmpty();
        assertThat(reset("authorization", "Bearer " + token).statusCode()).isEqualTo(200);
    }

    private java.net.http.HttpResponse<String> reset(String header, String value) {
        var b = HttpRequest.newBuilder(proxy.uri("/stats/reset")).POST(HttpRequest.BodyPublishers.noBody());
        if (header != null) b.header(header, value);
        return proxy.send(b.build());
    }
}
