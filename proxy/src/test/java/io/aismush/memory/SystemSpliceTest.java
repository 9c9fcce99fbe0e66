package io.aismush.memory;

import io.aismush.wire.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The block goes after every system block and changes no other byte. */
class SystemSpliceTest {
    private static final byte[] BLOCK = SystemSplice.blockJson("<aismush-memory>\n- [fact] x\n</aismush-memory>");

    private static String splice(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String out = new String(SystemSplice.insert(bytes, BodyLayout.of(bytes), BLOCK), StandardCharsets.UTF_8);
        Json.MAPPER.readTree(out); // still JSON
        return out;
    }

    @Test
    void theBlockBecomesTheLastSystemBlockAndEverythingBeforeKeepsItsBytes() {
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"system\":[{\"type\":\"text\",\"text\":\"a\"},"
                + "{\"type\":\"text\",\"text\":\"b\",\"cache_control\":{\"type\":\"ephemeral\"}}],\"tools\":[],\"stream\":true}";
        String out = splice(body);
        int at = body.indexOf("],\"tools\"");
        assertThat(out).isEqualTo(body.substring(0, at) + "," + new String(BLOCK, StandardCharsets.UTF_8) + body.substring(at));
    }

    @Test
    void aStringSystemBecomesATextBlockFollowedByTheMemories() {
        String out = splice("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"system\":\"be \\\"brief\\\"\",\"stream\":true}");
        assertThat(Json.MAPPER.readTree(out).path("system").path(0).path("text").asString()).isEqualTo("be \"brief\"");
        assertThat(Json.MAPPER.readTree(out).path("system").path(1).path("text").asString()).startsWith("<aismush-memory>");
    }

    @Test
    void aBodyWithoutSystemGetsOneAndAnEmptySystemGetsTheBlock() {
        assertThat(Json.MAPPER.readTree(splice("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).path("system").size()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(splice("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"system\":[]}")).path("system").size()).isEqualTo(1);
    }
}
