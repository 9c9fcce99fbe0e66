package io.aismush.providers;

import io.aismush.wire.Headers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Each provider's health: a circuit breaker (Resilience4j: opens after repeated failures, then lets a few probes
 * through half-open), the {@code retry-after} it asked for, and its last error. Shown in {@code /health}.
 * Thread-safe.
 */
public final class Health {
    private record Cooldown(Instant until) {}

    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, Cooldown> cooldowns = new ConcurrentHashMap<>();
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();
    private final CircuitBreakerConfig config;
    private final Clock clock;

    public Health(Clock clock, Duration openFor) {
        this.clock = clock;
        this.config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(2)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
    }

    public static Health standard() {
        return new Health(Clock.systemUTC(), Duration.ofSeconds(30));
    }

    private CircuitBreaker breaker(String provider) {
        return breakers.computeIfAbsent(provider, name -> CircuitBreaker.of(name, config));
    }

    /** May a request go to this provider now? (Takes a half-open probe permit when the breaker is half open.) */
    public boolean available(String provider) {
        Cooldown c = cooldowns.get(provider);
        if (c != null && clock.instant().isBefore(c.until)) return false;
        return breaker(provider).tryAcquirePermission();
    }

    public void succeeded(String provider, Headers headers, long nanos) {
        breaker(provider).onSuccess(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records a failure; a {@code retry-after} (seconds) keeps the provider out of rotation until then. */
    public void failed(String provider, int status, Headers headers, long nanos) {
        breaker(provider).onError(nanos, TimeUnit.NANOSECONDS, new ProviderFailure(status));
        lastErrors.put(provider, clock.instant() + " status " + status);
        if (headers == null) return;
        headers.first("retry-after").ifPresent(v -> {
            try {
                long seconds = Math.min(300, Long.parseLong(v.trim()));
                if (seconds > 0) cooldowns.put(provider, new Cooldown(clock.instant().plusSeconds(seconds)));
            } catch (NumberFormatException e) {
                // an HTTP-date retry-after: the breaker alone decides
            }
        });
    }

    public String state(String provider) {
        return breaker(provider).getState().name().toLowerCase(Locale.ROOT);
    }

    /** Per provider: breaker state, failure rate, cooldown and last error, for /health. */
    public Map<String, Object> snapshot() {
        var out = new LinkedHashMap<String, Object>();
        breakers.forEach((name, b) -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("breaker", b.getState().name().toLowerCase(Locale.ROOT));
            m.put("failure_rate", Math.max(0, b.getMetrics().getFailureRate()));
            Cooldown c = cooldowns.get(name);
            if (c != null && clock.instant().isBefore(c.until)) m.put("retry_after_until", c.until.toString());
            if (lastErrors.containsKey(name)) m.put("last_error", lastErrors.get(name));
            out.put(name, m);
        });
        return out;
    }

    /** The breaker's record of one failed call (no stack trace: it is expected). */
    private static final class ProviderFailure extends RuntimeException {
        ProviderFailure(int status) {
            super("status " + status, null, false, false);
        }
    }
}
