package io.aismush.providers.anthropic;

import java.util.Set;

/**
 * What an Anthropic-compatible upstream other than Anthropic accepts, as data (PROTOCOL.md §3 for DeepSeek).
 *
 * @param droppedFields     top-level request fields it rejects or must not see (they may carry local paths)
 * @param unsupportedBlocks content block types it rejects; they are replaced by a short text note
 * @param maxOutputTokens   {@code max_tokens} is capped to this
 * @param contextWindow     the largest prompt it accepts, in tokens
 */
public record Quirks(Set<String> droppedFields, Set<String> unsupportedBlocks, int maxOutputTokens, long contextWindow) {

    public static Quirks deepSeek(int maxOutputTokens, long contextWindow) {
        return new Quirks(
                Set.of("safeguards", "container", "mcp_servers", "context_management", "output_config", "service_tier"),
                Set.of("document", "redacted_thinking", "search_result", "server_tool_use", "web_search_tool_result",
                        "web_fetch_tool_result", "code_execution_tool_result", "bash_code_execution_tool_result",
                        "text_editor_code_execution_tool_result", "mcp_tool_use", "mcp_tool_result", "container_upload"),
                maxOutputTokens, contextWindow);
    }
}
