package io.aismush.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A request recorded from the real Claude Code CLI (2.1.330, second step of a Read/Edit loop; paths neutralised). */
class ClaudeCodeFixtureTest {

    static byte[] secondRequest() throws IOException {
        try (InputStream in = ClaudeCodeFixtureTest.class.getResourceAsStream("/fixtures/claude-code/second-request.json")) {
            assertThat(in).as("fixture").isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void aRecordedClaudeCodeRequestIsValidForAnthropic() throws IOException {
        assertThat(MessagesValidator.validate(Flavour.ANTHROPIC, secondRequest())).isEmpty();
    }

    @Test
    void theSameRequestSentUnchangedToDeepseekIsRejectedForItsSystemMessage() throws IOException {
        assertThat(MessagesValidator.validate(Flavour.DEEPSEEK, secondRequest()))
                .containsExactly("messages.1.role: Input should be 'user' or 'assistant'");
    }
}
