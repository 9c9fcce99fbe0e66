package io.aismush.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.aismush.testkit.Flavour.ANTHROPIC;
import static io.aismush.testkit.Flavour.DEEPSEEK;
import static io.aismush.testkit.Requests.READ_ID;
import static io.aismush.testkit.Requests.assistant;
import static io.aismush.testkit.Requests.content;
import static io.aismush.testkit.Requests.messages;
import static io.aismush.testkit.Requests.obj;
import static io.aismush.testkit.Requests.text;
import static io.aismush.testkit.Requests.toolLoop;
import static io.aismush.testkit.Requests.user;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules every flavour shares. Each test shows one valid and one invalid request. */
class MessagesValidatorTest {

    private static List<String> anthropic(ObjectNode body) {
        return MessagesValidator.validate(ANTHROPIC, body);
    }

    @Test
    void aValidToolLoopIsAcceptedByEachFlavourWithItsOwnSignature() {
        assertThat(anthropic(toolLoop(ANTHROPIC))).isEmpty();
        assertThat(MessagesValidator.validate(DEEPSEEK, toolLoop(DEEPSEEK))).isEmpty();
    }

    @Test
    void bodyMustBeAJsonObject() {
        assertThat(MessagesValidator.validate(ANTHROPIC, "{not json".getBytes(StandardCharsets.UTF_8))).singleElement().asString()
                .startsWith("body: not valid JSON");
        assertThat(MessagesValidator.validate(ANTHROPIC, "[]".getBytes(StandardCharsets.UTF_8))).containsExactly("body: must be a JSON object");
    }

    @Test
    void modelMustBeAString() {
        var body = toolLoop(ANTHROPIC);
        body.put("model", 7);
        assertThat(anthropic(body)).containsExactly("model: Field required (a string)");
        body.remove("model");
        assertThat(anthropic(body)).containsExactly("model: Field required (a string)");
    }

    @Test
    void maxTokensMustBeAPositiveInteger() {
        var body = toolLoop(ANTHROPIC);
        for (var bad : List.of("0", "-1", "1.5", "\"100\"")) {
            body.set("max_tokens", Requests.json(bad));
            assertThat(anthropic(body)).as(bad).containsExactly("max_tokens: Field required (a positive integer)");
        }
        body.remove("max_tokens");
        assertThat(anthropic(body)).containsExactly("max_tokens: Field required (a positive integer)");
    }

    @Test
    void messagesMustBeANonEmptyArray() {
        var body = toolLoop(ANTHROPIC);
        body.putArray("messages");
        assertThat(anthropic(body)).containsExactly("messages: Field required (a non-empty array)");
    }

    @Test
    void rolesOtherThanUserAndAssistantAreRejected() {
        var body = toolLoop(ANTHROPIC);
        messages(body).add(obj("{'role': 'tool', 'content': 'x'}"));
        assertThat(anthropic(body)).anySatisfy(v -> assertThat(v).startsWith("messages.3.role: Input should be 'user' or 'assistant'"));
    }

    @Test
    void firstTurnMustBeUser() {
        var body = toolLoop(ANTHROPIC);
        messages(body).insert(0, obj("{'role': 'assistant', 'content': 'Hi'}"));
        messages(body).insert(1, obj("{'role': 'user', 'content': 'Hello'}"));
        assertThat(anthropic(body)).contains("messages.0: first message must use the \"user\" role");
    }

    @Test
    void consecutiveUserMessagesAreRejectedUnlessTheFlavourMergesThem() {
        var body = toolLoop(ANTHROPIC);
        messages(body).add(obj("{'role': 'user', 'content': 'and then?'}"));
        assertThat(anthropic(body)).containsExactly(
                "messages.3: roles must alternate between \"user\" and \"assistant\", but found multiple \"user\" roles in a row");
        assertThat(MessagesValidator.validate(ANTHROPIC.mergingConsecutiveTurns(), body)).isEmpty();
    }

    @Test
    void messageContentMustBeNonEmptyExceptForAFinalAssistantMessage() {
        var body = toolLoop(ANTHROPIC);
        ((ObjectNode) messages(body).get(0)).put("content", "");
        assertThat(anthropic(body)).containsExactly(
                "messages.0: all messages must have non-empty content except for the optional final assistant message");
        ((ObjectNode) messages(body).get(0)).putArray("content");
        assertThat(anthropic(body)).hasSize(1);
        ((ObjectNode) messages(body).get(0)).put("content", 5);
        assertThat(anthropic(body)).containsExactly("messages.0.content: must be a string or an array of content blocks");

        var prefill = toolLoop(ANTHROPIC);
        messages(prefill).add(obj("{'role': 'assistant', 'content': ''}"));
        assertThat(anthropic(prefill)).isEmpty();
    }

    @Test
    void emptyOrWhitespaceTextBlocksAreRejectedEverywhere() {
        var body = toolLoop(ANTHROPIC);
        content(body, 2).add(text("   \n"));
        ((ObjectNode) body.get("system").get(0)).put("text", "");
        ((ObjectNode) content(body, 2).get(0)).set("content", Requests.json("[{'type': 'text'}]"));
        assertThat(anthropic(body)).containsExactlyInAnyOrder(
                "system.0.text: text content blocks must contain non-whitespace text",
                "messages.2.content.0.content.0.text: Field required",
                "messages.2.content.1.text: text content blocks must contain non-whitespace text");
    }

    @Test
    void toolUseWithoutResultInNextMessageIsRejected() {
        var body = toolLoop(ANTHROPIC);
        messages(body).insert(2, obj("{'role': 'user', 'content': 'wait'}"));
        messages(body).insert(3, assistant(text("ok")));
        assertThat(anthropic(body)).anySatisfy(v -> assertThat(v).startsWith(
                "messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: " + READ_ID));
    }

    @Test
    void toolUseAtTheEndOfTheConversationIsRejected() {
        var body = toolLoop(ANTHROPIC);
        messages(body).remove(2);
        assertThat(anthropic(body)).singleElement().asString().contains("without `tool_result` blocks immediately after");
    }

    @Test
    void toolResultWithoutToolUseInPreviousMessageIsRejected() {
        var body = toolLoop(ANTHROPIC);
        messages(body).add(assistant(text("Read it.")));
        messages(body).add(user(obj("{'type': 'tool_result', 'tool_use_id': 'toolu_other', 'content': 'x'}")));
        assertThat(anthropic(body)).singleElement().asString()
                .startsWith("messages.4: unexpected `tool_use_id` found in `tool_result` blocks: toolu_other");
    }

    @Test
    void systemMessagesBetweenToolUseAndResultDoNotBreakThePair() {
        var body = toolLoop(ANTHROPIC);
        messages(body).insert(2, obj("{'role': 'system', 'content': 'environment'}"));
        assertThat(anthropic(body)).isEmpty();
    }

    @Test
    void toolResultsMustComeBeforeOtherBlocks() {
        var body = toolLoop(ANTHROPIC);
        content(body, 2).add(text("after is fine"));
        assertThat(anthropic(body)).isEmpty();
        content(body, 2).insert(0, text("before is not"));
        assertThat(anthropic(body)).containsExactly("messages.2: tool_result blocks must come first in the content, before any other block");
    }

    @Test
    void toolUseIdsMustMatchThePattern() {
        var body = toolLoop(ANTHROPIC);
        String bad = "call:0.read";
        ((ObjectNode) content(body, 1).get(1)).put("id", bad);
        ((ObjectNode) content(body, 2).get(0)).put("tool_use_id", bad);
        assertThat(anthropic(body)).containsExactlyInAnyOrder(
                "messages.1.content.1.id: String should match pattern '^[a-zA-Z0-9_-]+$'",
                "messages.2.content.0.tool_use_id: String should match pattern '^[a-zA-Z0-9_-]+$'");
    }

    @Test
    void toolUseIdsMustBeUniqueInTheRequest() {
        var body = toolLoop(ANTHROPIC);
        body.set("thinking", obj("{'type': 'disabled'}"));
        messages(body).add(assistant(obj("{'type': 'tool_use', 'id': '" + READ_ID + "', 'name': 'Read', 'input': {}}")));
        messages(body).add(user(obj("{'type': 'tool_result', 'tool_use_id': '" + READ_ID + "', 'content': 'again'}")));
        assertThat(anthropic(body)).containsExactly("messages.3: tool_use ids must be unique (" + READ_ID + ")");
    }

    @Test
    void toolUseBelongsToAssistantAndToolResultToUser() {
        var body = toolLoop(ANTHROPIC);
        content(body, 2).add(obj("{'type': 'tool_use', 'id': 'toolu_x', 'name': 'Read', 'input': {}}"));
        assertThat(anthropic(body)).contains("messages.2.content.1: a user message cannot contain 'tool_use' blocks");
    }

    @Test
    void atMostFourCacheControlMarkersAcrossToolsSystemAndMessages() {
        var body = toolLoop(ANTHROPIC);
        ((ObjectNode) body.get("tools").get(0)).set("cache_control", obj("{'type': 'ephemeral'}"));
        ((ObjectNode) content(body, 1).get(1)).set("cache_control", obj("{'type': 'ephemeral'}"));
        ((ObjectNode) content(body, 2).get(0)).set("cache_control", obj("{'type': 'ephemeral'}"));
        assertThat(anthropic(body)).as("system + tool + two message blocks = 4").isEmpty();
        ((ObjectNode) content(body, 2).get(0)).set("content", Requests.json("[{'type': 'text', 'text': 'x', 'cache_control': {'type': 'ephemeral'}}]"));
        assertThat(anthropic(body)).containsExactly("A maximum of 4 blocks with cache_control may be provided. Found 5.");
    }

    @Test
    void cacheControlOnThinkingBlocksIsRejected() {
        var body = toolLoop(ANTHROPIC);
        ((ObjectNode) content(body, 1).get(0)).set("cache_control", obj("{'type': 'ephemeral'}"));
        assertThat(anthropic(body)).containsExactly("messages.1.content.0.cache_control: cache_control cannot be set on thinking blocks");
    }

    @Test
    void thinkingBlocksCarryThinkingAndSignature() {
        var body = toolLoop(ANTHROPIC);
        ((ObjectNode) content(body, 1).get(0)).remove("signature");
        assertThat(anthropic(body)).containsExactly("messages.1.content.0.signature: Field required");
        ((ObjectNode) content(body, 1).get(0)).remove("thinking");
        assertThat(anthropic(body)).contains("messages.1.content.0.thinking: Field required");
    }

    @Test
    void omittedThinkingWithAnEmptyTextIsAcceptedWhenSigned() {
        var body = toolLoop(ANTHROPIC);
        content(body, 1).set(0, ThinkingSse.thinkingBlock(ANTHROPIC, ""));
        assertThat(anthropic(body)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Signer.class)
    void aThinkingBlockIsAcceptedOnlyByTheFlavourThatSignedIt(Signer signer) {
        var body = toolLoop(signer.flavour);
        for (Flavour checker : List.of(ANTHROPIC, DEEPSEEK)) {
            var violations = MessagesValidator.validate(checker, body);
            if (checker == signer.flavour) assertThat(violations).as(checker.name()).isEmpty();
            else assertThat(violations).as(checker.name()).containsExactly("messages.1.content.0: Invalid 'signature' in 'thinking' block");
        }
    }

    @Test
    void anthropicRejectsForeignThinkingSignature() {
        assertThat(anthropic(toolLoop(DEEPSEEK))).containsExactly("messages.1.content.0: Invalid 'signature' in 'thinking' block");
    }

    @Test
    void editedThinkingTextInvalidatesItsSignature() {
        var body = toolLoop(ANTHROPIC);
        ((ObjectNode) content(body, 1).get(0)).put("thinking", "I should read the file!");
        assertThat(anthropic(body)).containsExactly("messages.1.content.0: Invalid 'signature' in 'thinking' block");
    }

    enum Signer {
        ANTHROPIC_SIGNED(ANTHROPIC), DEEPSEEK_SIGNED(DEEPSEEK);
        final Flavour flavour;

        Signer(Flavour flavour) {
            this.flavour = flavour;
        }
    }
}
