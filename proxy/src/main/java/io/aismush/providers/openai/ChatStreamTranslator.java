package io.aismush.providers.openai;

import io.aismush.providers.Signatures;
import io.aismush.providers.ToolNames;
import io.aismush.wire.ApiError;
import io.aismush.wire.EventSource;
import io.aismush.wire.Json;
import io.aismush.wire.SseEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Translates a Chat Completions stream ({@code data:} chunks ending in {@code [DONE]}) into Anthropic's stream, as an
 * explicit state machine: a {@link Phase} for the message and a {@link Block} for the open content block, with one
 * small method per kind of upstream event. Each upstream event yields zero or more Anthropic events, queued and
 * handed out one at a time.
 *
 * <p>Rules: {@code message_start} comes first; a block opens only for non-blank content and is closed before the next
 * opens; a thinking block gets a {@code signature_delta} marked with this provider before it closes; tool-call
 * fragments are keyed by {@code index}, and a fragment with a new {@code id} starts a new call even at a reused
 * index; a fragment of a call already closed (interleaved parallel calls), or a second call with the same id, is
 * refused, so no id is used twice; the final {@code message_delta} waits for the usage chunk (or {@code [DONE]}) so
 * it carries the usage; {@code [DONE]} and keep-alives are consumed, never emitted; a keep-alive after a long silence
 * becomes a {@code ping}. An {@code error} chunk or a stream that ends early throws an {@link IOException}.
 *
 * <p>Not thread-safe: one reader. Closing it closes the upstream stream.
 */
public final class ChatStreamTranslator implements EventSource {
    /** How long the client may go without an event before a keep-alive from upstream is passed on as a ping. */
    public static final Duration PING_AFTER = Duration.ofSeconds(15);

    private enum Phase { AWAITING_FIRST_CHUNK, STREAMING, FINISHING, ENDED }

    private enum Block { NONE, TEXT, THINKING, TOOL_USE }

    private final EventSource upstream;
    private final String provider;
    private final String requestedModel;
    private final ToolNames toolNames;
    private final LongSupplier nanoClock;
    private final long pingAfterNanos;
    private final ArrayDeque<SseEvent> out = new ArrayDeque<>();

    private Phase phase = Phase.AWAITING_FIRST_CHUNK;
    private Block block = Block.NONE;
    private int blockIndex = -1;
    private Block pendingKind = Block.NONE;
    private final StringBuilder pending = new StringBuilder(); // blank text held back until real text follows
    private ToolCall tool; // the open tool_use block, when block == TOOL_USE
    private final Set<Integer> closedToolIndexes = new HashSet<>();
    private final Set<String> toolIds = new HashSet<>(); // upstream ids of the calls opened so far
    private int toolCalls;
    private String messageId;
    private String finishReason;
    private ChatUsage usage = ChatUsage.NONE;
    private long lastEmitNanos;

    /** The tool call being streamed: its upstream index and id (null when the upstream gave none). */
    private record ToolCall(int index, String upstreamId) {}

    public ChatStreamTranslator(EventSource upstream, String provider, String requestedModel, ToolNames toolNames) {
        this(upstream, provider, requestedModel, toolNames, System::nanoTime, PING_AFTER);
    }

    ChatStreamTranslator(EventSource upstream, String provider, String requestedModel, ToolNames toolNames,
                         LongSupplier nanoClock, Duration pingAfter) {
        this.upstream = upstream;
        this.provider = provider;
        this.requestedModel = requestedModel;
        this.toolNames = toolNames;
        this.nanoClock = nanoClock;
        this.pingAfterNanos = pingAfter.toNanos();
        this.lastEmitNanos = nanoClock.getAsLong();
    }

    /**
     * Reads until the first Anthropic event ({@code message_start}) is ready, so a stream that fails before its
     * first chunk can still be answered with an HTTP error instead of a 200.
     */
    void prime() throws IOException {
        fill();
    }

    @Override
    public SseEvent next() throws IOException {
        fill();
        SseEvent event = out.poll();
        if (event != null) lastEmitNanos = nanoClock.getAsLong();
        return event;
    }

    private void fill() throws IOException {
        while (out.isEmpty() && phase != Phase.ENDED) {
            SseEvent event = upstream.next();
            if (event == null) {
                onEndOfStream();
            } else if (event.isKeepAlive()) {
                onKeepAlive();
            } else {
                String data = event.data();
                if (data == null) continue; // an event with only id:/retry: fields
                if (data.strip().equals("[DONE]")) onDone();
                else onChunk(parse(data));
            }
        }
    }

    // ---- one method per upstream event ----

    private void onChunk(JsonNode chunk) throws IOException {
        if (chunk.has("error")) throw new UpstreamError(UpstreamErrors.fromErrorObject(chunk, 502, provider));
        if (phase == Phase.AWAITING_FIRST_CHUNK) onFirstChunk(chunk);
        boolean usageArrived = chunk.path("usage").isObject();
        if (usageArrived) usage = ChatUsage.from(chunk.path("usage"));
        if (phase == Phase.FINISHING) {
            if (usageArrived) finish(); // the include_usage chunk after finish_reason: the message can end now
            return;
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) return;
        JsonNode delta = choice.path("delta");
        onReasoning(text(delta.has("reasoning_content") ? delta.path("reasoning_content") : delta.path("reasoning")));
        onContent(text(delta.path("content")));
        JsonNode calls = delta.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) onToolCallFragment(calls.get(i), i);
        JsonNode reason = choice.path("finish_reason");
        if (reason.isString()) onFinishReason(reason.asString());
    }

    private void onFirstChunk(JsonNode chunk) {
        String id = chunk.path("id").asString("");
        messageId = id.isEmpty() ? "msg_" + UUID.randomUUID().toString().replace("-", "") : "msg_" + id;
        String model = chunk.path("model").asString("");
        if (chunk.path("usage").isObject()) usage = ChatUsage.from(chunk.path("usage"));
        out.add(AnthropicEvents.messageStart(messageId, model.isEmpty() ? requestedModel : model, usage.toAnthropic()));
        phase = Phase.STREAMING;
    }

    private void onReasoning(String piece) {
        if (!piece.isEmpty()) piece(Block.THINKING, piece);
    }

    private void onContent(String piece) {
        if (!piece.isEmpty()) piece(Block.TEXT, piece);
    }

    private void onToolCallFragment(JsonNode fragment, int position) throws IOException {
        int index = fragment.path("index").asInt(position);
        String id = fragment.path("id").asString("");
        JsonNode function = fragment.path("function");
        boolean sameCall = block == Block.TOOL_USE && tool.index() == index
                && (id.isEmpty() || id.equals(tool.upstreamId()));
        if (!sameCall) {
            if (id.isEmpty() ? closedToolIndexes.contains(index) : toolIds.contains(id)) {
                // a call already streamed goes on (or an id comes twice): its arguments would be split over two blocks,
                // and a repeated id would make the client's next request invalid (tool_use ids must be unique)
                throw new IOException("upstream interleaved the arguments of parallel tool calls (index " + index
                        + (id.isEmpty() ? "" : ", id " + id) + ")");
            }
            openToolUse(index, id.isEmpty() ? null : id, function.path("name").asString(""));
        }
        JsonNode arguments = function.path("arguments");
        String piece = arguments.isString() ? arguments.asString() : arguments.isObject() ? Json.MAPPER.writeValueAsString(arguments) : "";
        if (!piece.isEmpty()) out.add(AnthropicEvents.inputJsonDelta(blockIndex, piece));
    }

    private void onFinishReason(String reason) {
        closeBlock();
        finishReason = reason;
        phase = Phase.FINISHING;
    }

    private void onDone() throws IOException {
        if (phase == Phase.AWAITING_FIRST_CHUNK) throw new IOException("upstream ended its stream ([DONE]) without a single chunk");
        finish(); // a server that never sent finish_reason: the message ends as it stands
    }

    private void onEndOfStream() throws IOException {
        switch (phase) {
            case AWAITING_FIRST_CHUNK -> throw new IOException("upstream ended its stream without a single chunk");
            case STREAMING -> throw new IOException("upstream stream ended before its finish_reason");
            case FINISHING -> finish(); // finished, but without [DONE]: nothing is missing
            case ENDED -> { }
        }
    }

    private void onKeepAlive() {
        if (phase != Phase.STREAMING && phase != Phase.FINISHING) return; // a ping must not precede message_start
        if (nanoClock.getAsLong() - lastEmitNanos >= pingAfterNanos) out.add(AnthropicEvents.ping());
    }

    // ---- blocks ----

    /** Appends a piece of text or thinking, opening its block first; blank pieces wait until real text follows. */
    private void piece(Block kind, String piece) {
        if (block == kind) {
            out.add(kind == Block.TEXT ? AnthropicEvents.textDelta(blockIndex, piece) : AnthropicEvents.thinkingDelta(blockIndex, piece));
            return;
        }
        if (pendingKind != kind) {
            pending.setLength(0);
            pendingKind = kind;
        }
        pending.append(piece);
        if (piece.isBlank()) return;
        String text = pending.toString();
        closeBlock();
        blockIndex++;
        block = kind;
        out.add(kind == Block.TEXT ? AnthropicEvents.textStart(blockIndex) : AnthropicEvents.thinkingStart(blockIndex));
        out.add(kind == Block.TEXT ? AnthropicEvents.textDelta(blockIndex, text) : AnthropicEvents.thinkingDelta(blockIndex, text));
    }

    private void openToolUse(int index, String upstreamId, String upstreamName) {
        closeBlock();
        blockIndex++;
        block = Block.TOOL_USE;
        tool = new ToolCall(index, upstreamId);
        if (upstreamId != null) toolIds.add(upstreamId);
        String id = upstreamId == null ? ToolIds.generated(messageId, toolCalls) : ToolIds.sanitise(upstreamId);
        toolCalls++;
        out.add(AnthropicEvents.toolUseStart(blockIndex, id, toolNames.toClient(upstreamName)));
    }

    private void closeBlock() {
        pending.setLength(0);
        pendingKind = Block.NONE;
        switch (block) {
            case NONE -> { return; }
            case THINKING -> out.add(AnthropicEvents.signatureDelta(blockIndex, Signatures.mark(provider, "")));
            case TOOL_USE -> closedToolIndexes.add(tool.index());
            case TEXT -> { }
        }
        out.add(AnthropicEvents.blockStop(blockIndex));
        block = Block.NONE;
        tool = null;
    }

    private void finish() {
        closeBlock();
        out.add(AnthropicEvents.messageDelta(StopReasons.of(finishReason, toolCalls > 0), usage.toAnthropic()));
        out.add(AnthropicEvents.messageStop());
        phase = Phase.ENDED;
    }

    // ---- helpers ----

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : "";
    }

    private static JsonNode parse(String data) throws IOException {
        try {
            JsonNode chunk = Json.MAPPER.readTree(data);
            if (!chunk.isObject()) throw new IOException("upstream sent a chunk that is not a JSON object");
            return chunk;
        } catch (JacksonException e) {
            throw new IOException("upstream sent a malformed chunk: " + e.getOriginalMessage());
        }
    }

    @Override
    public void close() throws IOException {
        upstream.close();
    }

    /** The upstream reported an error inside its stream; carries the error in Anthropic's terms. */
    public static final class UpstreamError extends IOException {
        private final ApiError error;

        UpstreamError(ApiError error) {
            super(error.message());
            this.error = error;
        }

        public ApiError error() {
            return error;
        }
    }
}
