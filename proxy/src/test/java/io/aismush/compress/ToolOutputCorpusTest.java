package io.aismush.compress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Realistic tool outputs: what a person reads a run for survives compression, and logs shrink. */
class ToolOutputCorpusTest {

    @Test
    void everyFailingTestNameMessageAndChangedPathSurvives() {
        for (Corpus.Output o : Corpus.outputs()) {
            Compressor.Result r = Compressor.bash(o.command(), o.text());
            String out = r.text() == null ? o.text() : r.text();
            for (String essential : o.essentials()) {
                assertThat(out).as("%s keeps %s", o.name(), essential).contains(essential);
            }
        }
    }

    @Test
    void testAndBuildLogsShrinkByAtLeastHalfAndEachByAQuarter() {
        long before = 0;
        long after = 0;
        for (Corpus.Output o : Corpus.outputs()) {
            Compressor.Result r = Compressor.bash(o.command(), o.text());
            if (r.kind() != Kind.TEST_LOG && r.kind() != Kind.BUILD_LOG) continue;
            assertThat(r.text()).as("%s is condensed", o.name()).isNotNull();
            assertThat(r.text().length()).as("%s: %d → %d chars", o.name(), o.text().length(), r.text().length())
                    .isLessThanOrEqualTo(o.text().length() * 7 / 10);
            before += o.text().length();
            after += r.text().length();
        }
        assertThat(after).as("test and build logs: %d → %d chars", before, after).isLessThanOrEqualTo(before / 2);
    }

    @Test
    void dataIsNeverAlteredInside() {
        var json = Corpus.outputs().stream().filter(o -> o.name().equals("curl-json")).findFirst().orElseThrow();
        assertThat(Compressor.bash(json.command(), json.text()).text()).isNull();
    }

    @Test
    void keptLinesAreExactLinesOfTheOutput() {
        for (Corpus.Output o : Corpus.outputs()) {
            Compressor.Result r = Compressor.bash(o.command(), o.text());
            if (r.text() == null || r.kind() == Kind.GIT) continue;
            var original = new java.util.HashSet<>(Lines.split(Lines.clean(o.text())));
            for (String line : Lines.split(r.text())) {
                if (line.startsWith(Marker.PREFIX)) continue;
                assertThat(original).as("%s: a kept line is a line of the output", o.name()).contains(line);
            }
        }
    }
}
