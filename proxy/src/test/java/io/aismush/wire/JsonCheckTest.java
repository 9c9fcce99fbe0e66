package io.aismush.wire;

import io.aismush.testkit.ClaudeCodeRequests;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast path of request validation ({@link Outline#strict}, built on {@link JsonCheck}) against the parser. */
class JsonCheckTest {
    private static Outline check(String json) {
        return Outline.strict(json.getBytes(StandardCharsets.UTF_8));
    }

    /** What the shared parser makes of the bytes: the tree when it is one object and nothing after it, else null. */
    private static JsonNode parsed(byte[] body) {
        try {
            JsonNode tree = Json.MAPPER.readTree(body);
            return tree != null && tree.isObject() ? tree : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * The rule the fast path lives by: what it accepts is valid UTF-8 and the parser accepts it, with the same top-level
     * names (request validation runs no UTF-8 pass of its own on a body the fast path accepts).
     */
    private static void agreesWithTheParser(byte[] body) {
        Outline outline = Outline.strict(body);
        if (outline == null) return;
        assertThat(Utf8.firstInvalid(body)).as("accepted by the check, so valid UTF-8").isNegative();
        JsonNode tree = parsed(body);
        assertThat(tree).as("accepted by the check, so the parser must accept: %s", new String(body, StandardCharsets.UTF_8)).isNotNull();
        var names = new ArrayList<String>();
        outline.members().forEach(m -> names.add(m.name()));
        assertThat(tree.propertyNames()).containsAll(names);
        assertThat(names).containsAll(tree.propertyNames());
    }

    @Test
    void claudeCodeRequestsTakeTheFastPath() {
        for (byte[] body : List.of(ClaudeCodeRequests.streamed(200_000), ClaudeCodeRequests.plain(20_000))) {
            assertThat(Outline.strict(body)).isNotNull();
            agreesWithTheParser(body);
        }
    }

    @Test
    void membersAreTheTopLevelNamesAndValueSpans() {
        String json = " {\"model\" : \"m\", \"n\":[1,{\"x\":-0.5e+3}], \"t\":true ,\"o\":{}}\n";
        List<Outline.Member> members = check(json).members();
        assertThat(members).hasSize(4);
        assertThat(members.get(0).name()).isEqualTo("model");
        assertThat(json.substring(members.get(1).value().start(), members.get(1).value().end())).isEqualTo("[1,{\"x\":-0.5e+3}]");
        assertThat(json.substring(members.get(2).value().start(), members.get(2).value().end())).isEqualTo("true");
        assertThat(json.substring(members.get(3).value().start(), members.get(3).value().end())).isEqualTo("{}");
        assertThat(check("{}").members()).isEmpty();
    }

    @Test
    void strictJsonIsAcceptedWhateverItsShape() {
        for (String ok : new String[] {"{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"}", "{\"a\":[[],{},[{}],\"\"]}",
                "{\"a\":0,\"b\":-0,\"c\":1.25,\"d\":1E9,\"e\":2e-7,\"f\":null,\"g\":false}", "\t{\r\n\"é\":\"ü 日本\"}\r\n",
                "{\"a\":\"x\",\"a\":\"duplicate names are legal\"}"}) {
            assertThat(check(ok)).as(ok).isNotNull();
            agreesWithTheParser(ok.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void anythingOutsideStrictJsonIsLeftToTheParser() {
        for (String bad : new String[] {"", " ", "[]", "\"s\"", "1", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}", "{\"a\":[1,]}",
                "{\"a\":01}", "{\"a\":+1}", "{\"a\":.5}", "{\"a\":5.}", "{\"a\":1e}", "{\"a\":-}", "{\"a\":NaN}", "{\"a\":Infinity}",
                "{\"a\":tru}", "{\"a\":truex}", "{\"a\":nul}", "{\"a\":1x}", "{'a':1}", "{a:1}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}",
                "{\"a\":\"\\u12\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"nl\nhere\"}", "{\"a\":\"unterminated}", "{}{}", "{} x",
                "{\"a\":1}/*c*/", "{\"a\":[}", "{\"a\":{]}", "{\"a\":1 2}", "{\"a\" 1}", "\uFEFF{}", "{\"a\":\"\\\"}",
                "{\"a\":[1}]", "{\"a\":{\"b\":1]}", "{\"a\":\u0000}", "{\"messages\":[{\"role\":\"user\",}]}",
                "{\"messages\":[{\"content\":[{\"type\":\"text\" \"text\":\"x\"}]}]}", "{\"messages\":[{\"role\":01}]}",
                "{\"messages\":[{\"content\":\"raw\ttab\"}]}", "{\"messages\":[[1,]]}", "{\"messages\":[]",
                "{\"a\\ud83d\":1}", "{\"messages\":[{\"x\\udc00\":1}]}", "{\"a\":{\"\\ud83d\\ude00\":1}}"}) {
            assertThat(check(bad)).as(bad).isNull();
        }
    }

    @Test
    void invalidUtf8IsNeverAcceptedInValuesOrNames() {
        String[] bad = {"C0 80", "C1 BF", "E0 80 80", "ED A0 80", "ED BF BF", "F0 80 80 80", "F4 90 80 80", "F5 80 80 80",
                "80", "BF", "C3", "E2 82", "F0 9F 98", "C3 41", "E2 28 A1", "F8 88 80 80 80", "FE", "FF"};
        for (String hex : bad) {
            byte[] seq = bytes(hex);
            for (String pad : new String[] {"", "a", "abc", "abcdefg", "abcdefgh", "0123456789abcdef"}) { // across eight-byte steps
                assertThat(Outline.strict(concat("{\"a\":\"" + pad, seq, "\"}"))).as(hex + " after " + pad.length()).isNull();
                assertThat(Outline.strict(concat("{\"" + pad, seq, "\":1}"))).as(hex + " in a name").isNull();
                assertThat(Outline.strict(concat("{\"messages\":[{\"role\":\"user\",\"content\":\"" + pad, seq, pad + "\"}]}")))
                        .as(hex + " in a message").isNull();
            }
        }
        assertThat(Outline.strict(concat("{\"a\":", bytes("C3 A9"), "}"))).as("non-ASCII outside a string").isNull();
    }

    @Test
    void validCharactersOfEveryLengthAreAccepted() {
        for (String s : new String[] {"é", "€", "😀", "日本語", "aé", "abcdefgé", "abcdefg€x", "a😀bcdefgh😀", "\u007f", "ÿ"}) {
            for (String pad : new String[] {"", "x", "xxxxxxx"}) {
                byte[] body = ("{\"" + s + "\":\"" + pad + s + pad + "\"}").getBytes(StandardCharsets.UTF_8);
                assertThat(Outline.strict(body)).as(pad + s).isNotNull();
                agreesWithTheParser(body);
            }
        }
    }

    private static byte[] bytes(String hex) {
        String[] parts = hex.split(" ");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = (byte) Integer.parseInt(parts[i], 16);
        return out;
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8), c = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }

    @Test
    void nestingPastItsDepthIsLeftToTheParser() {
        assertThat(check("{\"a\":" + "[".repeat(63) + "]".repeat(63) + "}")).isNotNull(); // 64 levels with the object
        assertThat(check("{\"a\":" + "[".repeat(64) + "]".repeat(64) + "}")).isNull();
        String block = "{\"messages\":[{\"content\":[{\"input\":%s}]}]}"; // five levels before the input
        assertThat(check(block.formatted("[".repeat(59) + "]".repeat(59)))).isNotNull();
        assertThat(check(block.formatted("[".repeat(60) + "]".repeat(60)))).isNull();
        assertThat(check("{\"a\":" + "{\"b\":".repeat(70) + "1" + "}".repeat(70) + "}")).isNull();
    }

    @Test
    void overlongNumbersAndNamesAreLeftToTheParser() {
        assertThat(check("{\"a\":" + "1".repeat(64) + "}")).isNotNull();
        assertThat(check("{\"a\":" + "1".repeat(65) + "}")).isNull();
        assertThat(check("{\"" + "n".repeat(1025) + "\":1}")).isNull();
    }

    @Test
    void mutatedRequestsAreNeverAcceptedWhenTheParserRefusesThem() {
        byte[] seed = ClaudeCodeRequests.plain(3_000);
        // structural bytes, and bytes that begin, continue or never appear in UTF-8 sequences
        byte[] alphabet = "{}[]\",:\\ \n\t0-1.eE+tfnu\u0001x\u0080\u00bf\u00c3\u00e2\u00ed\u00f0\u00f4\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        var random = new Random(1849);
        int accepted = 0;
        for (int n = 0; n < 20_000; n++) {
            byte[] body = seed.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) body[random.nextInt(body.length)] = alphabet[random.nextInt(alphabet.length)];
            if (Outline.strict(body) != null) accepted++;
            agreesWithTheParser(body);
        }
        assertThat(accepted).as("some mutations stay valid JSON (inside strings)").isPositive();
    }
}
