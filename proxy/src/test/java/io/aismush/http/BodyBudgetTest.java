package io.aismush.http;

import io.aismush.wire.ApiError;
import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyBudgetTest {
    private static final long KIB = 1024;

    @Test
    void aBodyWaitsWhileOthersHoldTheBudgetAndGoesOnceOneIsSent() throws Exception {
        var budget = new BodyBudget(300 * KIB, Duration.ofSeconds(10));
        var first = budget.take(100 * KIB); // three copies: the whole budget
        var second = CompletableFuture.supplyAsync(() -> {
            try {
                return budget.take(100 * KIB);
            } catch (InterruptedIOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(second).isNotDone();
        first.close();
        second.get(5, TimeUnit.SECONDS).close();
        assertThat(budget.availableKib()).isEqualTo(300);
    }

    @Test
    void aWaitPastItsBoundIsAnOverloadedError() throws Exception {
        var budget = new BodyBudget(300 * KIB, Duration.ofMillis(100));
        try (var held = budget.take(100 * KIB)) {
            assertThatThrownBy(() -> budget.take(KIB)).isInstanceOfSatisfying(ApiError.Failure.class,
                    f -> assertThat(f.error().status()).isEqualTo(529));
        }
    }

    @Test
    void aClientThatLeavesWhileWaitingStopsWaiting() throws Exception {
        var budget = new BodyBudget(300 * KIB, Duration.ofSeconds(30));
        try (var held = budget.take(100 * KIB)) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> budget.take(KIB)).isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    @Test
    void aBodyLargerThanTheWholeBudgetStillGoesAlone() throws Exception {
        var budget = new BodyBudget(300 * KIB, Duration.ofMillis(100));
        try (var huge = budget.take(10_000 * KIB)) {
            assertThat(budget.availableKib()).isZero();
        }
        assertThat(budget.availableKib()).isEqualTo(300);
    }

    @Test
    void closingALeaseTwiceGivesItsShareBackOnce() throws Exception {
        var budget = new BodyBudget(300 * KIB, Duration.ofMillis(100));
        var lease = budget.take(10 * KIB);
        lease.close();
        lease.close();
        assertThat(budget.availableKib()).isEqualTo(300);
    }
}
