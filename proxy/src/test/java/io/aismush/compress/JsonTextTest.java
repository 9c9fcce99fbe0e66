package io.aismush.compress;

import io.aismush.wire.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTextTest {
    private static final String ALPHABET = "ab \"\\/\n\t\r\b\f\u0000\u001b\u007fé漢😀\u2028";

    @Test
    void everyTextIsWrittenAndReadBackAsTheMapperDoes() {
        var random = new Random(23);
        for (int round = 0; round < 20_000; round++) {
            var sb = new StringBuilder();
            int n = random.nextInt(40);
            boolean ascii = random.nextBoolean();
            for (int k = 0; k < n; k++) {
                sb.append(ascii ? (char) random.nextInt(128) : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String text = sb.toString().replace("\uD83D", "x").replace("\uDE00", "y");
            byte[] literal = Json.MAPPER.writeValueAsBytes(text);
            assertThat(JsonText.encode(text)).as("[%s]", text).isEqualTo(literal);
            byte[] inBody = ("{\"t\":" + new String(literal, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
            assertThat(JsonText.decode(inBody, 5, inBody.length - 1)).isEqualTo(text);
        }
    }

    @Test
    void escapesWrittenAnyWayTheGrammarAllowsAreRead() {
        String literal = "\"\\u0041\\u004a\\u004A\\/\\b\\f\\n\\r\\t\\\"\\\\\\u00e9\\uD83D\\uDE00x\"";
        byte[] b = literal.getBytes(StandardCharsets.UTF_8);
        assertThat(JsonText.decode(b, 0, b.length)).isEqualTo(Json.MAPPER.readValue(b, String.class)).isEqualTo("AJJ/\b\f\n\r\t\"\\é😀x");
    }

    @Test
    void whatTheMapperRefusesIsRefusedTheSameWay() {
        for (String literal : new String[] {"\"a\\qb\"", "\"a\u0001b\"", "\"\\u00g1\"", "\"a\tb\"", "\"\\u12\""}) {
            byte[] b = literal.getBytes(StandardCharsets.UTF_8);
            Class<? extends Throwable> expected = null;
            try {
                Json.MAPPER.readValue(b, String.class);
            } catch (RuntimeException e) {
                expected = e.getClass();
            }
            assertThat(expected).as(literal).isNotNull();
            assertThatThrownBy(() -> JsonText.decode(b, 0, b.length)).as(literal).isInstanceOf(expected);
        }
    }
}
