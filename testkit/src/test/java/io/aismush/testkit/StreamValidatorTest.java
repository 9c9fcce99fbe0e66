package io.aismush.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stream grammar: what the fakes send passes, and each way of breaking it is named. */
class StreamValidatorTest {
    private static final AnthropicSse.Tokens TOKENS = AnthropicSse.Tokens.SMALL;

    @Test
    void streamsTheFakesSendAreWellFormed() {
        assertThat(StreamValidator.validate(String.join("", AnthropicSse.textTurn("claude-opus-5-5", "Hello there, how are you?", TOKENS)))).isEmpty();
        assertThat(StreamValidator.validate(String.join("", AnthropicSse.toolUseTurn("claude-opus-5-5", "Reading.", "toolu_01a", "Read",
                "{\"file_path\":\"/a\"}", TOKENS)))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain-text", "tool-call-fragmented-args", "parallel-tool-calls", "index-reuse", "reasoning-then-text",
            "usage-only-final-chunk", "length-finish"})
    void theExpectedTranslationsOfTheOpenAiFixturesAreWellFormed(String fixture) {
        assertThat(StreamValidator.validate(OpenAiSse.fixtureText(fixture + ".expected.sse"))).isEmpty();
    }

    @Test
    void aStreamCutShortIsNotComplete() {
        List<String> events = AnthropicSse.textTurn("claude-opus-5-5", "Hello", TOKENS);
        assertThat(StreamValidator.validate(String.join("", events.subList(0, events.size() - 1))))
                .anySatisfy(v -> assertThat(v).contains("must end with message_stop"));
    }

    @Test
    void deltasMustMatchTheOpenBlockAndBlocksMustNest() {
        var events = new ArrayList<>(AnthropicSse.toolUseTurn("claude-opus-5-5", "Reading.", "toolu_01a", "Read", "{}", TOKENS));
        events.remove(3); // the text block's stop: the tool_use block opens while it is still open
        assertThat(StreamValidator.validate(String.join("", events))).anySatisfy(v -> assertThat(v).contains("still open"));

        String wrongDelta = String.join("", AnthropicSse.textTurn("m", "Hi", TOKENS)).replace("\"text_delta\",\"text\"", "\"input_json_delta\",\"partial_json\"");
        assertThat(StreamValidator.validate(wrongDelta)).anySatisfy(v -> assertThat(v).contains("a input_json_delta in a text block"));
    }

    @Test
    void indexesCountUpFromZeroAndToolUseIdsAreUnique() {
        String skipped = String.join("", AnthropicSse.textTurn("m", "Hi", TOKENS)).replace("\"index\":0", "\"index\":1");
        assertThat(StreamValidator.validate(skipped)).anySatisfy(v -> assertThat(v).contains("index must be 0"));

        var twice = new ArrayList<>(AnthropicSse.toolUseTurn("m", null, "toolu_01a", "Read", "{}", TOKENS));
        List<String> block = twice.subList(1, 4); // start, one delta, stop of block 0
        var again = block.stream().map(e -> e.replace("\"index\":0", "\"index\":1")).toList();
        twice.addAll(4, again);
        assertThat(StreamValidator.validate(String.join("", twice))).anySatisfy(v -> assertThat(v).contains("used twice"));
    }

    @Test
    void everyDataLineMustBeJsonOfTheEventsType() {
        String broken = String.join("", AnthropicSse.textTurn("m", "Hi", TOKENS)).replace("\"type\":\"ping\"}", "\"type\":\"ping\"");
        assertThat(StreamValidator.validate(broken)).anySatisfy(v -> assertThat(v).contains("not valid JSON"));
        String renamed = String.join("", AnthropicSse.textTurn("m", "Hi", TOKENS)).replace("event: ping", "event: message_stop");
        assertThat(StreamValidator.validate(renamed)).anySatisfy(v -> assertThat(v).contains("is not the event's name"));
    }

    @Test
    void nothingButMessageStopFollowsMessageDelta() {
        var events = new ArrayList<>(AnthropicSse.textTurn("m", "Hi", TOKENS));
        events.add(events.size() - 1, events.get(1)); // a block start between message_delta and message_stop
        assertThat(StreamValidator.validate(String.join("", events))).anySatisfy(v -> assertThat(v).contains("after message_delta"));
    }
}
