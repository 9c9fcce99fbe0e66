package io.aismush.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonCursorTest {
    private static String decoded(String literal) {
        byte[] b = literal.getBytes(StandardCharsets.UTF_8);
        var c = new JsonCursor(b);
        return c.decode(c.string());
    }

    @Test
    void stringsDecodeAsTheParserDecodesThem() {
        for (String literal : new String[] {"\"plain\"", "\"\"", "\"a\\nb\\tc\\r\\b\\f\"", "\"\\\"quoted\\\" \\\\ \\/\"",
                "\"\\u00e9t\\u00E9 \\ud83d\\ude00\"", "\"日本 \\u65e5 é\"", "\"\\u0000\"", "\"" + "x\\n".repeat(300) + "\""}) {
            assertThat(decoded(literal)).as(literal).isEqualTo(Json.MAPPER.readTree("[" + literal + "]").get(0).asString());
        }
    }

    @Test
    void aLoneSurrogateEscapeIsKeptAsItIs() {
        assertThat(decoded("\"a\\ud83d\"")).isEqualTo("a\ud83d");
    }

    @Test
    void badEscapesAreNotJson() {
        for (String bad : new String[] {"\"\\x\"", "\"\\u12\"", "\"\\u12g4\""}) {
            assertThatThrownBy(() -> decoded(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void valuesAreSkippedWholeWhateverTheirNesting() {
        byte[] b = "{\"a\":[1,{\"b\":\"]}\\\"\"}],\"c\":true}".getBytes(StandardCharsets.UTF_8);
        var c = new JsonCursor(b);
        c.enter('{');
        assertThat(c.more('}')).isTrue();
        assertThat(c.decode(c.key())).isEqualTo("a");
        c.colon();
        JsonCursor.Span a = c.value();
        assertThat(new String(b, a.start(), a.length(), StandardCharsets.UTF_8)).isEqualTo("[1,{\"b\":\"]}\\\"\"}]");
        assertThat(c.more('}')).isTrue();
        assertThat(c.text()).isEqualTo("c");
        c.colon();
        assertThat(c.valueIs("true")).isTrue();
        assertThat(c.more('}')).isFalse();
        assertThat(c.atEnd()).isTrue();
    }
}
