package io.aismush.compress;

import io.aismush.wire.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolResultsTest {

    @Test
    void findsEveryResultExactlyAsADecodingParserSeesIt() {
        var random = new Random(42);
        for (int round = 0; round < 200; round++) {
            ObjectNode request = request(random);
            for (boolean pretty : new boolean[] {false, true}) {
                byte[] body = (pretty ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(request)
                        : Json.MAPPER.writeValueAsString(request)).getBytes(StandardCharsets.UTF_8);
                assertThat(describe(body, ToolResults.scan(body))).isEqualTo(expected(request));
            }
        }
    }

    @Test
    void aBodyThatIsNotAnObjectOrHasNoMessagesHasNoResults() {
        assertThat(ToolResults.scan("[1,2]".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(ToolResults.scan("{\"model\":\"m\",\"max_tokens\":5}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void aTruncatedBodyIsRefusedNotMisread() {
        byte[] whole = ("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\","
                + "\"content\":\"abc\\\"def\"}]}]}").getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < whole.length - 1; cut++) {
            byte[] part = java.util.Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> ToolResults.scan(part)).as("cut at %d", cut).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** A conversation of random tool calls and results, with strings that put quotes and escapes at every offset. */
    private static ObjectNode request(Random random) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("model", "claude-x");
        root.putArray("system").addObject().put("type", "text").put("text", noise(random, 300));
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "user").put("content", noise(random, 40));
        int calls = 1 + random.nextInt(6);
        for (int k = 0; k < calls; k++) {
            String id = "toolu_" + k + (random.nextBoolean() ? "\"q" : "");
            ObjectNode use = messages.addObject().put("role", "assistant").putArray("content").addObject()
                    .put("type", "tool_use").put("id", id).put("name", random.nextBoolean() ? "Bash" : "Read");
            ObjectNode input = use.putObject("input").put("command", noise(random, 30));
            input.putArray("nested").addArray().add(1).add(noise(random, 5)).addObject().put("k", "]}");
            ObjectNode result = messages.addObject().put("role", "user").putArray("content").addObject()
                    .put("type", "tool_result").put("tool_use_id", id);
            if (random.nextInt(4) == 0) result.put("is_error", true);
            switch (random.nextInt(3)) {
                case 0 -> result.put("content", noise(random, 2_000));
                case 1 -> {
                    ArrayNode blocks = result.putArray("content");
                    for (int t = 0; t < 1 + random.nextInt(3); t++) blocks.addObject().put("type", "text").put("text", noise(random, 500));
                }
                default -> {
                    ArrayNode blocks = result.putArray("content");
                    blocks.addObject().put("type", "text").put("text", noise(random, 50));
                    blocks.addObject().put("type", "image").putObject("source").put("type", "base64").put("data", "AAAA");
                }
            }
        }
        root.put("max_tokens", 1000).put("stream", true);
        return root;
    }

    private static String noise(Random random, int length) {
        String alphabet = "ab \"\\\n\t/{}[]:,é漢😀\u0001";
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return sb.toString().replace("\uD83D", "x").replace("\uDE00", "y");
    }

    private static List<String> describe(byte[] body, List<ToolResults.Site> sites) {
        var out = new ArrayList<String>();
        for (var site : sites) {
            var texts = site.texts().stream().map(s -> Json.MAPPER.readValue(body, s.start(), s.length(), String.class)).toList();
            String call = site.call() == null ? null
                    : site.call().name() + Json.MAPPER.readTree(body, site.call().input().start(), site.call().input().length());
            out.add(site.toolUseId() + "|" + site.error() + "|" + texts + "|" + call);
        }
        return out;
    }

    private static List<String> expected(ObjectNode request) {
        var out = new ArrayList<String>();
        var calls = new java.util.HashMap<String, String>();
        for (JsonNode message : request.get("messages")) {
            if (!message.get("content").isArray()) continue;
            for (JsonNode block : message.get("content")) {
                if (block.get("type").asString().equals("tool_use")) calls.put(block.get("id").asString(), block.get("name").asString() + block.get("input"));
                if (!block.get("type").asString().equals("tool_result")) continue;
                JsonNode content = block.get("content");
                List<String> texts = new ArrayList<>();
                if (content.isString()) texts.add(content.asString());
                else {
                    for (JsonNode b : content) {
                        if (!b.get("type").asString().equals("text")) {
                            texts = null;
                            break;
                        }
                        texts.add(b.get("text").asString());
                    }
                }
                if (texts == null) continue;
                String id = block.get("tool_use_id").asString();
                out.add(id + "|" + block.path("is_error").asBoolean(false) + "|" + texts + "|" + calls.get(id));
            }
        }
        return out;
    }
}
