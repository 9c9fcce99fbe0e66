package io.aismush.wire;

import io.aismush.testkit.ClaudeCodeRequests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutlineTest {
    private static Outline of(String json) {
        return Outline.of(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Outline o, JsonCursor.Span s) {
        return s == null ? null : new String(o.bytes(), s.start(), s.length(), StandardCharsets.UTF_8);
    }

    /** Every message and block the tree has, the outline has, with the same role, type, text, id and name. */
    private static void agreesWithTheTree(byte[] body) {
        Outline o = Outline.of(body);
        JsonNode tree = Json.MAPPER.readTree(body);
        var blocks = new ArrayList<JsonNode>();
        assertThat(o.messageCount()).isEqualTo(tree.path("messages").size());
        for (int m = 0; m < o.messageCount(); m++) {
            JsonNode message = tree.path("messages").get(m);
            assertThat(o.role(m)).isEqualTo(message.path("role").asString(""));
            assertThat(Json.MAPPER.readTree(text(o, o.message(m)))).isEqualTo(message);
            if (message.path("content").isString()) blocks.add(message.path("content"));
            else message.path("content").forEach(blocks::add);
        }
        assertThat(o.partCount()).isEqualTo(blocks.size());
        for (int p = 0; p < o.partCount(); p++) {
            JsonNode block = blocks.get(p);
            if (block.isString()) {
                assertThat(o.kind(p)).isEqualTo(Outline.PartKind.STRING_CONTENT);
                assertThat(o.string(o.text(p), null)).isEqualTo(block.asString());
                continue;
            }
            assertThat(o.kind(p)).isEqualTo(Outline.PartKind.BLOCK);
            assertThat(Json.MAPPER.readTree(text(o, o.part(p)))).isEqualTo(block);
            assertThat(o.string(o.type(p), null)).isEqualTo(block.path("type").asString(null));
            assertThat(o.string(o.text(p), null)).isEqualTo(block.path("text").isString() ? block.path("text").asString() : null);
            JsonNode id = block.has("tool_use_id") ? block.path("tool_use_id") : block.path("id");
            assertThat(o.string(o.id(p), null)).isEqualTo(id.isString() ? id.asString() : null);
            assertThat(o.string(o.name(p), null)).isEqualTo(block.path("name").isString() ? block.path("name").asString() : null);
            assertThat(o.isError(p)).isEqualTo(block.path("is_error").isBoolean() && block.path("is_error").booleanValue());
            if (block.has("input")) assertThat(Json.MAPPER.readTree(text(o, o.input(p)))).isEqualTo(block.path("input"));
        }
        var names = new ArrayList<String>();
        o.members().forEach(m -> names.add(m.name()));
        assertThat(names).containsExactlyElementsOf(tree.propertyNames());
        assertThat(o.bytes()[o.rootEnd()]).isEqualTo((byte) '}');
        assertThat(o.regular()).isTrue();
    }

    @Test
    void claudeCodeRequestsAreOutlinedAsTheParserReadsThem() {
        agreesWithTheTree(ClaudeCodeRequests.streamed(200_000));
        agreesWithTheTree(ClaudeCodeRequests.plain(20_000));
    }

    @Test
    void spacingEscapesAndFieldOrderDoNotMatter() {
        agreesWithTheTree(("""
                { "messages" : [ { "content" : [ { "text" : "a \\"quoted\\" \\u00e9", "type" : "text" } ] , "role" : "user" },
                  {"role":"assistant","content":[{"input":{"k":[1,{"x":"}"}]},"name":"Bash","id":"t1","type":"tool_use"}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","is_error":true,"content":[{"type":"text","text":"x"}]}]},
                  {"role":"user","content":"plain"} ],
                  "model" : "m" }
                """).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theLastOfDuplicateFieldsWinsAsInAParser() {
        Outline o = of("{\"messages\":[{\"role\":\"user\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"type\":\"thinking\","
                + "\"id\":\"a\",\"tool_use_id\":\"b\",\"is_error\":true,\"is_error\":false}]}],\"model\":\"x\",\"model\":\"y\"}");
        assertThat(o.role(0)).isEqualTo("assistant");
        assertThat(o.string(o.type(0), null)).isEqualTo("thinking");
        assertThat(o.string(o.id(0), null)).isEqualTo("b");
        assertThat(o.isError(0)).isFalse();
        assertThat(o.string(o.member("model").value(), null)).isEqualTo("y");
    }

    @Test
    void shapesNoClientSendsAreFlagged() {
        for (String odd : List.of("{\"messages\":[\"text\"]}", "{\"messages\":[{\"role\":\"user\",\"content\":[\"text\"]}]}",
                "{\"messages\":[{\"r\\u006fle\":\"user\"}]}", "{\"messages\":[{\"content\":[{\"t\\u0079pe\":\"text\"}]}]}")) {
            assertThat(of(odd).regular()).as(odd).isFalse();
        }
        assertThat(of("{\"messages\":[]}").regular()).isTrue();
    }

    /** Everything the outline records, in one text, to compare two outlines ("not sure" for none). */
    static String describe(Outline o) {
        if (o == null) return "not sure";
        var sb = new StringBuilder();
        o.members().forEach(m -> sb.append(m.name()).append(m.value()).append(';'));
        sb.append("root ").append(o.rootEnd()).append(" regular ").append(o.regular()).append('\n');
        for (int m = 0; m < o.messageCount(); m++) sb.append(o.message(m)).append(o.role(m)).append('\n');
        for (int p = 0; p < o.partCount(); p++) {
            sb.append(o.kind(p)).append(o.messageOf(p)).append(o.part(p)).append(o.type(p)).append(o.text(p)).append(o.id(p))
                    .append(o.name(p)).append(o.input(p)).append(o.signature(p)).append(o.isError(p)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void splicingToolResultsMovesTheOutlineAsMakingItAnewWould() {
        byte[] body = ClaudeCodeRequests.streamed(60_000);
        Outline o = Outline.of(body);
        var splices = new ArrayList<Outline.Splice>();
        var out = new java.io.ByteArrayOutputStream();
        int copied = 0;
        for (int p = 0; p < o.partCount(); p++) {
            if (!o.stringIs(o.type(p), "tool_result")) continue;
            JsonCursor.Span part = o.part(p);
            int at = new String(body, part.start(), part.length(), StandardCharsets.ISO_8859_1).indexOf("\"content\":\"");
            if (at < 0) continue;
            var c = new JsonCursor(body, part.start() + at + "\"content\":".length(), part.end());
            JsonCursor.Span text = c.string();
            byte[] replacement = ("\"" + "x".repeat(splices.size() % 3 * 40) + "\"").getBytes(StandardCharsets.UTF_8); // shorter, longer, empty
            out.write(body, copied, text.start() - copied);
            out.writeBytes(replacement);
            copied = text.end();
            splices.add(new Outline.Splice(text.start(), text.end(), replacement.length));
        }
        out.write(body, copied, body.length - copied);
        byte[] spliced = out.toByteArray();
        assertThat(splices).hasSizeGreaterThan(3);
        Outline moved = o.spliced(spliced, splices);
        assertThat(moved).isNotNull();
        assertThat(describe(moved)).isEqualTo(describe(Outline.of(spliced)));
    }

    @Test
    void aSpliceAcrossAPlaceTheOutlineRecordsLeavesTheNewBytesToANewOutline() {
        byte[] body = "{\"model\":\"claude\",\"max_tokens\":5}".getBytes(StandardCharsets.UTF_8);
        byte[] inside = "{\"model\":\"cl\",\"max_tokens\":5}".getBytes(StandardCharsets.UTF_8);
        Outline moved = Outline.of(body).spliced(inside, List.of(new Outline.Splice(11, 15, 0))); // within the string: followed
        assertThat(describe(moved)).isEqualTo(describe(Outline.of(inside)));
        byte[] across = "{\"model\"\"laude\",\"max_tokens\":5}".getBytes(StandardCharsets.UTF_8);
        assertThat(Outline.of(body).spliced(across, List.of(new Outline.Splice(8, 11, 1)))).isNull(); // the value's start inside
        assertThat(Outline.of(body).spliced(body, List.of())).isNotNull();
    }

    @Test
    void onlyObjectsHaveAnOutline() {
        assertThat(of("[]")).isNull();
        assertThat(of("\"x\"")).isNull();
        assertThat(of("\uFEFF{\"model\":\"m\"}").member("model")).isNotNull();
    }
}
