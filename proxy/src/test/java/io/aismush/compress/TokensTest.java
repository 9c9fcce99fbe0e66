package io.aismush.compress;

import io.aismush.context.TokenEstimator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TokensTest {
    private static final TokenEstimator ESTIMATOR = TokenEstimator.standard();

    @Test
    void countsAreTheEstimatorsWhetherMadeBesideTheRequestOrOnFirstRead() {
        byte[] body = ("{\"text\":\"" + "[INFO] Running io.example.CartTest\\n".repeat(2_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] after = "[INFO] Running io.example.CartTest (2000 times)".getBytes(StandardCharsets.UTF_8);
        int from = 9;
        int to = body.length - 2;
        long before = ESTIMATOR.estimateSampled(body, from, to);
        long afterCount = ESTIMATOR.estimate(after, 0, after.length);

        Tokens readFirst = Tokens.of(ESTIMATOR, body, from, to, true, after);
        assertThat(readFirst.before()).isEqualTo(before);
        assertThat(readFirst.after()).isEqualTo(afterCount);

        List<Tokens> beside = new ArrayList<>();
        for (int i = 0; i < 8; i++) beside.add(Tokens.of(ESTIMATOR, body, from, to, true, after)); // over the inline bound
        Tokens.makeLater(beside);
        for (Tokens t : beside) {
            assertThat(t.before()).isEqualTo(before);
            assertThat(t.after()).isEqualTo(afterCount);
        }
    }

    @Test
    void aShortTextIsCountedWholeNotFromSamples() {
        byte[] body = "{\"text\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        byte[] after = "k".getBytes(StandardCharsets.UTF_8);
        Tokens t = Tokens.of(ESTIMATOR, body, 9, 11, false, after);
        Tokens.makeLater(List.of(t)); // a few bytes: made at once
        assertThat(t.before()).isEqualTo(ESTIMATOR.estimate(body, 9, 11));
        assertThat(Tokens.known(5, 2).before()).isEqualTo(5);
    }
}
