package io.aismush.compress;

import io.aismush.context.TokenEstimator;
import io.aismush.testing.Session;
import io.aismush.wire.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A request that begins as an earlier one did is rewritten from the last message boundary before the first differing
 * byte, and the result is always the bytes a rewrite from scratch gives: whatever changed, wherever it changed.
 */
class ResumedRewriteTest {
    private final CompressStage stage = stage();

    private static CompressStage stage() {
        return new CompressStage(new Compressor(false), TokenEstimator.standard());
    }

    /** What a stage that has seen nothing makes of the body; the reference every rewrite is held to. */
    private static CompressStage.Rewrite scratch(byte[] body) {
        return stage().rewrite(body);
    }

    private static void assertAsFromScratch(CompressStage.Rewrite rewrite, byte[] body) {
        CompressStage.Rewrite expected = scratch(body);
        assertThat(rewrite.body()).isEqualTo(expected.body());
        assertThat(rewrite.reductions()).isEqualTo(expected.reductions());
    }

    @Test
    void eachTurnWhoseCacheMarkerMovedIsRewrittenAsFromScratchWithoutTouchingTheHistoryAgain() {
        var session = new Session("Make the failing tests pass");
        var outputs = Corpus.outputs();
        for (int turn = 0; turn < 12; turn++) {
            Corpus.Output o = outputs.get(turn % outputs.size());
            session.bash(o.command(), o.text());
            byte[] body = session.body();
            long hits = stage.memoHits();
            assertAsFromScratch(stage.rewrite(body), body);
            // only the result whose message lost the cache marker is looked up again
            if (turn > 0) assertThat(stage.memoHits() - hits).as("turn %d: history results looked up again", turn).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void theSameBodyAgainGivesTheSameRewriteAndAnUnchangedBodyStaysTheCallersArray() {
        byte[] body = new Session("Run").bash("mvn test", log("maven-test-failing")).body();
        byte[] first = stage.rewrite(body).body();
        assertThat(stage.rewrite(body.clone()).body()).isEqualTo(first);
        byte[] plain = new Session("Look").bash("ls", "a\nb\n").body();
        stage.rewrite(plain);
        byte[] again = plain.clone();
        assertThat(stage.rewrite(again).body()).isSameAs(again);
    }

    @Test
    void aResultChangedInPlaceInTheMiddleOfTheHistoryIsCompressedAgain() {
        var session = new Session("Fix it").bash("mvn test", log("maven-test-failing")).bash("cargo test", log("cargo-test-failing"))
                .bash("npm install", log("npm-install"));
        byte[] body = session.body();
        stage.rewrite(body);
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf("test result:"); // in the cargo output, the second of three results
        byte[] changed = (text.substring(0, at) + "TEST RESULT:" + text.substring(at + 12)).getBytes(StandardCharsets.UTF_8);
        assertThat(changed).hasSameSizeAs(body);
        CompressStage.Rewrite rewrite = stage.rewrite(changed);
        assertAsFromScratch(rewrite, changed);
        assertThat(rewrite.body()).isNotEqualTo(stage.rewrite(body).body());
    }

    @Test
    void anotherConversationInBetweenIsNotTakenForThisOne() {
        var a = new Session("Make the tests pass");
        var b = new Session("Make the build pass");
        var outputs = Corpus.outputs();
        for (int turn = 0; turn < 6; turn++) {
            a.bash(outputs.get(turn).command(), outputs.get(turn).text());
            b.bash(outputs.get(turn + 6).command(), outputs.get(turn + 6).text());
            for (byte[] body : List.of(a.body(), b.body())) assertAsFromScratch(stage.rewrite(body), body);
        }
    }

    @Test
    void aBodyThatStopsShortOfAnEarlierOneIsRefusedAsItWouldBeFromScratch() {
        byte[] body = new Session("Run").bash("mvn test", log("maven-test-failing")).bash("go test ./...", log("go-test-failing")).body();
        stage.rewrite(body);
        for (int cut : new int[] {body.length - 1, body.length - 40, body.length / 2, 10}) {
            byte[] part = Arrays.copyOf(body, cut);
            assertThatThrownBy(() -> stage.rewrite(part)).as("cut at %d", cut).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> scratch(part)).isInstanceOf(IllegalArgumentException.class);
        }
        assertAsFromScratch(stage.rewrite(body), body);
    }

    @Test
    void resultsInAMessagesArrayAfterTheFirstAreFoundWhenOnlyTheRestOfTheBodyChanged() {
        String log = Json.MAPPER.writeValueAsString(log("maven-test-failing"));
        String messages = "[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Bash\",\"input\":{\"command\":\"mvn test\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":" + log + "}]}]";
        byte[] quiet = ("{\"messages\":" + messages + ",\"max_tokens\":5,\"stream\":true}").getBytes(StandardCharsets.UTF_8);
        byte[] noisy = ("{\"messages\":" + messages + ",\"messages\":" + messages + "}").getBytes(StandardCharsets.UTF_8);
        byte[] quietAgain = ("{\"messages\":" + messages + ",\"max_tokens\":6,\"stream\":true}").getBytes(StandardCharsets.UTF_8);
        for (byte[] body : List.of(quiet, noisy, quietAgain, noisy, quiet)) assertAsFromScratch(stage.rewrite(body), body);
        String out = new String(stage.rewrite(noisy).body(), StandardCharsets.UTF_8);
        assertThat(out.split("Maven output condensed", -1)).as("both copies condensed").hasSize(3);
    }

    @Test
    void theHistoryKeepsOnlyTheMostRecentRequestsWithinItsBounds() {
        var recent = new Recent(2, 1_000);
        Recent.Done a = done("{\"a\":1}"), b = done("{\"b\":2}"), c = done("{\"c\":3}");
        for (Recent.Done d : List.of(a, b, c)) recent.add(d, null);
        assertThat(recent.closest(a.body()).identical()).as("the oldest is gone").isFalse();
        assertThat(recent.closest(b.body()).identical()).isTrue();
        assertThat(recent.closest(c.body()).identical()).isTrue();
        var small = new Recent(10, 20);
        for (Recent.Done d : List.of(a, b, c)) small.add(d, null);
        assertThat(small.closest(a.body()).identical()).as("beyond 20 bytes held").isFalse();
        Recent.Done big = done("{\"big\":\"" + "x".repeat(30) + "\"}");
        small.add(big, null);
        assertThat(small.closest(big.body()).identical()).as("larger than the bound: not kept").isFalse();
        assertThat(small.closest(c.body()).identical()).isTrue();
    }

    private static Recent.Done done(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return new Recent.Done(body, body, ToolResults.full(body), List.of(), List.of());
    }

    @Test
    void anyEditToAnyEarlierBodyIsRewrittenAsFromScratch() throws Exception {
        var random = new Random(17);
        var outputs = Corpus.outputs();
        List<Path> sources;
        try (Stream<Path> s = Files.list(Corpus.dir("compress/sources"))) {
            sources = s.sorted().toList();
        }
        for (int round = 0; round < 8; round++) {
            var session = new Session("Round " + round);
            var bodies = new ArrayList<byte[]>();
            for (int turn = 0; turn < 10; turn++) {
                if (random.nextInt(3) == 0) {
                    Path f = sources.get(random.nextInt(sources.size()));
                    session.read(f.toString(), Files.readString(f));
                } else {
                    Corpus.Output o = outputs.get(random.nextInt(outputs.size()));
                    session.bash(o.command(), o.text());
                }
                bodies.add(session.body());
            }
            for (int k = 0; k < 40; k++) {
                byte[] body = edited(random, bodies.get(random.nextInt(bodies.size())));
                CompressStage.Rewrite rewrite;
                try {
                    rewrite = stage.rewrite(body);
                } catch (RuntimeException refused) { // an edit may break the JSON: then both refuse it alike
                    assertThatThrownBy(() -> scratch(body)).isInstanceOf(refused.getClass());
                    continue;
                }
                assertAsFromScratch(rewrite, body);
            }
        }
    }

    /** The body as it is, or with a letter changed, a space inserted, or its end cut, anywhere in it. */
    private static byte[] edited(Random random, byte[] body) {
        int at = random.nextInt(body.length);
        return switch (random.nextInt(4)) {
            case 0 -> body.clone();
            case 1 -> {
                byte[] b = body.clone();
                while (!(b[at] >= 'a' && b[at] <= 'y')) at = random.nextInt(b.length);
                b[at]++;
                yield b;
            }
            case 2 -> {
                byte[] b = new byte[body.length + 1];
                System.arraycopy(body, 0, b, 0, at);
                b[at] = ' ';
                System.arraycopy(body, at, b, at + 1, body.length - at);
                yield b;
            }
            default -> Arrays.copyOf(body, at);
        };
    }

    private static String log(String name) {
        return Corpus.outputs().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow().text();
    }
}
