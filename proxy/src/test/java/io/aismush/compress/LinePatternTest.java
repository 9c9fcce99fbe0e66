package io.aismush.compress;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LinePatternTest {
    private static final List<LineRules> RULES = List.of(Runners.MAVEN, Runners.GRADLE, Runners.PYTEST, Runners.JS_TEST,
            Runners.GO_TEST, Runners.CARGO, Runners.TSC, Runners.JS_BUILD, Runners.MAKE, Runners.JVM_BUILD, Runners.CARGO_BUILD,
            Runners.NPM, Runners.DOCKER);

    @Test
    void theSplitPatternAnswersExactlyAsTheWholeExpressionOnEveryCorpusLine() throws IOException {
        List<String> lines = corpusLines();
        int compared = 0;
        for (LineRules rules : RULES) {
            for (LinePattern p : Stream.of(rules.drop(), rules.keep(), rules.blockStart(), rules.blockEnd(), rules.blockKeep(),
                    rules.frame(), rules.frameworkFrame()).filter(java.util.Objects::nonNull).toList()) {
                Pattern whole = Pattern.compile(p.regex());
                for (String line : lines) {
                    assertThat(p.in(line)).as("%s on %s", p.regex(), line).isEqualTo(whole.matcher(line).find());
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(100_000);
    }

    @Test
    void theAlarmPrefilterNeverHidesAnAlarm() throws IOException {
        var lines = new ArrayList<>(corpusLines());
        lines.addAll(List.of("FATAL: out of memory", "ReferenceError: x is not defined", "  ✕ adds numbers", "Caused By: io",
                "Traceback (most recent call last):", "ld: undefined reference to `main'", "WARN deprecated", "× failed", "ok"));
        for (String line : lines) {
            assertThat(Patterns.alarm(line)).as(line).isEqualTo(Patterns.ALARM.matcher(line).find());
        }
    }

    @Test
    void branchesAreSplitOnlyAtTheOutermostLevel() {
        assertThat(LinePattern.topLevelBranches("^a(b|c)|[|]x|\\|y|^(?!.*(?i:e|w))z"))
                .containsExactly("^a(b|c)", "[|]x", "\\|y", "^(?!.*(?i:e|w))z");
        assertThat(LinePattern.topLevelBranches("[]|]q|r")).containsExactly("[]|]q", "r");
        assertThat(LinePattern.of("^a|b").in("xb")).isTrue();
        assertThat(LinePattern.of("^a|b").in("xa")).isFalse();
    }

    /** Every line of the tool-output corpus, plus the same lines shifted, so the anchored branches meet both. */
    private static List<String> corpusLines() throws IOException {
        var lines = new ArrayList<String>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/compress/outputs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                for (String line : Lines.split(Files.readString(f))) {
                    lines.add(line);
                    lines.add("  " + line);
                }
            }
        }
        return lines;
    }
}
