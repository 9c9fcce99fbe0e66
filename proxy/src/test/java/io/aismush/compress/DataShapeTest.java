package io.aismush.compress;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DataShapeTest {

    @Test
    void aYamlLineIsToldExactlyAsItsExpressionTellsIt() {
        List<String> pieces = List.of(" ", "  ", "\t", "\u000B", "\f", "\r", "\n", "\u0085", "\u2028", "\u2029", "-", "- ", "--", "---", "#",
                ":", ": ", "::", "key", "a.b", "\"q\"", "'s'", "/p", "_", "9", "x y", ",", "é", "😀", "[", "{");
        var random = new Random(3);
        int yaml = 0;
        for (int i = 0; i < 200_000; i++) {
            var sb = new StringBuilder();
            int n = random.nextInt(6);
            for (int k = 0; k < n; k++) sb.append(pieces.get(random.nextInt(pieces.size())));
            String line = sb.toString();
            String padded = "ab\n" + line + "\ncd";
            boolean expected = DataShape.YAML_LINE.matcher(line).matches();
            assertThat(DataShape.yamlLine(padded, 3, 3 + line.length())).as("[%s]", line).isEqualTo(expected);
            if (expected) yaml++;
        }
        assertThat(yaml).as("lines that are YAML, so both answers are tried").isGreaterThan(20_000);
    }

    @Test
    void listingsAndLogsAreNotDataButYamlAndCsvAre() {
        assertThat(DataShape.isData("src/a.ts:12:  // TODO\nsrc/b.ts:3:  x\nsrc/c.ts:4:  y\nsrc/d.ts:5:  z\n")).isFalse();
        assertThat(DataShape.isData("name: shop\nversion: 1\nitems:\n  - a\n  - b\n# end\n")).isTrue();
        assertThat(DataShape.isData("a,b,c\n1,2,3\n4,5,6\n7,8,9\n")).isTrue();
        assertThat(DataShape.isData("a,b,c\n1,2,3\n4,5\n7,8,9\n")).isFalse();
    }
}
