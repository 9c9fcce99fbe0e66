package io.aismush.memory;

import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testkit.ClaudeCodeShape;
import io.aismush.wire.Json;
import io.aismush.wire.Outline;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OpeningTest {
    private static byte[] json(String s) {
        return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readingOnlyWhatTheOutlinePointsAtGivesWhatReadingTheWholeBodyGives() {
        var shape = ClaudeCodeShape.request("claude-opus-5-5", "s-1");
        shape.withArray("messages").addObject().put("role", "user").putArray("content").addObject().put("type", "text")
                .put("text", "Keep prices as integer cents.");
        List<byte[]> bodies = List.of(
                Json.MAPPER.writeValueAsBytes(shape),
                ClaudeCodeRequests.streamed(200_000), // a session under way: the assistant has spoken
                json("{'model':'m','messages':[{'role':'user','content':'Working directory: /home/dev/cli\\\\nAdd a flag.'}]}"),
                json("{'model':'m','messages':[{'role':'assistant','content':'Working directory: /srv/odd'},{'role':'user','content':'hi'}]}"),
                json("{'model':'m','system':'Primary working directory: /home/dev/api','messages':[{'role':'user','content':"
                        + "[{'type':'text','text':'<system-reminder>x</system-reminder>'},{'type':'text','text':'Fix the test.'}]}]}"),
                json("{'model':'m','messages':[]}"));
        for (byte[] body : bodies) {
            assertThat(Opening.of(body, Outline.of(body))).isEqualTo(Opening.of(body));
        }
        Opening started = Opening.of(bodies.get(4), Outline.of(bodies.get(4)));
        assertThat(started.project()).isEqualTo("/home/dev/api");
        assertThat(started.firstHumanText()).isEqualTo("Fix the test.");
        assertThat(started.atStart()).isTrue();
        assertThat(Opening.of(bodies.get(1), Outline.of(bodies.get(1))).atStart()).isFalse();
    }
}
