package io.aismush.testkit;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

import static io.aismush.testkit.AnthropicSse.JSON;
import static io.aismush.testkit.AnthropicSse.event;
import static io.aismush.testkit.AnthropicSse.obj;

/**
 * Assistant turns that start with a thinking block, streamed and not, signed by a {@link Flavour}: the fake of that
 * flavour accepts the block when the client sends it back, every other flavour's fake rejects it. The streamed form
 * is what Anthropic sends: content_block_start with empty thinking, thinking_delta pieces, one signature_delta,
 * content_block_stop, then the text or tool_use block.
 */
public final class ThinkingSse {
    private ThinkingSse() {}

    /** The thinking block as a client sends it back in a later request. */
    public static ObjectNode thinkingBlock(Flavour flavour, String thinking) {
        return obj().put("type", "thinking").put("thinking", thinking).put("signature", flavour.sign(thinking));
    }

    public static List<String> textTurn(Flavour flavour, String model, String thinking, String text, AnthropicSse.Tokens tokens) {
        var events = new ArrayList<String>();
        events.add(AnthropicSse.messageStart(model, tokens));
        events.addAll(thinkingEvents(flavour, 0, thinking));
        events.add(start(1, obj().put("type", "text").put("text", "")));
        for (String piece : AnthropicSse.pieces(text, 12)) events.add(delta(1, obj().put("type", "text_delta").put("text", piece)));
        events.add(stop(1));
        events.add(AnthropicSse.messageDelta("end_turn", tokens));
        events.add(event("message_stop", obj().put("type", "message_stop")));
        return events;
    }

    public static List<String> toolUseTurn(Flavour flavour, String model, String thinking, String toolId, String toolName,
                                           String inputJson, AnthropicSse.Tokens tokens) {
        var events = new ArrayList<String>();
        events.add(AnthropicSse.messageStart(model, tokens));
        events.addAll(thinkingEvents(flavour, 0, thinking));
        events.add(start(1, obj().put("type", "tool_use").put("id", toolId).put("name", toolName).set("input", obj())));
        for (String piece : AnthropicSse.pieces(inputJson, 20)) {
            events.add(delta(1, obj().put("type", "input_json_delta").put("partial_json", piece)));
        }
        events.add(stop(1));
        events.add(AnthropicSse.messageDelta("tool_use", tokens));
        events.add(event("message_stop", obj().put("type", "message_stop")));
        return events;
    }

    /** The non-streamed form of {@link #textTurn}. */
    public static String textMessage(Flavour flavour, String model, String thinking, String text, AnthropicSse.Tokens tokens) {
        ObjectNode root = message(model, "end_turn", tokens);
        ArrayNode content = (ArrayNode) root.get("content");
        content.add(thinkingBlock(flavour, thinking));
        content.addObject().put("type", "text").put("text", text);
        return JSON.writeValueAsString(root);
    }

    /** The non-streamed form of {@link #toolUseTurn}. */
    public static String toolUseMessage(Flavour flavour, String model, String thinking, String toolId, String toolName,
                                        String inputJson, AnthropicSse.Tokens tokens) {
        ObjectNode root = message(model, "tool_use", tokens);
        ArrayNode content = (ArrayNode) root.get("content");
        content.add(thinkingBlock(flavour, thinking));
        content.addObject().put("type", "tool_use").put("id", toolId).put("name", toolName).set("input", JSON.readTree(inputJson));
        return JSON.writeValueAsString(root);
    }

    private static List<String> thinkingEvents(Flavour flavour, int index, String thinking) {
        var events = new ArrayList<String>();
        events.add(start(index, obj().put("type", "thinking").put("thinking", "")));
        for (String piece : AnthropicSse.pieces(thinking, 16)) {
            if (!piece.isEmpty()) events.add(delta(index, obj().put("type", "thinking_delta").put("thinking", piece)));
        }
        events.add(delta(index, obj().put("type", "signature_delta").put("signature", flavour.sign(thinking))));
        events.add(stop(index));
        return events;
    }

    private static ObjectNode message(String model, String stopReason, AnthropicSse.Tokens tokens) {
        ObjectNode root = obj().put("id", "msg_fake_thinking").put("type", "message").put("role", "assistant").put("model", model);
        root.putArray("content");
        root.put("stop_reason", stopReason).putNull("stop_sequence");
        root.set("usage", AnthropicSse.usage(tokens));
        return root;
    }

    private static String start(int index, ObjectNode block) {
        return event("content_block_start", obj().put("type", "content_block_start").put("index", index).set("content_block", block));
    }

    private static String delta(int index, ObjectNode delta) {
        return event("content_block_delta", obj().put("type", "content_block_delta").put("index", index).set("delta", delta));
    }

    private static String stop(int index) {
        return event("content_block_stop", obj().put("type", "content_block_stop").put("index", index));
    }
}
