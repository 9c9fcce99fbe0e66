package io.aismush.context;

import io.aismush.pipeline.UpstreamResponse;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.wire.EventSource;
import io.aismush.wire.Headers;
import io.aismush.wire.SseEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** The calibration's evidence from an answer, gathered without delaying the answer's first event. */
class UsageTapTest {
    private static final AnthropicSse.Tokens USAGE = new AnthropicSse.Tokens(9_000, 40, 2_000, 500, 500);

    @Test
    void theRequestEstimateIsTakenOnlyAfterTheFirstEventHasGoneOut() throws IOException {
        int[] estimates = {0};
        var tap = new UsageTap(events(USAGE), () -> {
            estimates[0]++;
            return 10_000;
        }, (raw, actual) -> { });
        assertThat(tap.next().name()).isEqualTo("message_start");
        assertThat(estimates[0]).as("while the first event is on its way to the client").isZero();
        tap.next();
        assertThat(estimates[0]).isEqualTo(1);
        while (tap.next() != null) { }
        tap.close();
        assertThat(estimates[0]).as("taken once").isEqualTo(1);
    }

    @Test
    void theEvidenceIsTheEstimateWithInputPlusCacheReadsAndWritesAtClose() throws IOException {
        List<double[]> seen = new ArrayList<>();
        var tap = new UsageTap(events(USAGE), () -> 10_000, (raw, actual) -> seen.add(new double[] {raw, actual}));
        while (tap.next() != null) { }
        assertThat(seen).as("nothing before close").isEmpty();
        tap.close();
        assertThat(seen).singleElement().satisfies(e -> {
            assertThat(e[0]).isEqualTo(10_000);
            assertThat(e[1]).isEqualTo(9_000 + 2_000 + 500 + 500);
        });
    }

    @Test
    void aStreamClosedAfterItsFirstEventStillGivesItsEvidence() throws IOException {
        List<double[]> seen = new ArrayList<>();
        var tap = new UsageTap(events(USAGE), () -> 10_000, (raw, actual) -> seen.add(new double[] {raw, actual}));
        tap.next();
        tap.close();
        tap.close();
        assertThat(seen).as("once, from message_start's usage").singleElement()
                .satisfies(e -> assertThat(e[1]).isEqualTo(12_000));
    }

    @Test
    void anAnswerWithoutUsageTeachesNothing() throws IOException {
        List<double[]> seen = new ArrayList<>();
        var tap = new UsageTap(source(List.of(SseEvent.of("ping", "{\"type\":\"ping\"}"))), () -> 10_000,
                (raw, actual) -> seen.add(new double[] {raw, actual}));
        while (tap.next() != null) { }
        tap.close();
        assertThat(seen).isEmpty();
    }

    @Test
    void aClaudeAnswerRelayedThroughTheFitterCalibratesClaudesRatio() throws IOException {
        var calibration = new Calibration();
        var fitter = new Fitter(FitSettings.defaults(128_000), calibration);
        byte[] body = ClaudeCodeRequests.streamed(200_000);
        double raw = TokenEstimator.rawSampled(body, 0, body.length, 16);
        long actual = Math.round(raw * 1.3);
        for (int i = 0; i < 40; i++) {
            Fitter.Fitted fitted = fitter.fit(FitterExchanges.of(body, "anthropic"));
            assertThat(fitted.exchange().body().bytes()).as("Claude turns are never changed").isSameAs(body);
            var answer = new UpstreamResponse("anthropic", 200, Headers.of("content-type", "text/event-stream"),
                    new UpstreamResponse.EventStream(events(new AnthropicSse.Tokens(actual, 40, 0, 0, 0))));
            try (EventSource relayed = ((UpstreamResponse.EventStream) fitted.observe(answer).body()).events()) {
                var out = new ByteArrayOutputStream();
                for (SseEvent e; (e = relayed.next()) != null; ) out.write(e.raw());
                assertThat(out.toString(StandardCharsets.UTF_8)).as("the stream passes unchanged")
                        .isEqualTo(String.join("", AnthropicSse.textTurn("claude-sonnet-4-5", "Done.", new AnthropicSse.Tokens(actual, 40, 0, 0, 0))));
            }
        }
        assertThat(calibration.ratio("anthropic", "claude-sonnet-4-5")).isCloseTo(1.3, offset(0.02));
    }

    @Test
    void anAnswerStillStreamingKeepsNoRequestBodyOnceItsFirstEventHasGoneOut() throws Exception {
        var fitter = new Fitter(FitSettings.defaults(128_000), new Calibration());
        byte[] body = ClaudeCodeRequests.streamed(200_000);
        var bodyGone = new WeakReference<>(body);
        Fitter.Fitted fitted = fitter.fit(FitterExchanges.of(body, "anthropic"));
        var answer = new UpstreamResponse("anthropic", 200, Headers.of("content-type", "text/event-stream"),
                new UpstreamResponse.EventStream(events(USAGE)));
        EventSource relayed = ((UpstreamResponse.EventStream) fitted.observe(answer).body()).events();
        body = null;
        fitted = null;
        relayed.next();
        relayed.next(); // the first event went out; the answer streams on (a thousand long answers at once)
        for (int i = 0; i < 50 && bodyGone.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(bodyGone.get()).as("the request body, collected while its answer streams").isNull();
        relayed.close();
    }

    private static EventSource events(AnthropicSse.Tokens usage) {
        var list = new ArrayList<SseEvent>();
        for (String raw : AnthropicSse.textTurn("claude-sonnet-4-5", "Done.", usage)) {
            String name = raw.startsWith("event: ") ? raw.substring(7, raw.indexOf('\n')) : null;
            list.add(new SseEvent(raw.getBytes(StandardCharsets.UTF_8), name));
        }
        return source(list);
    }

    private static EventSource source(List<SseEvent> list) {
        Deque<SseEvent> left = new ArrayDeque<>(list);
        return new EventSource() {
            @Override
            public SseEvent next() {
                return left.poll();
            }

            @Override
            public void close() { }
        };
    }
}
