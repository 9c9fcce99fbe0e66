package io.aismush.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aismush.compress.CompressStage;
import io.aismush.compress.Compressor;
import io.aismush.context.TokenEstimator;
import io.aismush.testkit.Flavour;
import io.aismush.testkit.MessagesValidator;
import io.aismush.wire.ApiError;
import io.aismush.wire.Json;
import io.aismush.wire.RequestSummary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compress stage on fuzzed Claude Code sessions and on arbitrary bodies: it never throws on a body the proxy
 * accepted, the rewritten request is still one the strict fakes accept, only tool-result text changes, file reads
 * are never altered inside (kept exact, or replaced whole by a marker naming an identical earlier read), a file shown
 * by a Bash command is never condensed, and the same request always compresses to the same bytes (the prompt cache
 * relies on it).
 */
class CompressorFuzzTest {
    private static final String MARKER = "[aismush: ";

    @FuzzTest(maxDuration = "60s")
    void compressedSessionsStayValidAndFileReadsStayExact(FuzzedDataProvider data) {
        boolean stripComments = data.consumeInt(0, 4) == 0;
        ObjectNode request = Conversations.request(data, 12);
        byte[] body = Json.MAPPER.writeValueAsBytes(request);
        assertThat(MessagesValidator.validate(Flavour.ANTHROPIC, body)).as("the generated request").isEmpty();

        byte[] out = new CompressStage(new Compressor(stripComments), TokenEstimator.standard()).rewrite(body).body();
        assertThat(MessagesValidator.validate(Flavour.ANTHROPIC, out)).isEmpty();
        JsonNode before = Json.MAPPER.readTree(body);
        JsonNode after = Json.MAPPER.readTree(out);
        assertOnlyToolResultTextChanged(before, after, stripComments);
        assertThat(new CompressStage(new Compressor(stripComments), TokenEstimator.standard()).rewrite(body).body())
                .as("deterministic").isEqualTo(out);
    }

    /** Any body the proxy accepts (seeds: Claude Code bodies) is rewritten without an error into one it still accepts. */
    @FuzzTest(maxDuration = "60s")
    void anyAcceptedBodyIsRewrittenIntoAnAcceptedBody(byte[] body) {
        try {
            RequestSummary.of(body);
        } catch (ApiError.Failure refused) {
            return; // the proxy answers 400 before any stage runs
        }
        var stage = new CompressStage(new Compressor(false), TokenEstimator.standard());
        byte[] out = stage.rewrite(body).body();
        if (out == body) return;
        RequestSummary.of(out);
        assertOnlyToolResultTextChanged(Json.MAPPER.readTree(body), Json.MAPPER.readTree(out), false);
        assertThat(stage.rewrite(body).body()).as("the memo gives the same bytes").isEqualTo(out);
    }

    /** Everything but the text of tool results is equal; Read results are exact or a marker naming an earlier read. */
    private static void assertOnlyToolResultTextChanged(JsonNode before, JsonNode after, boolean stripComments) {
        assertThat(without(after)).isEqualTo(without(before));
        JsonNode b = before.path("messages");
        JsonNode a = after.path("messages");
        Map<String, JsonNode> callOf = new HashMap<>();
        if (!b.isArray()) return; // e.g. a later duplicate "messages" key holding an object: nothing to compare
        for (int i = 0; i < b.size(); i++) {
            JsonNode content = b.get(i).path("content");
            if (!content.isArray()) continue;
            for (int k = 0; k < content.size(); k++) {
                JsonNode block = content.get(k);
                if ("tool_use".equals(block.path("type").asString(""))) callOf.put(block.path("id").asString(""), block);
                if (!"tool_result".equals(block.path("type").asString(""))) continue;
                JsonNode was = block.path("content");
                JsonNode now = a.get(i).path("content").get(k).path("content");
                if (was.equals(now)) continue;
                JsonNode call = callOf.getOrDefault(block.path("tool_use_id").asString(""), Json.MAPPER.missingNode());
                if ("Read".equals(call.path("name").asString("")) && !stripComments) { // stripping comments is opt-in and marked
                    // a result given as one text block has that block's text replaced
                    String text = now.isString() ? now.asString() : now.size() == 1 ? now.path(0).path("text").asString("") : "";
                    assertThat(text.startsWith(MARKER) && text.contains("identical"))
                            .as("a Read result is exact or replaced whole by the re-read marker: %s", now).isTrue();
                }
                assertThat(Conversations.FILE_VIEWS).as("a file shown by cat, sed, head or tail is never condensed")
                        .doesNotContain(call.path("input").path("command").asString(""));
            }
        }
    }

    /** The request with the content of every tool result blanked out. */
    private static JsonNode without(JsonNode request) {
        JsonNode copy = request.deepCopy();
        for (JsonNode m : copy.path("messages")) {
            for (JsonNode block : m.path("content")) {
                if (block instanceof ObjectNode o && "tool_result".equals(o.path("type").asString("")) && o.has("content")) {
                    JsonNode c = o.path("content");
                    if (c.isString()) o.put("content", "");
                    else for (JsonNode inner : c) if (inner instanceof ObjectNode io && io.has("text")) io.put("text", "");
                }
            }
        }
        return copy;
    }
}
