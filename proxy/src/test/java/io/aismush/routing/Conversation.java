package io.aismush.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds small Messages bodies for routing tests, message by message. */
final class Conversation {
    private final List<String> messages = new ArrayList<>();
    private String model = "claude-opus-5-5";
    private String thinking = "{\"type\":\"adaptive\"}";
    private int ids;

    Conversation model(String m) {
        model = m;
        return this;
    }

    Conversation thinking(String json) {
        thinking = json;
        return this;
    }

    Conversation human(String text) {
        messages.add("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"<system-reminder>\\nplan design architecture\\n</system-reminder>\"},"
                + "{\"type\":\"text\",\"text\":\"" + text + "\"}]}");
        return this;
    }

    /** An assistant tool call and its result. */
    Conversation step(String tool, String input, String result, boolean error) {
        String id = "toolu_" + (++ids);
        messages.add("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"On it.\"},{\"type\":\"tool_use\",\"id\":\"" + id
                + "\",\"name\":\"" + tool + "\",\"input\":" + input + "}]}");
        messages.add("{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"" + id + "\",\"content\":\"" + result
                + "\"" + (error ? ",\"is_error\":true" : "") + "}]}");
        return this;
    }

    Conversation answer(String text) {
        messages.add("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}");
        return this;
    }

    Conversation image() {
        messages.add("{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}},{\"type\":\"text\",\"text\":\"what is this\"}]}");
        return this;
    }

    byte[] body() {
        return ("{\"model\":\"" + model + "\",\"messages\":[" + String.join(",", messages) + "],\"max_tokens\":1000,\"thinking\":" + thinking
                + ",\"metadata\":{\"user_id\":\"{\\\"device_id\\\":\\\"d\\\",\\\"account_uuid\\\":\\\"\\\",\\\"session_id\\\":\\\"s-1\\\"}\"},\"stream\":true}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
