package io.aismush.testkit;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * An in-process OpenAI Chat Completions server on 127.0.0.1 ({@code POST /v1/chat/completions}), scripted per test,
 * recording every request. By default it is strict: a request that breaks {@link ChatRequestRules} gets the 400 a
 * real server would send, before any scripted reply is used. Runs on {@link FakeUpstream}'s server, so the same
 * misbehaviours (cuts, gaps, gates) are available through {@link Reply}. Thread-safe; close it after the test.
 */
public final class FakeOpenAi implements AutoCloseable {
    public static final String DEFAULT_MODEL = "qwen3-coder:30b";
    public static final String DEFAULT_TEXT = "Hello from the fake OpenAI server.";

    private final FakeUpstream server;
    private final ConcurrentLinkedQueue<Reply> queued = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Function<ReceivedRequest, Reply>> responder = new AtomicReference<>(FakeOpenAi::defaultReply);
    private volatile boolean strict = true;

    private FakeOpenAi() {
        this.server = FakeUpstream.start();
        server.respondWith(this::answer);
    }

    public static FakeOpenAi start() {
        return new FakeOpenAi();
    }

    /** The OpenAI-style base URL, including {@code /v1}. */
    public URI baseUrl() {
        return URI.create(server.baseUrl() + "/v1");
    }

    /** Queues one reply for the next valid request. */
    public FakeOpenAi enqueue(Reply reply) {
        queued.add(reply);
        return this;
    }

    /** Answers every following valid request with the function's reply (after queued replies are used up). */
    public FakeOpenAi respondWith(Function<ReceivedRequest, Reply> f) {
        responder.set(f);
        return this;
    }

    /** Stops validating requests (to script answers to requests a real server would refuse). */
    public FakeOpenAi lenient() {
        strict = false;
        return this;
    }

    public ReceivedRequest takeRequest(Duration timeout) {
        return server.takeRequest(timeout);
    }

    public List<ReceivedRequest> requests() {
        return server.requests();
    }

    public int hangUps() {
        return server.hangUps();
    }

    private Reply answer(ReceivedRequest request) {
        if (!request.method().equals("POST") || !request.path().equals("/v1/chat/completions")) {
            return error(404, "Unknown request URL: " + request.method() + " " + request.path(), "invalid_request_error", "unknown_url");
        }
        if (strict) {
            Optional<String> violation = ChatRequestRules.violation(request.body());
            if (violation.isPresent()) return badRequest(violation.get());
        }
        Reply reply = queued.poll();
        return reply != null ? reply : responder.get().apply(request);
    }

    /** A short text answer, streamed (with a usage chunk) or whole, as the request asks. */
    public static Reply defaultReply(ReceivedRequest request) {
        boolean stream = AnthropicSse.JSON.readTree(request.body()).path("stream").asBoolean(false);
        return stream ? streaming(OpenAiSse.textStream(DEFAULT_MODEL, DEFAULT_TEXT, OpenAiSse.Tokens.SMALL))
                : nonStreaming(OpenAiSse.completion(DEFAULT_MODEL, null, DEFAULT_TEXT, List.of(), "stop", OpenAiSse.Tokens.SMALL));
    }

    // ---- named behaviours ----

    /** Chunks as an SSE response, the way OpenAI sends them. */
    public static Reply.Stream streaming(List<String> events) {
        return new Reply.Stream(200, Map.of("content-type", "text/event-stream; charset=utf-8", "cache-control", "no-cache",
                "x-request-id", "req_fake_openai"), events, Duration.ZERO, Duration.ZERO, null, -1);
    }

    /** A recorded transcript from {@code fixtures/openai/<name>.sse}. */
    public static Reply.Stream fixture(String name) {
        return streaming(OpenAiSse.fixtureEvents(name + ".sse"));
    }

    public static Reply.Json nonStreaming(String completionJson) {
        return new Reply.Json(200, Map.of("content-type", "application/json"), completionJson);
    }

    /** Text whose stream is padded with keep-alive comments and blank lines, as DeepSeek does under load. */
    public static Reply.Stream keepAlives(String text) {
        return streaming(OpenAiSse.withKeepAlives(OpenAiSse.textStream(DEFAULT_MODEL, text, OpenAiSse.Tokens.SMALL)));
    }

    /** One tool call whose arguments arrive in {@code pieces}. */
    public static Reply.Stream fragmentedToolCall(String id, String name, List<String> pieces) {
        return streaming(OpenAiSse.toolCalls(DEFAULT_MODEL, List.of(new OpenAiSse.Call(id, name, pieces)), false, OpenAiSse.Tokens.SMALL));
    }

    /** Several tool calls at indexes 0, 1, …. */
    public static Reply.Stream parallelToolCalls(List<OpenAiSse.Call> calls) {
        return streaming(OpenAiSse.toolCalls(DEFAULT_MODEL, calls, false, OpenAiSse.Tokens.SMALL));
    }

    /** Several tool calls all at index 0, told apart only by their ids (some local servers). */
    public static Reply.Stream indexReuse(List<OpenAiSse.Call> calls) {
        return streaming(OpenAiSse.toolCalls(DEFAULT_MODEL, calls, true, OpenAiSse.Tokens.SMALL));
    }

    public static Reply.Stream reasoning(String reasoning, String text) {
        return streaming(OpenAiSse.reasoningThenText(DEFAULT_MODEL, reasoning, text, OpenAiSse.Tokens.SMALL));
    }

    /** A 200 stream that reports an error object instead of its first chunk (vLLM, LiteLLM do this). */
    public static Reply.Stream errorInStream(String message, String type, String code) {
        return streaming(List.of("data: " + OpenAiSse.errorBody(message, type, code) + "\n\n", OpenAiSse.DONE));
    }

    /** Any error status with an OpenAI error body. */
    public static Reply.Json error(int status, String message, String type, String code) {
        return new Reply.Json(status, Map.of("content-type", "application/json"), OpenAiSse.errorBody(message, type, code));
    }

    public static Reply.Json badRequest(String message) {
        return error(400, message, "invalid_request_error", null);
    }

    public static Reply.Json unauthorized() {
        return error(401, "Incorrect API key provided: sk-****. You can find your API key at https://platform.openai.com/account/api-keys.",
                "invalid_request_error", "invalid_api_key");
    }

    public static Reply.Json rateLimited(int retryAfterSeconds) {
        return new Reply.Json(429, Map.of("content-type", "application/json", "retry-after", String.valueOf(retryAfterSeconds),
                "x-ratelimit-remaining-requests", "0"),
                OpenAiSse.errorBody("Rate limit reached for requests. Please try again in " + retryAfterSeconds + "s.", "requests", "rate_limit_exceeded"));
    }

    public static Reply.Json serverError() {
        return error(500, "The server had an error while processing your request. Sorry about that!", "server_error", null);
    }

    public static Reply.Json contextTooLong() {
        return error(400, "This model's maximum context length is 32768 tokens. However, your messages resulted in 40123 tokens.",
                "invalid_request_error", "context_length_exceeded");
    }

    @Override
    public void close() {
        server.close();
    }
}
