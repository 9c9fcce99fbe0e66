package io.aismush.app;

import io.aismush.pipeline.Reduction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLogTest {
    @Test
    void theRequestLineSaysWhatEachKindOfReductionRemoved() {
        assertThat(RequestLog.reductions(List.of())).isEmpty();
        assertThat(RequestLog.reductions(List.of(new Reduction("test-log", 2, 48_000, 9_000, 12_000, 2_300),
                new Reduction("reread", 1, 4_000, 90, 1_100, 25))))
                .isEqualTo(" reduced=test-log:2(48000→9000 bytes,12000→2300 tokens),reread:1(4000→90 bytes,1100→25 tokens)");
    }
}
