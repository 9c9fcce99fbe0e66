package io.aismush.compress;

import io.aismush.context.TokenEstimator;
import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testing.Session;
import io.aismush.wire.Json;
import io.aismush.wire.Outline;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The compress stage's rules on whole requests. */
class CompressStageTest {
    private final CompressStage stage = new CompressStage(new Compressor(false), TokenEstimator.standard());

    private static String longLog() {
        return Corpus.outputs().stream().filter(o -> o.name().equals("maven-test-failing")).findFirst().orElseThrow().text();
    }

    @Test
    void aRequestWithNothingToCompressKeepsItsOwnBytes() {
        byte[] body = ClaudeCodeRequests.streamed(200_000);
        assertThat(stage.rewrite(body).body()).isSameAs(body);
    }

    @Test
    void onlyToolResultTextChangesEveryOtherByteStays() {
        byte[] body = new Session("Run the tests").bash("mvn test", longLog()).body();
        byte[] out = stage.rewrite(body).body();
        assertThat(out.length).isLessThan(body.length);
        var a = Json.MAPPER.readTree(body);
        var b = Json.MAPPER.readTree(out);
        ((tools.jackson.databind.node.ObjectNode) a.path("messages").get(3).path("content").get(0)).remove("content");
        ((tools.jackson.databind.node.ObjectNode) b.path("messages").get(3).path("content").get(0)).remove("content");
        assertThat(b).isEqualTo(a);
        String s = new String(out, StandardCharsets.UTF_8);
        assertThat(s).contains("\"cache_control\":{\"type\":\"ephemeral\"}");
    }

    @Test
    void theRewrittenBodysOutlineIsMovedToWhereItsBytesPutIt() {
        String file = "public class A {\n" + "    int x; // a field\n".repeat(80) + "}\n";
        byte[] body = new Session("Run the tests").bash("mvn test", longLog()).read("/p/A.java", file).bash("ls", "A.java\n")
                .read("/p/A.java", file).bash("mvn test", longLog()).body();
        for (int turn = 0; turn < 2; turn++) { // the second time from the recent rewrite of the same bytes
            CompressStage.Rewrite rewrite = stage.rewrite(body);
            assertThat(rewrite.splices()).hasSizeGreaterThanOrEqualTo(3); // two logs and a re-read
            Outline moved = Outline.of(body).spliced(rewrite.body(), rewrite.splices());
            Outline fresh = Outline.of(rewrite.body());
            assertThat(moved).isNotNull();
            assertThat(moved.rootEnd()).isEqualTo(fresh.rootEnd());
            assertThat(moved.members()).isEqualTo(fresh.members());
            assertThat(moved.messageCount()).isEqualTo(fresh.messageCount());
            for (int m = 0; m < fresh.messageCount(); m++) assertThat(moved.message(m)).isEqualTo(fresh.message(m));
            assertThat(moved.partCount()).isEqualTo(fresh.partCount());
            for (int p = 0; p < fresh.partCount(); p++) {
                assertThat(List.of(moved.part(p), String.valueOf(moved.type(p)), String.valueOf(moved.text(p)), String.valueOf(moved.id(p))))
                        .isEqualTo(List.of(fresh.part(p), String.valueOf(fresh.type(p)), String.valueOf(fresh.text(p)), String.valueOf(fresh.id(p))));
            }
        }
    }

    @Test
    void theSameResultCompressesToTheSameBytesEveryTurnAndIsMemoised() {
        var session = new Session("Run the tests").bash("mvn test", longLog());
        byte[] first = stage.rewrite(session.body()).body();
        byte[] again = stage.rewrite(session.body()).body();
        assertThat(again).isEqualTo(first);
        byte[] fresh = new CompressStage(new Compressor(false), TokenEstimator.standard()).rewrite(session.body()).body();
        assertThat(fresh).isEqualTo(first);
        // another conversation, differing from its first message, meets the same result: it comes from the memo
        long hits = stage.memoHits();
        byte[] other = stage.rewrite(new Session("Run them again").bash("mvn test", longLog()).body()).body();
        assertThat(stage.memoHits()).isGreaterThan(hits);
        assertThat(resultText(other, 3)).isEqualTo(resultText(first, 3));
    }

    @Test
    void anIdenticalReReadBecomesAMarkerNamingTheEarlierUnmodifiedRead() {
        String file = "public class A {\n" + "    int x; // a field\n".repeat(80) + "}\n";
        byte[] body = new Session("Look").read("/p/A.java", file).bash("ls", "A.java\n").read("/p/A.java", file).body();
        var messages = Json.MAPPER.readTree(stage.rewrite(body).body()).path("messages");
        String firstRead = messages.get(3).path("content").get(0).path("content").asString();
        String reRead = messages.get(7).path("content").get(0).path("content").asString();
        assertThat(firstRead).isEqualTo(Session.readView(file));
        assertThat(reRead).startsWith(Marker.PREFIX).contains("toolu_01000000000000000000").contains("/p/A.java");
    }

    @Test
    void aReReadWhoseEarlierReadWasAlteredIsKeptWhole() {
        String file = "public class A {\n" + "    int x; // a field\n".repeat(80) + "}\n";
        var stripping = new CompressStage(new Compressor(true), TokenEstimator.standard());
        byte[] body = new Session("Look").read("/p/A.java", file).read("/p/A.java", file).body();
        var messages = Json.MAPPER.readTree(stripping.rewrite(body).body()).path("messages");
        assertThat(messages.get(5).path("content").get(0).path("content").asString()).startsWith(Marker.commentsStripped());
    }

    @Test
    void compressionIsCountedPerKind() {
        byte[] body = new Session("Run").bash("mvn test", longLog()).body();
        var reductions = stage.rewrite(body).reductions();
        assertThat(reductions).containsKey(Kind.TEST_LOG);
        var r = reductions.get(Kind.TEST_LOG);
        assertThat(r.tokensAfter()).isLessThan(r.tokensBefore() / 2);
        assertThat(r.bytesAfter()).isLessThan(r.bytesBefore() / 2);
    }

    @Test
    void oversizedOutputIsCutOnCodePointBoundariesWithAMarker() {
        String line = "😀 emoji line with text that goes on and on and on ".repeat(400); // one 20 K line, no breaks
        String cut = Truncation.cut(line);
        assertThat(cut).contains("characters (0 lines) omitted");
        assertThat(cut.codePoints().allMatch(Character::isValidCodePoint)).isTrue();
        for (int i = 0; i < cut.length(); i++) {
            if (Character.isHighSurrogate(cut.charAt(i))) assertThat(Character.isLowSurrogate(cut.charAt(i + 1))).isTrue();
            if (Character.isLowSurrogate(cut.charAt(i))) assertThat(Character.isHighSurrogate(cut.charAt(i - 1))).isTrue();
        }
    }

    @Test
    void fileReadingCommandsAreNeverCondensed() {
        String log = longLog();
        for (String command : new String[] {"cat build.log", "sed -n 1,400p build.log", "tail -n 500 build.log", "git show HEAD:Build.java", "head -300 x && mvn test"}) {
            assertThat(Compressor.bash(command, log).text()).as(command).isNull();
        }
        assertThat(Compressor.bash("mvn test 2>&1 | tail -400", log).text()).as("tail of a pipe reads no file").isNotNull();
    }

    private static String resultText(byte[] body, int message) {
        return Json.MAPPER.readTree(body).path("messages").get(message).path("content").get(0).path("content").asString();
    }
}
