package io.aismush.testkit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.aismush.testkit.AnthropicSse.JSON;

/** Request bodies for validator tests: one valid tool loop that each test breaks in exactly one way. */
final class Requests {
    private Requests() {}

    static final String READ_ID = "toolu_01ReadAAAA";

    /** JSON written with single quotes, for readable literals. */
    static JsonNode json(String singleQuoted) {
        return JSON.readTree(singleQuoted.replace('\'', '"'));
    }

    static ObjectNode obj(String singleQuoted) {
        return (ObjectNode) json(singleQuoted);
    }

    /**
     * A valid tool loop for both flavours: thinking on, one Read call answered by its result, the assistant turn
     * starting with a thinking block signed by {@code signer}.
     */
    static ObjectNode toolLoop(Flavour signer) {
        ObjectNode body = obj("""
                {'model': 'claude-sonnet-4-5', 'max_tokens': 1024,
                 'thinking': {'type': 'enabled', 'budget_tokens': 2000},
                 'system': [{'type': 'text', 'text': 'You are a test.', 'cache_control': {'type': 'ephemeral'}}],
                 'tools': [{'name': 'Read', 'description': 'Reads a file', 'input_schema': {'type': 'object'}}],
                 'messages': [{'role': 'user', 'content': 'Read a.txt'}]}""");
        ArrayNode messages = (ArrayNode) body.get("messages");
        messages.add(assistant(ThinkingSse.thinkingBlock(signer, "I should read the file."),
                obj("{'type': 'tool_use', 'id': '" + READ_ID + "', 'name': 'Read', 'input': {'file_path': 'a.txt'}}")));
        messages.add(user(obj("{'type': 'tool_result', 'tool_use_id': '" + READ_ID + "', 'content': '1\\thello'}")));
        return body;
    }

    static ObjectNode assistant(JsonNode... blocks) {
        return message("assistant", blocks);
    }

    static ObjectNode user(JsonNode... blocks) {
        return message("user", blocks);
    }

    static ObjectNode message(String role, JsonNode... blocks) {
        ObjectNode message = JSON.createObjectNode().put("role", role);
        ArrayNode content = message.putArray("content");
        for (JsonNode block : blocks) content.add(block);
        return message;
    }

    static ObjectNode text(String text) {
        return JSON.createObjectNode().put("type", "text").put("text", text);
    }

    static ArrayNode messages(ObjectNode body) {
        return (ArrayNode) body.get("messages");
    }

    /** The content array of message {@code i}. */
    static ArrayNode content(ObjectNode body, int i) {
        return (ArrayNode) body.get("messages").get(i).get("content");
    }
}
