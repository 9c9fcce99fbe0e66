package io.aismush.routing;

import io.aismush.metering.RequestRecord;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.Flavour;
import io.aismush.testkit.ReferenceSession;
import io.aismush.testkit.SimulatedCache;
import io.aismush.testkit.StrictFake;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reference session (32 agent steps and a background request) through default routing: every upstream accepts
 * every request, planning and error recovery go to Claude, the mechanical steps to the cheap provider, and the
 * conversation does not flip-flop.
 */
class ReferenceSessionTest {

    @Test
    void defaultRoutingSendsMechanicalStepsToTheCheapProviderWithoutFlipFlopping() throws Exception {
        var claude = StrictFake.strict(Flavour.ANTHROPIC, ReferenceSession.responder("claude-opus-5-5", new SimulatedCache(SimulatedCache.Style.ANTHROPIC)));
        var cheap = StrictFake.strict(Flavour.DEEPSEEK, ReferenceSession.responder("deepseek-flash", new SimulatedCache(SimulatedCache.Style.DEEPSEEK)));
        try (var deepseek = FakeUpstream.start().respondWith(cheap);
             var proxy = TestProxy.start(FakeUpstream.start().respondWith(claude), c -> c.withDeepseek("sk-deepseek-test-0000000000", deepseek.baseUrl()))) {
            var turns = ReferenceSession.drive(proxy.baseUrl(), "reference-1");
            claude.assertNoRejections();
            cheap.assertNoRejections();
            assertThat(turns).hasSize(ReferenceSession.STEPS.size() + 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.server.recentRecords().size() == turns.size());
            List<RequestRecord> records = proxy.server.recentRecords();

            var main = records.stream().filter(r -> !"claude-haiku-4-5".equals(r.modelRequested())).toList();
            assertThat(main.getFirst()).extracting(RequestRecord::provider, RequestRecord::routeReason).containsExactly("anthropic", "initial planning");
            assertThat(records.stream().filter(r -> "claude-haiku-4-5".equals(r.modelRequested())).findFirst().orElseThrow())
                    .extracting(RequestRecord::provider, RequestRecord::routeReason).containsExactly("deepseek", "background request");
            assertThat(main.stream().filter(r -> r.routeReason().startsWith("error recovery"))).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.provider()).isEqualTo("anthropic"));
            assertThat(main.stream().filter(r -> r.routeReason().startsWith("planning"))).hasSize(1)
                    .allSatisfy(r -> assertThat(r.provider()).isEqualTo("anthropic"));
            long cheapSteps = main.stream().filter(r -> r.provider().equals("deepseek")).count();
            assertThat(cheapSteps).as("most steps are mechanical").isGreaterThan(main.size() / 2);

            int switches = 0;
            for (int i = 1; i < main.size(); i++) if (!main.get(i).provider().equals(main.get(i - 1).provider())) switches++;
            assertThat(switches).as("switches in %d steps", main.size()).isLessThanOrEqualTo(8);
        }
    }
}
