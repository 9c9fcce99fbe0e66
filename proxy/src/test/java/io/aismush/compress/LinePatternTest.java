package io.aismush.compress;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
            for (LinePattern p : patterns(rules)) {
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
    void everyRuleAnswersExactlyAsItsWholeExpressionOnLinesMadeOfItsOwnWords() {
        var random = new Random(11);
        List<String> words = words();
        int matched = 0;
        for (int round = 0; round < 20_000; round++) {
            String line = line(random, words);
            for (LineRules rules : RULES) {
                for (LinePattern p : patterns(rules)) {
                    boolean expected = Pattern.compile(p.regex()).matcher(line).find();
                    assertThat(p.in(line)).as("%s on %s", p.regex(), line).isEqualTo(expected);
                    if (expected) matched++;
                }
            }
        }
        assertThat(matched).as("lines that match, so both answers are tried").isGreaterThan(50_000);
    }

    @Test
    void theAlarmAnswersExactlyAsItsExpression() throws IOException {
        var lines = new ArrayList<>(corpusLines());
        lines.addAll(List.of("FATAL: out of memory", "ReferenceError: x is not defined", "  ✕ adds numbers", "Caused By: io",
                "Traceback (most recent call last):", "ld: undefined reference to `main'", "WARN deprecated", "× failed", "ok",
                "İ error", "xİerror", "aWarning:", "_Warning:", "éError:", "e\u0301rror", "a\u0301error", "errors", "errorsx", "ERR!",
                "\u0301error", "fail\u0301", "ErrorError:", "1Exception:", "WARNINGS", "warn_", "caused  by", "Kelvin \u212Aaused by",
                "@RROR", "[rror", "eRr", "CAUSED BY x", "Caused\tby", "caused\u0000by", "UNDEFINED REFERENCE", "Segmentation Fault", "xfail", "_err", "er", "Tracebac"));
        var random = new Random(5);
        List<String> words = words();
        for (int i = 0; i < 20_000; i++) lines.add(line(random, words));
        for (String line : lines) {
            assertThat(Patterns.alarm(line)).as(line).isEqualTo(Patterns.ALARM.matcher(line).find());
        }
    }

    @Test
    void theCargoTestNameRuleMatchesTheLinesItsBacktrackingFormMatched() throws IOException {
        Pattern backtracking = Pattern.compile("^\\s{4}\\S+::\\S+$");
        Pattern rule = Pattern.compile(Runners.CARGO_TEST_NAME);
        var lines = new ArrayList<>(corpusLines());
        String longWord = "a::b".repeat(2_000);
        lines.addAll(List.of("    tests::adds", "    a::b", "    ::b", "    a::", "    :::", "    a:::b", "    ::::", "    a::b c",
                "    a::b ", "    a::b\n", "    a::b\r", "    a::b\r\n", "    a::b\n\n", "    a::b\u2028", "    a::b\u2028x", "    a::b\u0085 ",
                "    a::b\u2029\n", "   a::b", "     a::b", "\t\t\t\ta::b", "\f\u000B\r\ta::b", "    a:b::", "    é::ß", "    😀::😀",
                "    " + longWord, "    " + longWord + " ", "    " + longWord + ":", "    " + "a:".repeat(3_000), "    " + ":".repeat(3_000) + "a"));
        var random = new Random(17);
        String alphabet = ":a:a:a:a \t\n\r\u2028\u0085é";
        for (int i = 0; i < 50_000; i++) {
            var sb = new StringBuilder(random.nextBoolean() ? "    " : "");
            for (int k = random.nextInt(12); k > 0; k--) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            lines.add(sb.toString());
        }
        int matched = 0;
        for (String line : lines) {
            boolean expected = backtracking.matcher(line).find();
            assertThat(rule.matcher(line).find()).as(line).isEqualTo(expected);
            assertThat(LinePattern.of(Runners.CARGO_TEST_NAME).in(line)).as(line).isEqualTo(expected);
            if (expected) matched++;
        }
        assertThat(matched).isGreaterThan(100);
    }

    @Test
    void theCargoTestNameRuleReadsALongWordOnce() {
        String line = "    " + "a::b".repeat(5_000) + " ";
        var rules = LinePattern.of(Runners.CARGO_TEST_NAME);
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) assertThat(rules.in(line)).isFalse();
        assertThat((System.nanoTime() - start) / 100).as("nanoseconds per 20 kB line").isLessThan(2_000_000);
    }

    @Test
    void groupsOfAlternativesAndSmallClassesAreReadAsTheTextsTheyMatch() {
        assertThat(Literals.of("\\[INFO\\] Tests")).isEqualTo(exact("[INFO] Tests"));
        assertThat(Literals.of("\\[(ERROR|WARNING)\\]")).isEqualTo(exact("[ERROR]", "[WARNING]"));
        assertThat(Literals.of("Download(?:ing|ed) from")).isEqualTo(exact("Downloading from", "Downloaded from"));
        assertThat(Literals.of("[✓√] ")).isEqualTo(exact("✓ ", "√ "));
        Literals spaced = Literals.of("x\\s\\d");
        assertThat(spaced.exact()).as("\\s and \\d are ASCII classes").isTrue();
        assertThat(spaced.prefixes()).hasSize(60).contains("x 0", "x\t9", "x\u000B5").doesNotContain("x\u00A01");
        var maven = Literals.of("\\[INFO\\] (Download(ing|ed) from|Tests run:.*Time elapsed|Running )");
        assertThat(maven.exact()).isFalse();
        assertThat(maven.prefixes()).containsExactly("[INFO] Downloading from", "[INFO] Downloaded from", "[INFO] Tests run:", "[INFO] Running ");
    }

    @Test
    void textUnderAQuantifierThatAllowsNoneOrBehindAnUnknownAtomIsNotRequired() {
        assertThat(Literals.of("a?bc(d|e)f+[g]hi")).isEqualTo(new Literals(Literals.ANY, List.of("bcdf", "bcef"), false));
        assertThat(Literals.of("Tests run:.*Time elapsed")).isEqualTo(new Literals(List.of("Tests run:"), List.of("Time elapsed"), false));
        assertThat(Literals.of("#\\w+ (?!x)ab{2}cd*")).as("a lookahead takes no text").isEqualTo(new Literals(List.of("#"), List.of(" ab"), false));
        assertThat(Literals.of("\\s*FAIL $")).isEqualTo(new Literals(Literals.ANY, List.of("FAIL "), false));
        assertThat(Literals.of("[_ ]{9,}$")).isEqualTo(new Literals(List.of("_", " "), List.of("_", " "), false));
        assertThat(Literals.of("[a-z]x")).isEqualTo(new Literals(Literals.ANY, List.of("x"), false));
        assertThat(Literals.of("😀x")).isEqualTo(new Literals(Literals.ANY, List.of("x"), false));
    }

    @Test
    void anchorsAndWordBoundariesTakeNoTextSoTheTextAroundThemStaysOneRun() {
        var frames = Literals.of("\\bat (org\\.junit|junit\\.|kotlin\\.)");
        assertThat(frames.exact()).isFalse();
        assertThat(frames.prefixes()).containsExactly("at org.junit", "at junit.", "at kotlin.");
        assertThat(Literals.of("\\bat (" + "a|b|c|d|e|f|g|h|i|j".replace("|", "x|") + "x)").lead()).as("many prefixes: a short lead").containsExactly("at ");
        assertThat(Literals.of("PASS$")).isEqualTo(new Literals(List.of("PASS"), List.of("PASS"), false));
        assertThat(LinePattern.of("\\b(std|core)::").in("use std::io")).isTrue();
        assertThat(LinePattern.of("\\b(std|core)::").in("use xstd::io")).as("the boundary is still checked").isFalse();
        assertThat(LinePattern.of("(?<=x)std::").in("xstd::")).as("a lookbehind sees before where the try starts").isTrue();
        assertThat(LinePattern.of("a^b|(?<!x)std$").in("ystd")).isTrue();
        assertThat(LinePattern.of("a^b|(?<!x)std$").in("xstd")).isFalse();
    }

    @Test
    void whatTheReadingDoesNotKnowMakesTheWholeAnswerUnknown() {
        for (String regex : List.of("a\\Qb|c\\E", "x(?i)error", "ab\\1", "a\\p{L}b", "(ab", "a)b", "*a")) {
            assertThat(Literals.of(regex)).as(regex).isEqualTo(Literals.NONE);
        }
    }

    @Test
    void alternativesLinkedByAFlagOrABackReferenceAreMatchedWhole() {
        for (String regex : List.of("(?i)error|warn", "(a)|b\\1", "[a[|]]x|y", "\\Qa|b\\E")) {
            assertThat(Literals.separable(regex)).as(regex).isFalse();
            assertThat(LinePattern.of(regex).branches()).as(regex).hasSize(1);
        }
        assertThat(LinePattern.of("(?i)error|warn").in("WARN")).isTrue();
        assertThat(LinePattern.of("^a|^(?i:b)c|d(?:e|f)").branches()).hasSize(3);
    }

    @Test
    void leadingWhitespaceIsSkippedBeforeTheTextsOfAnAnchoredAlternative() {
        var pattern = LinePattern.of("^\\s*(PASS|FAIL) [^>]*$|^\\s+at ");
        assertThat(pattern.branches().getFirst().afterSpace()).isZero();
        assertThat(pattern.branches().getFirst().literals().prefixes()).containsExactly("PASS ", "FAIL ");
        assertThat(pattern.branches().get(1).literals().exact()).isTrue();
        assertThat(pattern.in(" \t PASS x")).isTrue();
        assertThat(pattern.in("PASS x>")).isFalse();
        assertThat(pattern.in("\u000B\fat x")).isTrue();
        assertThat(pattern.in("at x")).isFalse();
    }

    private static Literals exact(String... texts) {
        return new Literals(List.of(texts), List.of(texts), true);
    }

    @Test
    void branchesAreSplitOnlyAtTheOutermostLevel() {
        assertThat(LinePattern.topLevelBranches("^a(b|c)|[|]x|\\|y|^(?!.*(?i:e|w))z"))
                .containsExactly("^a(b|c)", "[|]x", "\\|y", "^(?!.*(?i:e|w))z");
        assertThat(LinePattern.topLevelBranches("[]|]q|r")).containsExactly("[]|]q", "r");
        assertThat(LinePattern.of("^a|b").in("xb")).isTrue();
        assertThat(LinePattern.of("^a|b").in("xa")).isFalse();
    }

    private static List<LinePattern> patterns(LineRules rules) {
        return Stream.of(rules.drop(), rules.keep(), rules.blockStart(), rules.blockEnd(), rules.blockKeep(), rules.frame(),
                rules.frameworkFrame()).filter(java.util.Objects::nonNull).toList();
    }

    /** The words of every rule's expression and of the alarm, with the characters that sit around them in a log. */
    private static List<String> words() {
        var words = new ArrayList<>(List.of(" ", "  ", "\t", "-", ":", ".", "(", ")", "[", "]", "/", "#", "12", "3.5", "é", "😀", "✓",
                "\u0301", "\u2028", "\u2029", "\u0085", "\r", "\u000B", "\f", "İ", "x", "FAILED", "Error", "at ", "    at ", "org.junit.", "--- ", "=== ", "> "));
        var sources = new ArrayList<String>();
        for (LineRules rules : RULES) for (LinePattern p : patterns(rules)) sources.add(p.regex());
        sources.add(LineRules.ALARM);
        for (String regex : sources) {
            for (String w : regex.split("[\\\\^$|()\\[\\]?*+{}]+")) if (!w.isEmpty()) words.add(w);
        }
        return words;
    }

    private static String line(Random random, List<String> words) {
        var sb = new StringBuilder();
        int n = random.nextInt(7);
        for (int k = 0; k < n; k++) {
            String w = words.get(random.nextInt(words.size()));
            sb.append(random.nextInt(6) == 0 ? w.toUpperCase(java.util.Locale.ROOT) : w);
            if (random.nextInt(3) == 0) sb.append(' ');
        }
        return sb.toString();
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
