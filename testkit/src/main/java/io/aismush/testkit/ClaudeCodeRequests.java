package io.aismush.testkit;

import java.nio.charset.StandardCharsets;

/**
 * Request bodies shaped like Claude Code's: top-level keys in its order, three system blocks with cache markers,
 * a {@code role:"system"} message, tools, and real-looking tool results, padded to a chosen size. Deliberately
 * full of things a careless proxy would change: unknown fields, unusual spacing, escapes, non-ASCII text.
 */
public final class ClaudeCodeRequests {
    private ClaudeCodeRequests() {}

    /** A streamed request of about {@code approxBytes} bytes. */
    public static byte[] streamed(int approxBytes) {
        return build(approxBytes, true);
    }

    public static byte[] plain(int approxBytes) {
        return build(approxBytes, false);
    }

    /** About the size of one Read round trip below. */
    private static final int TURN_BYTES = 5_900;

    private static byte[] build(int approxBytes, boolean stream) {
        var sb = new StringBuilder(approxBytes + 4096);
        sb.append("{\"model\":\"claude-opus-5-5\",\"messages\":[");
        sb.append("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"<system-reminder>\\nAs you answer the user's questions, you can use the following context.\\n</system-reminder>\"},")
          .append("{\"type\":\"text\",\"text\":\"Fix the failing test in src/test/java/CartTest.java — it says «total» is wrong \\u00e9\\ud83d\\ude00\"}]},");
        sb.append("{\"role\":\"system\",\"content\":\"Environment: working directory /home/dev/shop, platform linux\",\"output_config\":{\"effort\":\"high\"}},");
        var tail = new StringBuilder(16 * 1024);
        tail.append("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Now run the tests.\",\"cache_control\":{\"type\":\"ephemeral\"}}]}],");
        tail.append("\"system\":[{\"type\":\"text\",\"text\":\"x-anthropic-billing-header: cc_version=2.1.330.abc; cc_entrypoint=cli;\"},")
          .append("{\"type\":\"text\",\"text\":\"You are Claude Code, Anthropic's official CLI for Claude.\",\"cache_control\":{\"type\":\"ephemeral\"}},")
          .append("{\"type\":\"text\",\"text\":\"").append("You are an interactive CLI tool. ".repeat(40)).append("\",\"cache_control\":{\"type\":\"ephemeral\"}}],");
        tail.append("\"tools\":[");
        for (int t = 0; t < 12; t++) {
            if (t > 0) tail.append(',');
            tail.append("{\"name\":\"Tool").append(t).append("\",\"description\":\"").append("Does a useful thing. ".repeat(30))
              .append("\",\"input_schema\":{\"type\":\"object\",\"properties\":{\"file_path\":{\"type\":\"string\"}},\"required\":[\"file_path\"],\"additionalProperties\":false,\"$schema\":\"http://json-schema.org/draft-07/schema#\"}}");
        }
        tail.append("],\"metadata\":{\"user_id\":\"{\\\"device_id\\\":\\\"").append("ab".repeat(32))
          .append("\\\",\\\"account_uuid\\\":\\\"\\\",\\\"session_id\\\":\\\"0f2c7a2e-5b0e-4c1e-9a8a-1d2e3f405060\\\"}\"},");
        tail.append("\"max_tokens\":128000,\"thinking\":{\"type\":\"adaptive\"},\"context_management\":{\"edits\":[{\"type\":\"clear_thinking_20251015\",\"keep\":\"all\"}]},")
          .append("\"output_config\":{\"effort\":\"high\"},\"an_unknown_future_field\":{\"kept\": [1, 2.50, -0.0, 1e3]},");
        tail.append("\"stream\":").append(stream).append('}');
        int turn = 0;
        while (sb.length() + tail.length() + TURN_BYTES < approxBytes) {
            String id = "toolu_01" + String.format("%016d", turn);
            sb.append("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Let me read the file.\"},")
              .append("{\"type\":\"tool_use\",\"id\":\"").append(id).append("\",\"name\":\"Read\",\"input\":{\"file_path\":\"/home/dev/shop/src/Cart")
              .append(turn).append(".java\"}}]},");
            sb.append("{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"").append(id).append("\",\"content\":\"");
            for (int line = 1; line <= 60; line++) {
                sb.append(line).append("\\t    public long total").append(line).append("() { return items.stream().mapToLong(Item::price).sum(); } // \\\"sum\\\"\\n");
            }
            sb.append("\"}]},");
            turn++;
        }
        sb.append(tail);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
