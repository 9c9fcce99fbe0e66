package io.aismush.providers.openai;

import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.RequestBody;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.providers.IdleWatchdog;
import io.aismush.providers.Provider;
import io.aismush.providers.Upstream;
import io.aismush.wire.ApiError;
import io.aismush.wire.Headers;
import io.aismush.wire.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;

/**
 * An OpenAI-compatible upstream (Chat Completions): the Messages request is translated to a Chat request, sent with
 * this provider's own headers only (the client's {@code x-api-key}, {@code Authorization} and {@code anthropic-*}
 * headers never reach a foreign server), and the answer is translated back: a stream into Anthropic events, a
 * completion into an Anthropic message, an error status into an Anthropic error with the matching status and type.
 * Thread-safe and shared by all requests.
 */
public final class OpenAiProvider implements Provider {
    /** The largest non-streamed answer read; more means a broken upstream. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;

    private final OpenAiProviderConfig config;
    private final Upstream upstream;

    public OpenAiProvider(OpenAiProviderConfig config, Upstream upstream) {
        this.config = config;
        this.upstream = upstream;
    }

    @Override
    public String name() {
        return config.name();
    }

    public OpenAiProviderConfig config() {
        return config;
    }

    @Override
    public UpstreamResponse call(Exchange exchange) throws IOException {
        if (!exchange.isMessages()) {
            throw new ApiError.Failure(ApiError.notFound("the " + name() + " provider serves POST /v1/messages only, not " + exchange.path()));
        }
        String model = exchange.route().model() != null ? exchange.route().model() : config.model();
        var translated = ChatRequests.translate(clientRequest(exchange), model, name(), config.maxOutputTokens());
        byte[] upstreamRequest = Json.MAPPER.writeValueAsBytes(translated.body());
        UpstreamResponse upstreamResponse = upstream.send(name(), config.chatCompletionsUrl(), "POST",
                new RequestBody(upstreamRequest), upstreamHeaders(translated.stream()));
        try {
            return clientResponse(upstreamResponse, translated, model);
        } catch (IOException | RuntimeException e) {
            upstreamResponse.close();
            throw e;
        }
    }

    private UpstreamResponse clientResponse(UpstreamResponse upstreamResponse, ChatRequests.Translated translated, String model) throws IOException {
        if (!upstreamResponse.isSuccess()) return error(upstreamResponse);
        return switch (upstreamResponse.body()) {
            case UpstreamResponse.EventStream events when translated.stream() -> {
                var translator = new ChatStreamTranslator(events.events(), name(), model, translated.toolNames());
                ApiError early = prime(translator);
                if (early != null) {
                    upstreamResponse.close();
                    yield errorResponse(early, Headers.of());
                }
                yield new UpstreamResponse(name(), 200, sseHeaders(), new UpstreamResponse.EventStream(translator));
            }
            case UpstreamResponse.EventStream ignored -> throw new ApiError.Failure(ApiError.badGateway(
                    "the " + name() + " upstream streamed an answer that was asked for in one piece"));
            case UpstreamResponse.Bytes bytes -> {
                var message = ChatCompletions.toMessage(completion(bytes.in()), name(), model, translated.toolNames());
                upstreamResponse.close();
                yield translated.stream()
                        ? new UpstreamResponse(name(), 200, sseHeaders(), new UpstreamResponse.EventStream(new MessageReplay(message)))
                        : new UpstreamResponse(name(), 200, jsonHeaders(), new UpstreamResponse.Bytes(
                                new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(message))));
            }
        };
    }

    /**
     * Reads the stream up to its first event, so an upstream that fails before answering gets an HTTP error, not a
     * 200 with an empty stream. Returns that error, or null when the stream started.
     */
    private ApiError prime(ChatStreamTranslator translator) throws IOException {
        try {
            translator.prime();
            return null;
        } catch (ChatStreamTranslator.UpstreamError e) {
            return e.error();
        } catch (IdleWatchdog.UpstreamIdleException e) {
            return ApiError.gatewayTimeout("the " + name() + " upstream sent nothing in time: " + e.getMessage());
        } catch (InterruptedIOException e) {
            throw e; // the client went away
        } catch (IOException e) {
            // The JDK's response stream reports an interrupt as a plain IOException: the client went away.
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("client went away while waiting for the first chunk");
            return ApiError.badGateway("the " + name() + " upstream broke before answering: " + e.getMessage());
        }
    }

    private UpstreamResponse error(UpstreamResponse upstreamResponse) throws IOException {
        byte[] body;
        try (upstreamResponse) {
            body = switch (upstreamResponse.body()) {
                case UpstreamResponse.Bytes bytes -> bytes.in().readNBytes(UpstreamErrors.MAX_BODY);
                case UpstreamResponse.EventStream ignored -> new byte[0];
            };
        }
        var headers = new ArrayList<Headers.Field>();
        for (String name : new String[] {"retry-after", "retry-after-ms"}) {
            upstreamResponse.headers().first(name).ifPresent(v -> headers.add(new Headers.Field(name, v)));
        }
        return errorResponse(UpstreamErrors.fromResponse(upstreamResponse.status(), body, name()), Headers.of(headers));
    }

    private UpstreamResponse errorResponse(ApiError error, Headers extra) {
        var fields = new ArrayList<>(jsonHeaders().fields());
        fields.addAll(extra.fields());
        return new UpstreamResponse(name(), error.status(), Headers.of(fields),
                new UpstreamResponse.Bytes(new ByteArrayInputStream(error.toJson())));
    }

    private JsonNode completion(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
        if (body.length > MAX_ANSWER_BYTES) throw new ApiError.Failure(ApiError.badGateway("the " + name() + " upstream's answer is too large"));
        try {
            JsonNode completion = Json.MAPPER.readTree(body);
            if (completion.has("error")) throw new ApiError.Failure(UpstreamErrors.fromErrorObject(completion, 502, name()));
            if (!completion.path("choices").isArray()) throw new ApiError.Failure(ApiError.badGateway("the " + name() + " upstream answered without choices"));
            return completion;
        } catch (JacksonException e) {
            throw new ApiError.Failure(ApiError.badGateway("the " + name() + " upstream answered with malformed JSON"), e);
        }
    }

    private static JsonNode clientRequest(Exchange exchange) {
        try {
            JsonNode request = Json.MAPPER.readTree(exchange.body().bytes());
            if (!request.isObject() || !request.path("messages").isArray()) {
                throw new ApiError.Failure(ApiError.invalidRequest("messages: field required"));
            }
            return request;
        } catch (JacksonException e) {
            throw new ApiError.Failure(ApiError.invalidRequest("request body is not valid JSON"), e);
        }
    }

    /** Only our own headers: content type, accept, and this provider's key. */
    private Headers upstreamHeaders(boolean stream) {
        var fields = new ArrayList<Headers.Field>();
        fields.add(new Headers.Field("content-type", "application/json"));
        fields.add(new Headers.Field("accept", stream ? "text/event-stream" : "application/json"));
        if (config.apiKey() != null && !config.apiKey().isBlank()) fields.add(new Headers.Field("authorization", "Bearer " + config.apiKey()));
        return Headers.of(fields);
    }

    private static Headers sseHeaders() {
        return Headers.of("content-type", "text/event-stream; charset=utf-8", "cache-control", "no-cache");
    }

    private static Headers jsonHeaders() {
        return Headers.of("content-type", "application/json");
    }
}
