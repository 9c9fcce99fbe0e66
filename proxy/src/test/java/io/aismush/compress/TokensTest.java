package io.aismush.compress;

import io.aismush.context.TokenEstimator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class TokensTest {
    private static final TokenEstimator ESTIMATOR = TokenEstimator.standard();

    @Test
    void countsMadeWhenAskedForAreTheEstimatorsAndKeepNoPartOfTheBody() {
        byte[] body = ("{\"text\":\"" + "[INFO] Running io.example.CartTest\\n".repeat(2_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] after = "[INFO] Running io.example.CartTest (2000 times)".getBytes(StandardCharsets.UTF_8);
        int from = 9;
        int to = body.length - 2;
        long before = ESTIMATOR.estimateSampled(body, from, to);

        Tokens t = Tokens.of(ESTIMATOR, body, from, to, true, after);
        Arrays.fill(body, (byte) 'x'); // the body may be reused or released once sent: the counts do not read it
        assertThat(t.held()).isEqualTo(to - from);
        assertThat(t.before()).isEqualTo(before);
        assertThat(t.after()).isEqualTo(ESTIMATOR.estimate(after, 0, after.length));
        assertThat(t.held()).as("nothing held once made").isZero();
    }

    @Test
    void aShortTextIsCountedWholeNotFromSamples() {
        byte[] body = "{\"text\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        Tokens t = Tokens.of(ESTIMATOR, body, 9, 11, false, "k".getBytes(StandardCharsets.UTF_8));
        assertThat(t.before()).isEqualTo(ESTIMATOR.estimate(body, 9, 11));
        assertThat(Tokens.known(5, 2).before()).isEqualTo(5);
    }
}
