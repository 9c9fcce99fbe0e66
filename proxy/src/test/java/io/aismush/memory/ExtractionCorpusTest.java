package io.aismush.memory;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Extraction against a labelled corpus: what it keeps is worth keeping (precision), and it misses little (recall). */
class ExtractionCorpusTest {

    @Test
    void extractionIsPreciseAndFindsMostOfWhatIsWorthRemembering() {
        int tp = 0, fp = 0, fn = 0, kindRight = 0;
        var mistakes = new ArrayList<String>();
        for (ExtractionCorpus.Item item : ExtractionCorpus.ITEMS) {
            Candidate c = Extractor.classify(item.text(), item.human());
            boolean expected = item.kind() != null;
            if (c != null && expected) {
                tp++;
                if (c.kind() == item.kind()) kindRight++;
                else mistakes.add("kind " + c.kind() + " for " + item.kind() + ": " + item.text());
            } else if (c != null) {
                fp++;
                mistakes.add("kept chatter as " + c.kind() + ": " + item.text());
            } else if (expected) {
                fn++;
                mistakes.add("missed " + item.kind() + ": " + item.text());
            }
        }
        double precision = tp / (double) (tp + fp);
        double recall = tp / (double) (tp + fn);
        double kindAccuracy = kindRight / (double) tp;
        System.out.printf("memory extraction: %d texts, precision %.3f, recall %.3f, kind accuracy %.3f%n%s%n",
                ExtractionCorpus.ITEMS.size(), precision, recall, kindAccuracy, String.join("\n", mistakes));
        assertThat(ExtractionCorpus.ITEMS).hasSizeGreaterThanOrEqualTo(100);
        assertThat(precision).as("precision; mistakes:\n" + String.join("\n", mistakes)).isGreaterThanOrEqualTo(0.9);
        assertThat(recall).as("recall; mistakes:\n" + String.join("\n", mistakes)).isGreaterThanOrEqualTo(0.7);
        assertThat(kindAccuracy).as("kind accuracy").isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void generalPreferencesAreGlobalAndProjectConventionsAreNot() {
        assertThat(Extractor.classify("Never use emojis in commit messages or code comments.", true).global()).isTrue();
        assertThat(Extractor.classify("We use pnpm in this repo, not npm or yarn.", true).global()).isFalse();
        assertThat(Extractor.classify("Always run the tests in src/it before pushing anything.", true).global()).isFalse();
    }

    @Test
    void commitsAndEditedFilesBecomeChangesRelativeToTheProject() {
        var commit = Extractor.fromToolCall(new Turn.ToolCall("Bash", "{\"command\":\"git commit -am 'Remove the blocking wait from checkout'\"}"), "/home/dev/shop");
        assertThat(commit.text()).isEqualTo("Committed: Remove the blocking wait from checkout");
        var edit = Extractor.fromToolCall(new Turn.ToolCall("Edit", "{\"file_path\":\"/home/dev/shop/src/Cart.java\",\"old_string\":\"a\"}"), "/home/dev/shop");
        assertThat(edit.text()).isEqualTo("Changed src/Cart.java");
        assertThat(Extractor.fromToolCall(new Turn.ToolCall("Bash", "{\"command\":\"mvn -q test\"}"), "/home/dev/shop")).isNull();
        assertThat(Extractor.fromToolCall(new Turn.ToolCall("Read", "{\"file_path\":\"/home/dev/shop/a\"}"), "/home/dev/shop")).isNull();
    }
}
