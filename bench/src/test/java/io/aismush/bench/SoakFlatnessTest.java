package io.aismush.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SoakFlatnessTest {
    /** One sample every 10 s for {@code seconds}; RSS in MB from {@code mbAt}. */
    private static List<SoakBench.Sample> samples(int seconds, java.util.function.IntToDoubleFunction mbAt) {
        var out = new ArrayList<SoakBench.Sample>();
        for (int t = 0; t <= seconds; t += 10) out.add(new SoakBench.Sample(t, (long) (mbAt.applyAsDouble(t) * 1024), 1000));
        return out;
    }

    @Test
    void memoryThatClimbsDuringWarmUpThenHoldsIsFlat() {
        var s = samples(600, t -> t < 60 ? 100 + 5 * t : 400 + (t / 10 % 2) * 3); // a climb, then ±3 MB of GC noise
        var verdict = SoakBench.flatness(s, 600);
        assertThat(verdict.pass()).as(verdict.verdict()).isTrue();
    }

    @Test
    void memoryGrowingThroughTheRunIsNotFlat() {
        var s = samples(600, t -> 300 + 0.2 * t); // +12 MB a minute: a leak
        var verdict = SoakBench.flatness(s, 600);
        assertThat(verdict.pass()).isFalse();
        assertThat(verdict.verdict()).contains("FAIL").contains("+12.00 MB/min");
    }

    @Test
    void tooFewSamplesAfterWarmUpFailRatherThanPass() {
        var verdict = SoakBench.flatness(samples(30, t -> 300), 30);
        assertThat(verdict.pass()).isFalse();
        assertThat(verdict.verdict()).contains("run longer");
    }
}
