package io.aismush.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aismush.context.Calibration;
import io.aismush.context.FitSettings;
import io.aismush.context.Fitter;
import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.RequestBody;
import io.aismush.pipeline.Route;
import io.aismush.testkit.Flavour;
import io.aismush.testkit.MessagesValidator;
import io.aismush.wire.Headers;
import io.aismush.wire.Json;
import io.aismush.wire.RequestSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The context fitter on fuzzed Claude Code sessions, with thresholds low enough that it trims: every fitted request
 * is still one the strict fakes accept, the first user turn and the latest turns are intact, and the fitter never
 * falls back to the untrimmed request (a fall-back means the trimmer threw or broke a rule, which it must not). The
 * next turn of the same conversation re-applies the cut and must be valid too.
 */
class ContextFitterFuzzTest {
    private static final int KEEP_LATEST = 6;
    private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    private final Logger fitterLog = (Logger) LoggerFactory.getLogger(Fitter.class);

    @BeforeEach
    void listen() {
        warnings.start();
        fitterLog.addAppender(warnings);
    }

    @AfterEach
    void stopListening() {
        fitterLog.detachAppender(warnings);
    }

    @FuzzTest(maxDuration = "60s")
    void fittedRequestsKeepEveryRuleAndTheirFirstAndLatestTurns(FuzzedDataProvider data) {
        long trimAt = data.consumeLong(200, 30_000);
        double ratio = data.consumeDouble() % 1;
        var fitter = new Fitter(new FitSettings(trimAt, data.consumeLong(trimAt / 2, 2 * trimAt), Math.abs(ratio) < 0.05 ? 0.8 : Math.abs(ratio)),
                new Calibration());
        ObjectNode request = Conversations.request(data, 30);
        byte[] body = Json.MAPPER.writeValueAsBytes(request);
        assertThat(MessagesValidator.validate(Flavour.ANTHROPIC, body)).as("the generated request").isEmpty();

        fitAndCheck(fitter, body);

        // The next turn: one more tool step, fitted with the cut the first turn left behind.
        ArrayNode messages = (ArrayNode) request.path("messages");
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        assistant.putArray("content").addObject().put("type", "tool_use").put("id", "toolu_01next").put("name", "Bash")
                .putObject("input").put("command", "mvn -q test");
        ObjectNode user = messages.addObject().put("role", "user");
        user.putArray("content").addObject().put("type", "tool_result").put("tool_use_id", "toolu_01next").put("content", Conversations.text(data));
        fitAndCheck(fitter, Json.MAPPER.writeValueAsBytes(request));
    }

    private void fitAndCheck(Fitter fitter, byte[] body) {
        warnings.list.clear();
        var exchange = new Exchange("ams_fuzz", "POST", "/v1/messages", "beta=true",
                Headers.of("content-type", "application/json", "x-claude-code-session-id", "fuzz-session"),
                new RequestBody(body), RequestSummary.of(body), System.nanoTime())
                .withRoute(new Route("deepseek", "deepseek-flash", "fuzz", false));
        byte[] fitted = fitter.fit(exchange).exchange().body().bytes();

        assertThat(warnings.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .as("the fitter fell back to the untrimmed request").isEmpty();
        assertThat(MessagesValidator.validate(Flavour.ANTHROPIC, fitted)).isEmpty();
        JsonNode before = Json.MAPPER.readTree(body).path("messages");
        JsonNode after = Json.MAPPER.readTree(fitted).path("messages");
        int first = 0;
        while (!"user".equals(before.get(first).path("role").asString(""))) first++;
        JsonNode firstBefore = before.get(first).path("content");
        JsonNode firstAfter = after.get(first).path("content");
        for (int k = 0; k < firstBefore.size(); k++) assertThat(firstAfter.get(k)).as("first user turn, block %d", k).isEqualTo(firstBefore.get(k));
        int latest = Math.min(KEEP_LATEST, before.size() - first - 1);
        for (int k = 1; k <= latest; k++) {
            assertThat(after.get(after.size() - k)).as("latest message -%d", k).isEqualTo(before.get(before.size() - k));
        }
    }
}
