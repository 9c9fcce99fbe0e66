package io.aismush.metering;

import io.aismush.wire.Usage;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MeterTest {
    private static final Instant PEAK = Instant.parse("2026-11-20T10:00:00Z");
    private final Meter meter = new Meter(PriceFiles.builtIn());

    private static RequestRecord record(String provider, String requested, String served, Usage u, String session, Instant at) {
        return new RequestRecord("r", at, "/v1/messages", provider, requested, served, true, 200, RequestRecord.Outcome.COMPLETED,
                null, "end_turn", u, 1, 2, session, "test", null);
    }

    @Test
    void removedTokensArePricedLikeThePromptTheyLeftCacheReadsAtTheReadRate() {
        var u = new Usage(0, 100, 9_000, 1_000, 0);
        Bill b = meter.bill(record("anthropic", "claude-opus-5-5", "claude-opus-5-5", u, null, PEAK).withCompression(1_000, 0));
        double cost = (100 * 20 + 9_000 * 0.2 + 1_000 * 5) / 1e6;
        double perToken = (9_000 * 0.2 + 1_000 * 5) / 10_000.0 / 1e6;
        assertThat(b.costUsd()).isCloseTo(cost, within(1e-12));
        assertThat(b.compressionSavingsUsd()).isCloseTo(1_000 * perToken, within(1e-12));
        assertThat(b.baselineUsd()).isCloseTo(cost + 1_000 * perToken, within(1e-12));
        assertThat(b.routingSavingsUsd()).isCloseTo(0, within(1e-12));
    }

    @Test
    void theSavingsSplitAlwaysAddsUpToBaselineMinusCost() {
        meter.bill(record("anthropic", "claude-opus-5-5", "claude-opus-5-5", new Usage(10, 10, 0, 20_000, 0), "s", PEAK));
        Bill b = meter.bill(record("deepseek", "claude-opus-5-5", "deepseek-flash", new Usage(2_000, 300, 20_000, 0, 0), "s",
                PEAK.plusSeconds(30)).withCompression(5_000, 0));
        assertThat(b.routingSavingsUsd() + b.compressionSavingsUsd()).isCloseTo(b.baselineUsd() - b.costUsd(), within(1e-15));
        // DeepSeek at peak; the baseline reads the previous 20,010-token prompt from Claude's cache and writes the rest.
        assertThat(b.costUsd()).isCloseTo((2_000 * 0.30 + 300 * 1.20 + 20_000 * 0.006) / 1e6, within(1e-15));
        double claude = (20_010 * 0.2 + (22_000 - 20_010) * 5 + 300 * 20) / 1e6;
        double blended = (20_010 * 0.2 + 1_990 * 5) / 22_000.0;
        assertThat(b.baselineUsd()).isCloseTo(claude + 5_000 * blended / 1e6, within(1e-15));
    }

    @Test
    void aClaudeModelMissingFromThePriceTableIsFlaggedNotGuessed() {
        Bill b = meter.bill(record("anthropic", "claude-3-7-sonnet-20250219", "claude-3-7-sonnet-20250219", new Usage(10, 10, 0, 0, 0), null, PEAK));
        assertThat(b.priced()).isFalse();
        assertThat(b.costUsd()).isZero();
    }

    @Test
    void aTurnThatReachedNoProviderCostsNothing() {
        assertThat(meter.bill(record(null, "claude-opus-5-5", null, Usage.ZERO, null, PEAK))).isEqualTo(Bill.NOTHING);
    }
}
