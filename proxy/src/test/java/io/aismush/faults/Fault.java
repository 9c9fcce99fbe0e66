package io.aismush.faults;

import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.FakeOpenAi;
import io.aismush.testkit.OpenAiSse;
import io.aismush.testkit.Reply;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.aismush.faults.Expect.answered;
import static io.aismush.faults.Expect.proxyError;

/**
 * Each way an upstream fails, with what the faulted upstream does (per wire format and mode) and what the client must
 * see (per provider and mode). Faults that concern where the upstream is, not what it says, have no reply: the rig
 * points the provider at a refusing port, an unresolvable host or a port that never accepts.
 */
enum Fault {
    RATE_LIMITED_429,
    SERVER_ERROR_500,
    OVERLOADED_529,
    CONNECTION_REFUSED,
    DNS_FAILURE,
    CONNECT_TIMEOUT,
    SLOW_FIRST_BYTE,
    SILENT_AFTER_HEADERS,
    CUT_AFTER_EVENTS,
    ERROR_EVENT_MID_STREAM,
    GARBAGE_BODY,
    GARBAGE_LINES_MID_STREAM,
    OVERSIZED_LINE_10MB,
    LINE_OVER_THE_EVENT_CAP,
    NEVER_ENDS;

    /** The proxy's timeouts in the matrix: short, so a timed-out case costs under a second. */
    static final Duration CONNECT = Duration.ofMillis(400);
    static final Duration FIRST_BYTE = Duration.ofMillis(700);
    static final Duration IDLE = Duration.ofMillis(700);
    /** The slow upstream's first byte: half again the first-byte timeout. */
    static final Duration SLOW = FIRST_BYTE.multipliedBy(3).dividedBy(2);
    /** How long the client waits for an answer that never ends before it hangs up. */
    static final Duration CLIENT_GIVES_UP = Duration.ofMillis(1500);

    static final String MODEL = "claude-opus-5-5";
    /** Short enough to travel in one text piece on either wire. */
    static final String TEXT = "All well";
    static final String GARBAGE = "\u0000\u0001garbage{{{ not JSON, not an event stream";
    private static final String BIG = "x".repeat(10 * 1024 * 1024);
    private static final String OVER_CAP = "y".repeat(17 * 1024 * 1024); // the proxy's SSE event cap is 16 MB

    /** Whether the fault exists in this mode (error events, garbage lines and event caps belong to streams). */
    boolean appliesTo(Mode mode) {
        return mode == Mode.STREAM || switch (this) {
            case ERROR_EVENT_MID_STREAM, GARBAGE_LINES_MID_STREAM, LINE_OVER_THE_EVENT_CAP -> false;
            default -> true;
        };
    }

    /** The client's deadline: generous, except where giving up is the point. */
    Duration clientDeadline() {
        return this == NEVER_ENDS ? CLIENT_GIVES_UP : Duration.ofSeconds(20);
    }

    /** The longest a case may take, client deadline and fallback included: no hang. */
    Duration bound() {
        return switch (this) {
            case NEVER_ENDS -> CLIENT_GIVES_UP.plusSeconds(2);
            case OVERSIZED_LINE_10MB, LINE_OVER_THE_EVENT_CAP -> Duration.ofSeconds(10);
            default -> Duration.ofSeconds(8); // generous: the machine is shared, and the first case warms the JVM
        };
    }

    /** The one error policy, spelled out per provider and mode. */
    Expect expect(Provider p, Mode m) {
        boolean stream = m.stream();
        return switch (this) {
            case RATE_LIMITED_429 -> answered(429, "rate_limit_error");
            case SERVER_ERROR_500 -> answered(500, "api_error");
            case OVERLOADED_529 -> answered(529, "overloaded_error");
            case CONNECTION_REFUSED, DNS_FAILURE -> proxyError(502, "api_error");
            case CONNECT_TIMEOUT, SLOW_FIRST_BYTE -> proxyError(504, "timeout_error");
            // Silent past the idle timeout before the first event or byte; the OpenAI provider maps it to an answer of its own.
            case SILENT_AFTER_HEADERS -> p.openAiWire && stream ? answered(504, "timeout_error") : proxyError(504, "timeout_error");
            // A whole answer from DeepSeek or an OpenAI server is read in full (to map it back) before the client gets a byte.
            case CUT_AFTER_EVENTS -> stream ? new Expect.ErrorEventAfter() : p == Provider.CLAUDE ? new Expect.CutBody() : proxyError(502, "api_error");
            case ERROR_EVENT_MID_STREAM -> p.openAiWire ? new Expect.ErrorEventAfter() : new Expect.RelayedErrorEvent("overloaded_error");
            // A stream is read up to its first event before the answer starts; the OpenAI provider maps a broken start
            // to an error answer of its own. A whole answer from Anthropic is relayed as it comes.
            case GARBAGE_BODY -> p.openAiWire && stream ? answered(502, "api_error")
                    : p == Provider.CLAUDE && !stream ? new Expect.RelayedUnchanged(GARBAGE) : proxyError(502, "api_error");
            case GARBAGE_LINES_MID_STREAM -> p.openAiWire ? new Expect.ErrorEventAfter() : new Expect.Complete(TEXT);
            case OVERSIZED_LINE_10MB -> new Expect.Complete(BIG);
            case LINE_OVER_THE_EVENT_CAP -> new Expect.ErrorEventAfter();
            case NEVER_ENDS -> new Expect.ClientGivesUp();
        };
    }

    /** What the faulted upstream answers, or null when the fault is in reaching it. */
    Reply reply(boolean openAiWire, Mode mode) {
        return openAiWire ? openAi(mode.stream()) : anthropic(mode.stream());
    }

    /** The events of the faulted upstream's stream that reach the client before the fault (Anthropic wire only). */
    List<String> eventsBeforeTheFault() {
        List<String> turn = anthropicTurn();
        return switch (this) {
            case CUT_AFTER_EVENTS, LINE_OVER_THE_EVENT_CAP -> turn.subList(0, 3);
            default -> List.of();
        };
    }

    private Reply anthropic(boolean stream) {
        List<String> turn = anthropicTurn();
        Reply.Json message = Reply.json(200, AnthropicSse.message(MODEL, TEXT, AnthropicSse.Tokens.SMALL));
        return switch (this) {
            case RATE_LIMITED_429 -> Reply.rateLimited(17);
            case SERVER_ERROR_500 -> Reply.serverError();
            case OVERLOADED_529 -> Reply.overloaded();
            case CONNECTION_REFUSED, DNS_FAILURE, CONNECT_TIMEOUT -> null;
            case SLOW_FIRST_BYTE -> stream ? Reply.stream(turn).withFirstByteDelay(SLOW) : Reply.late(message, SLOW);
            case SILENT_AFTER_HEADERS -> silence(stream);
            case CUT_AFTER_EVENTS -> stream ? Reply.cutMidStream(turn, 3) : Reply.cutBody(message, 20);
            case ERROR_EVENT_MID_STREAM -> Reply.errorEventMidStream(turn, 4);
            case GARBAGE_BODY -> stream ? Reply.garbageSse() : new Reply.Raw(200, "application/json", GARBAGE.getBytes(StandardCharsets.ISO_8859_1));
            case GARBAGE_LINES_MID_STREAM -> Reply.garbageLinesMidStream(turn, 4);
            case OVERSIZED_LINE_10MB -> stream ? Reply.stream(withAnthropicDelta(turn, BIG))
                    : Reply.json(200, AnthropicSse.message(MODEL, BIG, AnthropicSse.Tokens.SMALL));
            case LINE_OVER_THE_EVENT_CAP -> Reply.stream(withAnthropicDelta(turn, OVER_CAP));
            case NEVER_ENDS -> stream ? new Reply.EndlessKeepAlive(Duration.ofMillis(150)) : new Reply.Drip("application/json", " ", Duration.ofMillis(150));
        };
    }

    private Reply openAi(boolean stream) {
        List<String> chunks = OpenAiSse.textStream("qwen3-coder:30b", TEXT, OpenAiSse.Tokens.SMALL); // role, text, finish, usage, [DONE]
        Reply.Json completion = FakeOpenAi.nonStreaming(OpenAiSse.completion("qwen3-coder:30b", null, TEXT, List.of(), "stop", OpenAiSse.Tokens.SMALL));
        return switch (this) {
            case RATE_LIMITED_429 -> FakeOpenAi.rateLimited(17);
            case SERVER_ERROR_500 -> FakeOpenAi.serverError();
            case OVERLOADED_529 -> FakeOpenAi.error(529, "The engine is currently overloaded", "server_error", null);
            case CONNECTION_REFUSED, DNS_FAILURE, CONNECT_TIMEOUT -> null;
            case SLOW_FIRST_BYTE -> stream ? FakeOpenAi.streaming(chunks).withFirstByteDelay(SLOW)
                    : Reply.late(completion, SLOW);
            case SILENT_AFTER_HEADERS -> silence(stream);
            case CUT_AFTER_EVENTS -> stream ? FakeOpenAi.streaming(chunks).cutAfter(2) : Reply.cutBody(completion, 20);
            case ERROR_EVENT_MID_STREAM -> FakeOpenAi.streaming(List.of(chunks.get(0), chunks.get(1),
                    "data: " + OpenAiSse.errorBody("The engine is currently overloaded", "server_error", "overloaded") + "\n\n", OpenAiSse.DONE));
            case GARBAGE_BODY -> stream ? Reply.garbageSse() : new Reply.Raw(200, "application/json", GARBAGE.getBytes(StandardCharsets.ISO_8859_1));
            case GARBAGE_LINES_MID_STREAM -> Reply.garbageLinesMidStream(chunks, 2);
            case OVERSIZED_LINE_10MB -> stream ? FakeOpenAi.streaming(withOpenAiContent(chunks, BIG))
                    : FakeOpenAi.nonStreaming(OpenAiSse.completion("qwen3-coder:30b", null, BIG, List.of(), "stop", OpenAiSse.Tokens.SMALL));
            case LINE_OVER_THE_EVENT_CAP -> FakeOpenAi.streaming(withOpenAiContent(chunks, OVER_CAP));
            case NEVER_ENDS -> stream ? new Reply.EndlessKeepAlive(Duration.ofMillis(150)) : new Reply.Drip("application/json", " ", Duration.ofMillis(150));
        };
    }

    /** A 200's headers, then nothing until the proxy hangs up. */
    private static Reply silence(boolean stream) {
        return new Reply.Stall(200, java.util.Map.of("content-type", stream ? "text/event-stream; charset=utf-8" : "application/json"), new byte[0]);
    }

    /** message_start, content_block_start, ping, one text delta, content_block_stop, message_delta, message_stop. */
    static List<String> anthropicTurn() {
        return AnthropicSse.textTurn(MODEL, TEXT, AnthropicSse.Tokens.SMALL);
    }

    /** The turn with its one text delta carrying {@code text}, on one line. */
    private static List<String> withAnthropicDelta(List<String> turn, String text) {
        var events = new ArrayList<>(turn);
        events.set(3, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
                + text + "\"}}\n\n");
        return events;
    }

    /** The chunk stream with its one content chunk carrying {@code text}, on one line. */
    private static List<String> withOpenAiContent(List<String> chunks, String text) {
        var events = new ArrayList<>(chunks);
        events.set(1, "data: {\"id\":\"chatcmpl-text\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"qwen3-coder:30b\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n");
        return events;
    }
}
