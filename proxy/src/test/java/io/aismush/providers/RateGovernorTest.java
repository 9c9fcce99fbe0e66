package io.aismush.providers;

import io.aismush.wire.Headers;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RateGovernorTest {
    private final Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final RateGovernor governor = new RateGovernor(Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(10));

    @Test
    void withoutRateLimitHeadersNothingWaits() {
        for (int i = 0; i < 100; i++) assertThat(governor.reserve()).isZero();
    }

    @Test
    void requestsBeyondWhatAnthropicSaysRemainWaitForTheReset() {
        governor.observe(Headers.of("anthropic-ratelimit-requests-remaining", "2", "anthropic-ratelimit-requests-reset", "2026-11-23T10:00:04Z"));
        assertThat(governor.reserve()).isZero();
        assertThat(governor.reserve()).isZero();
        assertThat(governor.reserve()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void exhaustedTokensPaceToo() {
        governor.observe(Headers.of("anthropic-ratelimit-tokens-remaining", "0", "anthropic-ratelimit-tokens-reset", "2026-11-23T10:00:02Z"));
        assertThat(governor.reserve()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void waitsAreCapped() {
        governor.observe(Headers.of("anthropic-ratelimit-requests-remaining", "0", "anthropic-ratelimit-requests-reset", "2026-11-23T10:05:00Z"));
        assertThat(governor.reserve()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aPastResetClearsTheLimit() {
        governor.observe(Headers.of("anthropic-ratelimit-requests-remaining", "0", "anthropic-ratelimit-requests-reset", "2026-11-23T09:59:00Z"));
        assertThat(governor.reserve()).isZero();
    }
}
