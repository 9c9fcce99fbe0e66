package io.aismush.wire;

import io.aismush.testkit.ClaudeCodeRequests;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A conversation's next turn, checked from the first message it changes: the same verdict and outline as from its start. */
class OutlineResumeTest {
    private static final String NEW_MESSAGES = ",{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_next\","
            + "\"name\":\"Read\",\"input\":{\"file_path\":\"/src/Cart.java\"}}]},{\"role\":\"user\",\"content\":[{\"type\":"
            + "\"tool_result\",\"tool_use_id\":\"toolu_next\",\"content\":\"class Cart {\\n  long cents;\\n}\\n\"}]}";

    /** The next turn as Claude Code sends it: the same bytes with messages added at the end of the array. */
    private static byte[] nextTurn(byte[] turn) {
        Outline o = Outline.strict(turn);
        int close = o.member("messages").value().end() - 1; // the array's ']'
        var out = new ByteArrayOutputStream();
        out.write(turn, 0, close);
        out.writeBytes(NEW_MESSAGES.getBytes(StandardCharsets.UTF_8));
        out.write(turn, close, turn.length - close);
        return out.toByteArray();
    }

    /** The body with one letter of its first message's first text changed: another conversation's opening. */
    private static byte[] otherConversation(byte[] body, char letter) {
        byte[] other = body.clone();
        JsonCursor.Span text = Outline.strict(other).text(0);
        other[text.start() + 1] = (byte) letter;
        return other;
    }

    @Test
    void theNextTurnIsCheckedFromItsNewMessagesAndOutlinedAsAFreshCheckWould() {
        byte[] turn = ClaudeCodeRequests.streamed(60_000);
        Outline earlier = Outline.strict(turn);
        byte[] next = nextTurn(turn);
        assertThat(earlier.sharedMessages(next)).as("every message of the earlier turn is reused").isEqualTo(earlier.messageCount());
        Outline resumed = Outline.strict(next, earlier);
        assertThat(resumed).isNotNull();
        assertThat(OutlineTest.describe(resumed)).isEqualTo(OutlineTest.describe(Outline.strict(next)));
        assertThat(resumed.messageCount()).isEqualTo(earlier.messageCount() + 2);
        assertThat(resumed.bytes()).isSameAs(next);
    }

    @Test
    void theSameBodyAgainIsCheckedAfterItsMessages() {
        byte[] turn = ClaudeCodeRequests.streamed(20_000);
        Outline earlier = Outline.strict(turn);
        byte[] again = turn.clone();
        assertThat(earlier.sharedMessages(again)).isEqualTo(earlier.messageCount());
        assertThat(OutlineTest.describe(Outline.strict(again, earlier))).isEqualTo(OutlineTest.describe(Outline.strict(again)));
    }

    @Test
    void aBodyBrokenAnywhereGetsTheVerdictAndOutlineOfACheckFromItsStart() {
        byte[] turn = ClaudeCodeRequests.plain(3_000);
        Outline earlier = Outline.strict(turn);
        byte[] next = nextTurn(turn);
        byte[] alphabet = "{}[]\",:\\ \n\t0-1.eE+tfnu\u0001x\u0080\u00bf\u00c3\u00e2\u00ed\u00f0\u00f4\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        JsonCursor.Span messages = earlier.member("messages").value();
        var random = new Random(1849);
        int resumed = 0, refused = 0;
        for (int n = 0; n < 20_000; n++) {
            byte[] body = next.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                int at = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(body.length); // anywhere
                    case 1 -> messages.start() + random.nextInt(messages.length()); // in the shared messages
                    case 2 -> earlier.message(random.nextInt(earlier.messageCount())).end() - 2 + random.nextInt(4); // at their ends
                    default -> messages.end() - 1 + random.nextInt(body.length - messages.end() + 1); // the new messages and after
                };
                body[at] = alphabet[random.nextInt(alphabet.length)];
            }
            if (earlier.sharedMessages(body) > 0) resumed++;
            Outline fresh = Outline.strict(body);
            if (fresh == null) refused++;
            assertThat(OutlineTest.describe(Outline.strict(body, earlier))).as("mutation %d", n).isEqualTo(OutlineTest.describe(fresh));
        }
        assertThat(resumed).as("many bodies build on the earlier turn").isGreaterThan(5_000);
        assertThat(refused).as("most changes break the JSON").isGreaterThan(10_000);
    }

    @Test
    void anotherConversationIsCheckedFromItsStart() {
        Outline earlier = Outline.strict(ClaudeCodeRequests.streamed(20_000));
        byte[] other = otherConversation(ClaudeCodeRequests.streamed(20_000), 'Q');
        assertThat(Outline.strict(other)).isNotNull();
        assertThat(earlier.opensLike(other)).isFalse();
        assertThat(earlier.sharedMessages(other)).isZero();
        assertThat(OutlineTest.describe(Outline.strict(other, earlier))).isEqualTo(OutlineTest.describe(Outline.strict(other)));
    }

    @Test
    void onlyAnOutlineTheStrictCheckMadeIsBuiltOn() {
        byte[] turn = ClaudeCodeRequests.streamed(20_000);
        Outline lenient = Outline.of(turn); // as made from a body only a parser accepted
        assertThat(lenient.opensLike(turn)).isFalse();
        byte[] next = nextTurn(turn);
        assertThat(OutlineTest.describe(Outline.strict(next, lenient))).isEqualTo(OutlineTest.describe(Outline.strict(next)));
        Outline spliced = Outline.strict(turn).spliced(turn.clone(), List.of(new Outline.Splice(0, 0, 0)));
        assertThat(spliced.opensLike(turn)).as("a spliced outline's bytes were not checked").isFalse();
    }

    @Test
    void aRefusedNextTurnIsRefusedWithTheSameMessage() {
        var recent = new RecentOutlines(8, 1 << 20);
        byte[] turn = ClaudeCodeRequests.streamed(20_000);
        RequestSummary.read(turn, recent);
        byte[] next = nextTurn(turn);
        int at = next.length - 40;
        next[at] = (byte) 0xC3; // a lone lead byte near the end: not UTF-8
        String expected = null;
        try {
            RequestSummary.read(next);
        } catch (ApiError.Failure e) {
            expected = e.getMessage();
        }
        assertThat(expected).isNotNull();
        assertThatThrownBy(() -> RequestSummary.read(next, recent)).isInstanceOf(ApiError.Failure.class).hasMessage(expected);
    }

    @Test
    void recentOutlinesKeepEachConversationsNewestTurnWithinTheirBounds() {
        var recent = new RecentOutlines(2, 200_000);
        byte[] turn = ClaudeCodeRequests.streamed(20_000);
        RequestSummary.Read first = RequestSummary.read(turn, recent);
        assertThat(recent.of(turn)).isSameAs(first.outline());
        byte[] next = nextTurn(turn);
        RequestSummary.Read second = RequestSummary.read(next, recent);
        assertThat(recent.size()).as("the newer turn replaces the older").isEqualTo(1);
        assertThat(recent.of(nextTurn(next))).isSameAs(second.outline());

        byte[] other = otherConversation(ClaudeCodeRequests.streamed(30_000), 'Q');
        byte[] third = otherConversation(ClaudeCodeRequests.streamed(40_000), 'R');
        RequestSummary.read(other, recent);
        RequestSummary.read(third, recent);
        assertThat(recent.size()).as("at most two").isEqualTo(2);
        assertThat(recent.of(next)).as("the oldest conversation went first").isNull();

        var small = new RecentOutlines(8, 50_000);
        RequestSummary.read(ClaudeCodeRequests.streamed(30_000), small);
        RequestSummary.read(other, small);
        assertThat(small.size()).as("within 50 000 bytes").isEqualTo(1);
        RequestSummary.read(ClaudeCodeRequests.streamed(60_000), small);
        assertThat(small.of(other)).as("a body over the bound is not kept, the others stay").isNotNull();
    }
}
