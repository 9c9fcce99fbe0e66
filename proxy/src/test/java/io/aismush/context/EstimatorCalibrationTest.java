package io.aismush.context;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The estimate against a real BPE tokenizer's counts on the reference corpus, and calibration by observed usage. */
class EstimatorCalibrationTest {

    @Test
    void contentAwareEstimateIsWithinTwelvePercentOnTheReferenceCorpusOnAverage() throws Exception {
        Path resources = Path.of(getClass().getClassLoader().getResource("context/reference-tokens.tsv").toURI()).getParent().getParent();
        var errors = new ArrayList<Double>();
        var bytesErrors = new ArrayList<Double>();
        var report = new StringBuilder();
        for (String line : Files.readAllLines(resources.resolve("context/reference-tokens.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] f = line.split("\t");
            String dir = f[0].startsWith("texts/") ? "context/" : "compress/";
            byte[] text = Files.readAllBytes(resources.resolve(dir + f[0]));
            double real = Double.parseDouble(f[1]);
            double err = (TokenEstimator.standard().estimate(text) - real) / real;
            errors.add(Math.abs(err));
            bytesErrors.add(Math.abs((text.length / 3.5 - real) / real));
            report.append(String.format("%-36s %+6.1f%%%n", f[0], err * 100));
        }
        double mean = errors.stream().mapToDouble(d -> d).average().orElseThrow();
        double bytesMean = bytesErrors.stream().mapToDouble(d -> d).average().orElseThrow();
        System.out.printf("estimate error on %d reference texts: mean %.1f%%, max %.1f%% (bytes/3.5: mean %.1f%%)%n%s",
                errors.size(), mean * 100, errors.stream().mapToDouble(d -> d).max().orElseThrow() * 100, bytesMean * 100, report);
        assertThat(mean).isLessThan(0.12).isLessThan(bytesMean);
    }

    @Test
    void cjkCountsAboutATokenPerCharacterAndCodeMoreThanProse() {
        assertThat(TokenEstimator.standard().estimate("这个代理位于之间对于每一个请求")).isBetween(11L, 20L);
        long prose = TokenEstimator.standard().estimate("the quick brown fox jumps over the lazy dog and runs away");
        long code = TokenEstimator.standard().estimate("a[i]={b:(c+d)*e};f(g,h);if(x!=y){z--;}");
        assertThat(code).isGreaterThan(prose / 2);
    }

    @Test
    void observedUsageCorrectsTheRatioPerProviderAndModelFamily() {
        var c = new Calibration();
        for (int i = 0; i < 30; i++) c.observe("deepseek", "deepseek-flash", 10_000, 13_000);
        for (int i = 0; i < 30; i++) c.observe("anthropic", "claude-opus-5-5", 10_000, 9_000);
        assertThat(c.ratio("deepseek", "deepseek-flash")).isCloseTo(1.3, org.assertj.core.data.Offset.offset(0.01));
        assertThat(c.ratio("anthropic", "claude-opus-4-1")).as("same family").isCloseTo(0.9, org.assertj.core.data.Offset.offset(0.01));
        assertThat(c.ratio("deepseek", null)).as("the provider's ratio when the model is not known").isCloseTo(1.3, org.assertj.core.data.Offset.offset(0.01));
        assertThat(c.ratio("other", "x")).isEqualTo(1.0);
        assertThat(c.estimator("deepseek", "deepseek-flash").estimate(3_500)).isEqualTo(1_300);
    }

    @Test
    void oneOddAnswerCannotSwingTheRatio() {
        var c = new Calibration();
        for (int i = 0; i < 20; i++) c.observe("deepseek", "deepseek-flash", 10_000, 10_000);
        c.observe("deepseek", "deepseek-flash", 10_000, 1_000_000);
        assertThat(c.ratio("deepseek", "deepseek-flash")).isLessThan(1.25);
        c.observe("deepseek", "deepseek-flash", 50, 1_000_000);
        assertThat(c.ratio("deepseek", "deepseek-flash")).as("tiny requests say nothing").isLessThan(1.25);
    }
}
