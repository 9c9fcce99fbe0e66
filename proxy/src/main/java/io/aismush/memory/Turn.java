package io.aismush.memory;

import java.util.List;

/**
 * What the proxy saw of one completed turn, handed to the extraction worker.
 *
 * @param sessionId     the session, or null
 * @param project       the normalised project, or null when unknown
 * @param humanText     what the human wrote in this request (when its newest message is the human's), else ""
 * @param assistantText the assistant's text blocks of the answer, joined
 * @param toolCalls     the tool calls of the answer
 */
public record Turn(String sessionId, String project, String humanText, String assistantText, List<ToolCall> toolCalls) {

    /** One tool call: its name and its input as JSON text. */
    public record ToolCall(String name, String inputJson) {}
}
