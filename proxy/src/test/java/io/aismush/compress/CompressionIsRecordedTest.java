package io.aismush.compress;

import io.aismush.testing.TestProxy;
import io.aismush.testkit.Corpus;
import io.aismush.wire.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CompressionIsRecordedTest {
    @Test
    void tokensRemovedFromALongTestLogAreCountedByKindInTheRequestRecordAndTheBill() {
        var request = Json.MAPPER.createObjectNode().put("model", "claude-sonnet-4-5").put("max_tokens", 100).put("stream", true);
        var messages = request.putArray("messages");
        messages.addObject().put("role", "user").put("content", "Run the tests.");
        var call = messages.addObject().put("role", "assistant").putArray("content").addObject()
                .put("type", "tool_use").put("id", "toolu_1").put("name", "Bash");
        call.putObject("input").put("command", "mvn -q test");
        messages.addObject().put("role", "user").putArray("content").addObject().put("type", "tool_result")
                .put("tool_use_id", "toolu_1").put("is_error", true).put("content", Corpus.failingMaven().repeat(3));
        try (var proxy = TestProxy.start()) {
            assertThat(proxy.send(proxy.messages(Json.MAPPER.writeValueAsBytes(request)).build()).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.server.recentRecords().size() == 1);
            var record = proxy.server.recentRecords().getFirst();
            assertThat(record.compressionTokensSaved()).isPositive();
            assertThat(record.reductions()).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo("test-log");
                assertThat(r.count()).isEqualTo(1);
                assertThat(r.bytesAfter()).isPositive().isLessThan(r.bytesBefore());
                assertThat(r.tokensAfter()).isPositive().isLessThan(r.tokensBefore());
                assertThat(r.tokensSaved()).isEqualTo(record.compressionTokensSaved());
            });
            String sent = proxy.upstream.requests().getFirst().bodyText();
            assertThat(sent).contains("discountReducesTheTotal").contains("expected: <90> but was: <100>");
            assertThat(sent.length()).isLessThan(Json.MAPPER.writeValueAsString(request).length());
        }
    }
}
