package io.aismush.context;

import io.aismush.testing.Session;
import io.aismush.testkit.Flavour;
import io.aismush.testkit.MessagesValidator;
import io.aismush.wire.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The trimmer's rules: whole turns, pairs kept, roles alternating, first and latest turns intact, one note. */
class TrimmerTest {
    private final TokenEstimator tokens = TokenEstimator.standard();

    private static Session longSession(int steps) {
        var s = new Session("Make the tests pass");
        for (int i = 0; i < steps; i++) s.bash("./run-check " + i, ("check " + i + " output line with some words\n").repeat(60));
        return s;
    }

    private ObjectNode trimmed(Session s, long threshold, long target, Cut[] cut) {
        ObjectNode request = (ObjectNode) Json.MAPPER.readTree(s.body());
        cut[0] = new Trimmer().trim(request, cut[0], tokens, threshold, target);
        return request;
    }

    @Test
    void trimmedRequestsKeepEveryRuleTheStrictUpstreamsEnforce() {
        for (long target : List.of(20_000L, 8_000L, 3_000L, 500L)) {
            Cut[] cut = {Cut.NONE};
            ObjectNode request = trimmed(longSession(30), target, target, cut);
            assertThat(FitCheck.violations(request)).as("target %d", target).isEmpty();
            request.put("model", "deepseek-flash");
            var messages = (tools.jackson.databind.node.ArrayNode) request.path("messages");
            for (int i = messages.size() - 1; i >= 0; i--) if ("system".equals(messages.get(i).path("role").asString())) messages.remove(i);
            assertThat(MessagesValidator.validate(Flavour.DEEPSEEK, request)).as("target %d", target).isEmpty();
        }
    }

    @Test
    void theFirstUserTurnAndTheLatestTurnsStayIntactAndOneNoteSaysWhatWasElided() {
        Session s = longSession(30);
        JsonNode original = Json.MAPPER.readTree(s.body()).path("messages");
        Cut[] cut = {Cut.NONE};
        JsonNode messages = trimmed(s, 3_000, 3_000, cut).path("messages");
        assertThat(cut[0].dropped()).isPositive();
        assertThat(messages.get(0).path("content").get(0)).isEqualTo(original.get(0).path("content").get(0));
        assertThat(messages.get(1)).as("Claude Code's system message stays").isEqualTo(original.get(1));
        for (int k = 1; k <= Trimmer.KEEP_LATEST; k++) {
            assertThat(messages.get(messages.size() - k)).isEqualTo(original.get(original.size() - k));
        }
        long notes = messages.valueStream().flatMap(m -> m.path("content").valueStream())
                .filter(b -> b.path("text").asString("").contains("earlier messages of this conversation")).count();
        assertThat(notes).isEqualTo(1);
    }

    @Test
    void oldToolResultsAreElidedBeforeAnyTurnIsDropped() {
        Session s = longSession(30);
        long size = tokens.estimate(s.body());
        Cut[] cut = {Cut.NONE};
        JsonNode messages = trimmed(s, size - 1_000, size - 1_000, cut).path("messages");
        assertThat(cut[0].dropped()).isZero();
        assertThat(cut[0].elided()).isNotEmpty();
        assertThat(messages.size()).isEqualTo(Json.MAPPER.readTree(s.body()).path("messages").size());
        assertThat(messages.get(3).path("content").get(0).path("content").asString()).startsWith(Trimmer.ELIDED);
    }

    @Test
    void reApplyingACutGivesTheSameBytesAndNextTurnsExtendThatPrefix() {
        Session s = longSession(30);
        Cut[] cut = {Cut.NONE};
        ObjectNode first = trimmed(s, 5_000, 4_000, cut);
        Cut made = cut[0];
        byte[] again = Json.MAPPER.writeValueAsBytes(trimmed(s, 1_000_000, 1_000_000, cut));
        assertThat(again).isEqualTo(Json.MAPPER.writeValueAsBytes(first));
        assertThat(cut[0]).isEqualTo(made);
        s.bash("next", "small output");
        JsonNode next = trimmed(s, 1_000_000, 1_000_000, cut).path("messages");
        JsonNode before = first.path("messages");
        for (int i = 0; i < before.size() - 1; i++) assertThat(next.get(i)).isEqualTo(before.get(i));
    }

    @Test
    void aConversationThatIsNotTheOneCutStartsOver() {
        Cut[] cut = {new Cut(java.util.Set.of("toolu_unknown"), "assistant|toolu_gone|0", 12)};
        ObjectNode request = trimmed(longSession(4), 1_000_000, 1_000_000, cut);
        assertThat(cut[0]).isEqualTo(Cut.NONE);
        assertThat(request).isEqualTo(Json.MAPPER.readTree(longSession(4).body()));
    }

    @Test
    void theFitterTrimsCheapProvidersOncePerThresholdCrossingAndNeverClaude() {
        var fitter = new Fitter(new FitSettings(6_000, 64_000, 0.5), new Calibration());
        var s = new Session("Make the tests pass");
        var sizes = new ArrayList<Long>();
        int cuts = 0;
        byte[] previous = null;
        for (int step = 0; step < 40; step++) {
            s.bash("./check " + step, ("line of output " + step + "\n").repeat(40));
            var exchange = FitterExchanges.of(s.body(), "deepseek");
            byte[] sent = fitter.fit(exchange).exchange().body().bytes();
            assertThat(FitCheck.violations(Json.MAPPER.readTree(sent))).isEmpty();
            if (previous != null && !FitterExchanges.extendsPrefix(previous, sent)) {
                cuts++;
                assertThat(sizes.getLast() + 400).as("turn %d broke the prefix without crossing the threshold", step).isGreaterThan(6_000);
            }
            previous = sent;
            sizes.add(tokens.estimate(sent));
            var claude = FitterExchanges.of(s.body(), "anthropic");
            assertThat(fitter.fit(claude).exchange().body().bytes()).isEqualTo(s.body());
        }
        assertThat(cuts).as("cache breaks in 40 turns (sizes %s)", sizes).isBetween(1, 8);
        assertThat(sizes.getLast()).isLessThanOrEqualTo(6_000 + 1_000);
    }
}
