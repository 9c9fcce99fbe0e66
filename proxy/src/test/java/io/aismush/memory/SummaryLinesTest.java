package io.aismush.memory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a summary's answer: {@code kind: text} lines survive bullets and junk; chatter and extras do not. */
class SummaryLinesTest {

    @Test
    void kindLinesAreReadThroughBulletsNumbersAndBoldAndJunkLinesAreSkipped() {
        String answer = """
                Here are the memories:
                - decision: Discount codes live in their own table instead of a column on orders.
                2. **fix**: The checkout timeout was caused by a Thread.sleep left in CheckoutService.
                * Preference — "The user wants pnpm, never npm, in this repository."
                convention: Tests are named as rules, like cacheStablePrefixSurvivesTenTurns.
                opinion: This one has a kind nobody knows about.
                fact: Let me check the database schema next time.
                """;
        assertThat(SummaryLines.parse(answer)).extracting(Candidate::kind, Candidate::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.DECISION, "Discount codes live in their own table instead of a column on orders."),
                org.assertj.core.groups.Tuple.tuple(Kind.FIX, "The checkout timeout was caused by a Thread.sleep left in CheckoutService."),
                org.assertj.core.groups.Tuple.tuple(Kind.PREFERENCE, "The user wants pnpm, never npm, in this repository."),
                org.assertj.core.groups.Tuple.tuple(Kind.CONVENTION, "Tests are named as rules, like cacheStablePrefixSurvivesTenTurns."));
    }

    @Test
    void atMostEightAreKeptAndNearDuplicatesCountOnce() {
        var sb = new StringBuilder("fact: The API runs on port 8080 behind the gateway.\nfact: the API runs on port 8080, behind the gateway\n");
        for (int i = 0; i < 12; i++) sb.append("fact: The service number ").append(i).append(" depends on the shared queue.\n");
        var found = SummaryLines.parse(sb.toString());
        assertThat(found).hasSize(SummaryLines.MAX);
        assertThat(found.getFirst().text()).isEqualTo("The API runs on port 8080 behind the gateway.");
        assertThat(found.get(1).text()).contains("number 0");
    }

    @Test
    void anAnswerWithoutKindLinesGivesNothing() {
        assertThat(SummaryLines.parse("Sure! The session went well.\nNothing much to add here, really.")).isEmpty();
        assertThat(SummaryLines.parse("")).isEmpty();
    }
}
