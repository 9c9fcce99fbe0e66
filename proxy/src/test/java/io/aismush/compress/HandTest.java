package io.aismush.compress;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HandTest {
    private static final List<String> HAND_WRITTEN = List.of(
            "^\\[INFO\\] *$",
            "^\\[INFO\\] Tests run:.*Time elapsed",
            "^test .* \\.\\.\\. (ok|ignored)$",
            "^test .* \\.\\.\\. FAILED$",
            "^\\S+\\.py [.FEsxX]+\\s*(\\[\\s*\\d+%\\])?$",
            "^[.FEsxX]{3,}\\s*(\\[\\s*\\d+%\\])?$");

    /** Pieces the random lines are made of: the expressions' own texts, whitespace and every kind of line terminator. */
    private static final String[] PIECES = {"[INFO]", " ", "  ", "Tests run:", "Time elapsed", "test ", " ... ", "ok", "ignored",
            "FAILED", ".py", "tests/test_cart", "...", ".", "F", "E", "s", "x", "X", "[", "]", "%", "1", "42", "100", "\t", "\r",
            "\n", "\r\n", "\u0085", "\u2028", "\u2029", "\f", "\u000B", "a", "é", "::", "Time", "elapsed"};

    @Test
    void everyHandWrittenMatcherAnswersAsItsExpressionOnCorpusAndRandomLines() {
        var lines = new ArrayList<String>();
        for (Corpus.Output o : Corpus.outputs()) lines.addAll(List.of(o.text().split("\n", -1)));
        for (Corpus.Output o : Corpus.outputs()) lines.addAll(List.of(o.text().split("(?<=\n)")));
        var random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            var sb = new StringBuilder();
            int n = random.nextInt(9);
            for (int k = 0; k < n; k++) sb.append(PIECES[random.nextInt(PIECES.length)]);
            lines.add(sb.toString());
        }
        lines.addAll(List.of("[INFO]", "[INFO]   ", "[INFO] \n", "[INFO] \r\n", "[INFO] \n\n", "[INFO]\r\n\n", "\n",
                "test a ... ok", "test  ... ok\r\n", "test a ... ok\u0085", "test a\r ... ok", "test a ... ok\n\r",
                "tests/a.py ..F [ 40%]", "a.py .\u2028", "a.py . [ 4 %]", "a.py .[1%]\r\n", ".py .", "x.py  .", "x.py\t.",
                "... [100%]", "..", "...\r", "[INFO] Tests run: 3, Time elapsed: 0.1 s", "[INFO] Tests run: 3\r Time elapsed"));
        for (String alternative : HAND_WRITTEN) {
            var hand = Hand.of(alternative);
            assertThat(hand).as(alternative).isNotNull();
            Pattern regex = Pattern.compile(alternative);
            for (String line : lines) {
                assertThat(hand.test(line)).as("%s on %s", alternative, printable(line)).isEqualTo(regex.matcher(line).lookingAt());
            }
        }
    }

    @Test
    void everyHandWrittenMatcherIsUsedByARule() throws Exception {
        var used = new java.util.HashSet<String>();
        for (var field : Runners.class.getDeclaredFields()) {
            if (field.getType() != LineRules.class) continue;
            field.setAccessible(true);
            var rules = (LineRules) field.get(null);
            for (var component : LineRules.class.getRecordComponents()) {
                if (component.getType() != LinePattern.class) continue;
                var pattern = (LinePattern) component.getAccessor().invoke(rules);
                if (pattern == null) continue;
                for (var alternative : LinePattern.topLevelBranches(pattern.regex())) if (Hand.of(alternative) != null) used.add(alternative);
            }
        }
        assertThat(used).as("a rule changed: its hand-written matcher is no longer used").containsExactlyInAnyOrderElementsOf(HAND_WRITTEN);
    }

    private static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\u0085", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
