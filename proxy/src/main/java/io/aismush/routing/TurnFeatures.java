package io.aismush.routing;

import java.util.Set;

/**
 * What the router knows of one turn, extracted once per request by {@link TurnScanner}.
 *
 * @param modelRequested        the model the client asked for
 * @param sessionId             Claude Code's session id (header or {@code metadata.user_id}), or null
 * @param requestClass          Claude Code's {@code x-claude-code-request-class} hint, or null
 * @param onlyToolResults       the last user message holds tool results and nothing a human wrote
 * @param stepsSinceHuman       assistant messages since the last message with human text
 * @param humanTurns            user messages with human text in the whole conversation
 * @param recentErrors          {@code is_error} tool results among the last six messages
 * @param repeatedFailingCall   the same tool call (name and input) failed more than once recently
 * @param estimatedTokens       the prompt's estimated size in tokens
 * @param thinking              thinking is requested ({@code enabled} or {@code adaptive})
 * @param thinkingBudget        {@code budget_tokens} when thinking is {@code enabled}, else 0
 * @param hasImagesOrDocuments  an image or document block is present
 * @param keywords              routing keywords found in the latest human text (lower case)
 */
public record TurnFeatures(String modelRequested, String sessionId, String requestClass, boolean onlyToolResults,
                           int stepsSinceHuman, int humanTurns, int recentErrors, boolean repeatedFailingCall,
                           long estimatedTokens, boolean thinking, long thinkingBudget, boolean hasImagesOrDocuments,
                           Set<String> keywords) {

    /** Haiku-class models are what Claude Code uses for background work (titles, summaries, quick checks). */
    public boolean backgroundModel() {
        return modelRequested != null && modelRequested.toLowerCase(java.util.Locale.ROOT).contains("haiku");
    }

    /** The first human message of a conversation, before any answer. */
    public boolean sessionStart() {
        return humanTurns <= 1 && stepsSinceHuman == 0 && !onlyToolResults;
    }
}
