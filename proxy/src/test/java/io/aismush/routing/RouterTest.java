package io.aismush.routing;

import io.aismush.context.TokenEstimator;
import io.aismush.wire.Headers;
import io.aismush.wire.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {
    private final TurnScanner scanner = new TurnScanner(TokenEstimator.standard());
    private final Router router = new Router(new RoutingConfig(false, null, "deepseek", 64_000, 16_000, 2, List.of()));

    private Decision decide(Conversation c) {
        return router.decide(scanner.scan(c.body(), Headers.of()));
    }

    private Decision decide(Conversation c, Headers headers) {
        return router.decide(scanner.scan(c.body(), headers));
    }

    @Test
    void firstHumanMessageGoesToClaudeForPlanning() {
        assertThat(decide(new Conversation().human("add a cart total"))).extracting(Decision::provider, Decision::reason)
                .containsExactly("anthropic", "initial planning");
    }

    @Test
    void toolResultStepsGoToTheCheapProvider() {
        var d = decide(new Conversation().human("add a cart total").step("Read", "{\"file_path\":\"/a\"}", "1\\tx", false));
        assertThat(d.provider()).isEqualTo("deepseek");
        assertThat(d.reason()).isEqualTo("tool-loop step");
        assertThat(d.soft()).isTrue();
    }

    @Test
    void planningKeywordsInANewHumanMessageGoToClaudeButSystemRemindersDoNot() {
        var plan = decide(new Conversation().human("fix the bug").answer("done").human("now design the architecture of the payment module"));
        assertThat(plan.provider()).isEqualTo("anthropic");
        assertThat(plan.reason()).contains("architecture").contains("design");
        // Every human message carries a system reminder mentioning plan/design/architecture: it must not count.
        var plain = decide(new Conversation().human("fix the bug").answer("done").human("rename the variable"));
        assertThat(plain.provider()).isEqualTo("deepseek");
        assertThat(plain.reason()).isEqualTo("mid-session coding");
    }

    @Test
    void approvingAPlanIsNotPlanningButAskingWhyIs() {
        assertThat(TurnScanner.keywords("Good plan. Implement it.")).isEmpty();
        assertThat(TurnScanner.keywords("Review the approach, then implement the security fix")).containsExactlyInAnyOrder("review", "approach", "security");
        assertThat(TurnScanner.keywords("Let's plan the migration")).containsExactly("plan");
        assertThat(TurnScanner.keywords("Why is it slow? Debugging needed")).containsExactlyInAnyOrder("why", "debug");
    }

    @Test
    void threeErrorsInTheLastSixMessagesGoToClaude() {
        var c = new Conversation().human("make the tests pass")
                .step("Bash", "{\"command\":\"mvn test\"}", "FAIL", true)
                .step("Bash", "{\"command\":\"mvn test -q\"}", "FAIL", true)
                .step("Bash", "{\"command\":\"mvn -o test\"}", "FAIL", true);
        assertThat(decide(c).reason()).startsWith("error recovery").contains("3 errors");
        assertThat(decide(c).provider()).isEqualTo("anthropic");
    }

    @Test
    void theSameFailingCallRepeatedGoesToClaude() {
        var c = new Conversation().human("make the tests pass")
                .step("Bash", "{\"command\":\"mvn test\"}", "FAIL", true)
                .step("Read", "{\"file_path\":\"/a\"}", "ok", false)
                .step("Bash", "{\"command\":\"mvn test\"}", "FAIL", true);
        assertThat(decide(c).reason()).isEqualTo("error recovery: the same call failed repeatedly");
    }

    @Test
    void aRepeatedFailureThatSucceedsSinceIsNoLongerErrorRecovery() {
        var c = new Conversation().human("make the tests pass")
                .step("Bash", "{\"command\":\"mvn test\"}", "FAIL", true)
                .step("Bash", "{\"command\":\"mvn test\"}", "FAIL", true)
                .step("Bash", "{\"command\":\"mvn test\"}", "ok", false)
                .step("Read", "{}", "x", false).step("Read", "{}", "y", false).step("Read", "{}", "z", false);
        assertThat(decide(c).reason()).isEqualTo("tool-loop step");
    }

    @Test
    void largeContextGoesToClaude() {
        var c = new Conversation().human("go").step("Read", "{\"file_path\":\"/a\"}", "x".repeat(300_000), false);
        assertThat(decide(c).reason()).startsWith("large context");
    }

    @Test
    void haikuAndAuxiliaryRequestsAreBackgroundForTheCheapProvider() {
        assertThat(decide(new Conversation().model("claude-haiku-4-5").human("write a title for this design"))).extracting(Decision::provider, Decision::reason)
                .containsExactly("deepseek", "background request");
        assertThat(decide(new Conversation().human("summarise"), Headers.of("x-claude-code-request-class", "auxiliary")).reason())
                .isEqualTo("background request");
    }

    @Test
    void heavyThinkingAndImagesGoToClaude() {
        var heavy = new Conversation().thinking("{\"type\":\"enabled\",\"budget_tokens\":32000}").human("go").step("Read", "{}", "x", false);
        assertThat(decide(heavy).reason()).startsWith("thinking-heavy");
        var light = new Conversation().thinking("{\"type\":\"enabled\",\"budget_tokens\":4000}").human("go").step("Read", "{}", "x", false);
        assertThat(decide(light).provider()).isEqualTo("deepseek");
        assertThat(decide(new Conversation().human("go").answer("ok").image()).reason()).isEqualTo("images or documents");
    }

    @Test
    void forcedDirectAndUnconfiguredModesSendEverythingToOneProvider() {
        var c = new Conversation().human("go").step("Read", "{}", "x", false);
        var features = scanner.scan(c.body(), Headers.of());
        assertThat(new Router(new RoutingConfig(false, "deepseek", "deepseek", 64_000, 16_000, 2, List.of())).decide(features).reason())
                .isEqualTo("forced (FORCE_PROVIDER=deepseek)");
        assertThat(new Router(RoutingConfig.directMode()).decide(features)).extracting(Decision::provider, Decision::reason)
                .containsExactly("anthropic", "direct mode");
        assertThat(new Router(new RoutingConfig(false, null, null, 64_000, 16_000, 2, List.of())).decide(features).reason())
                .isEqualTo("no cheap provider configured");
    }

    @Test
    void configRulesComeFirstInOrder() {
        var rules = RoutingRules.parse(Json.MAPPER.readTree("""
                [{"when":{"toolLoop":true,"minTokens":1},"provider":"claude","reason":"my loops stay on Claude"},
                 {"when":{},"provider":"deepseek","model":"deepseek-v4-pro"}]"""), Set.of("anthropic", "deepseek"));
        var r = new Router(new RoutingConfig(false, null, "deepseek", 64_000, 16_000, 2, rules));
        assertThat(r.decide(scanner.scan(new Conversation().human("go").step("Read", "{}", "x", false).body(), Headers.of())))
                .extracting(Decision::provider, Decision::reason).containsExactly("anthropic", "my loops stay on Claude");
        assertThat(r.decide(scanner.scan(new Conversation().human("go").body(), Headers.of())))
                .extracting(Decision::provider, Decision::model).containsExactly("deepseek", "deepseek-v4-pro");
    }

    @Test
    void sessionIdComesFromTheHeaderOrFromMetadata() {
        var c = new Conversation().human("go");
        assertThat(scanner.scan(c.body(), Headers.of()).sessionId()).isEqualTo("s-1");
        assertThat(scanner.scan(c.body(), Headers.of("X-Claude-Code-Session-Id", "hdr")).sessionId()).isEqualTo("hdr");
    }
}
