package io.aismush.providers.openai;

/** Chat {@code finish_reason} → Anthropic {@code stop_reason}. */
final class StopReasons {
    private StopReasons() {}

    /**
     * stop → end_turn, length → max_tokens, tool_calls (and the legacy function_call) → tool_use,
     * content_filter → refusal. Some servers (Ollama among them) say {@code stop} after calling tools; the client
     * runs tools only on {@code tool_use}, so an answer that holds tool calls stops with {@code tool_use} unless it
     * was cut by the length limit.
     */
    static String of(String finishReason, boolean hasToolCalls) {
        String reason = switch (finishReason == null ? "" : finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
        return hasToolCalls && reason.equals("end_turn") ? "tool_use" : reason;
    }
}
