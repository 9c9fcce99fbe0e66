package io.aismush.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CompareTest {
    @Test
    void bWinningEveryOneOfEightBlocksHappensByChanceOnceIn128() {
        assertThat(Compare.signTest(8, 8)).isCloseTo(2 / 256.0, within(1e-12));
        assertThat(Compare.signTest(0, 8)).isCloseTo(2 / 256.0, within(1e-12));
    }

    @Test
    void sevenOfEightIsWeakerEvidence() {
        assertThat(Compare.signTest(7, 8)).isCloseTo(18 / 256.0, within(1e-12)); // 2 × (8 + 1) / 256
    }

    @Test
    void anEvenSplitIsNoEvidenceAtAll() {
        assertThat(Compare.signTest(4, 8)).isEqualTo(1.0);
        assertThat(Compare.signTest(5, 9)).isEqualTo(1.0);
    }

    @Test
    void withOneJarGivenBIsTheJarJustBuilt(@TempDir Path dir) throws IOException {
        Path old = Files.createFile(dir.resolve("old.jar")), built = Files.createFile(dir.resolve("built.jar"));
        var c = new Compare();
        c.parse(new String[] {"--built", built.toString(), old.toString(), "--blocks", "4"});
        assertThat(c.jarA).isEqualTo(old);
        assertThat(c.jarB).isEqualTo(built);
        assertThat(c.blocks).isEqualTo(4);
    }

    @Test
    void twoJarsGivenAreComparedAsGiven(@TempDir Path dir) throws IOException {
        Path a = Files.createFile(dir.resolve("a.jar")), b = Files.createFile(dir.resolve("b.jar"));
        var c = new Compare();
        c.parse(new String[] {"--built", dir.resolve("built.jar").toString(), a.toString(), b.toString()});
        assertThat(c.jarA).isEqualTo(a);
        assertThat(c.jarB).isEqualTo(b);
    }

    @Test
    void aRelativeJarPathIsResolvedWhereTheCommandRuns() throws IOException {
        Path here = Files.createTempFile(Path.of(""), "compare-", ".jar");
        try {
            var c = new Compare();
            c.parse(new String[] {here.toString(), here.toString()});
            assertThat(c.jarA).isAbsolute().isEqualTo(here.toAbsolutePath());
            assertThat(c.jarB).isAbsolute();
        } finally {
            Files.delete(here);
        }
    }

    @Test
    void aMissingJarOrAnUnknownOptionIsAUsageError(@TempDir Path dir) throws IOException {
        Path a = Files.createFile(dir.resolve("a.jar"));
        assertThatThrownBy(() -> new Compare().parse(new String[] {a.toString(), dir.resolve("gone.jar").toString()}))
                .hasMessageContaining("no such jar");
        assertThatThrownBy(() -> new Compare().parse(new String[] {a.toString(), a.toString(), "--fast"}))
                .hasMessageContaining("unknown option --fast");
        assertThatThrownBy(() -> new Compare().parse(new String[] {a.toString()}))
                .hasMessageContaining("give the second jar");
    }
}
