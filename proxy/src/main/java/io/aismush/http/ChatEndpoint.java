package io.aismush.http;

import io.aismush.http.openai.ChatAnswers;
import io.aismush.http.openai.ChatStreamWriter;
import io.aismush.http.openai.ChatToMessages;
import io.aismush.metering.RequestRecord.Outcome;
import io.aismush.metering.ResponseObserver;
import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.wire.ApiError;
import io.aismush.wire.Headers;
import io.aismush.wire.Json;
import io.aismush.wire.RequestSummary;
import io.aismush.wire.SseEvent;
import io.aismush.wire.EventSource;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Locale;

/**
 * {@code POST /v1/chat/completions}: an OpenAI-format client's request, translated into a Messages exchange that
 * runs through the same pipeline as Claude Code's (compression, routing, providers, accounting), and the Anthropic
 * answer translated back, streamed or whole. The observer still reads the Anthropic answer, so records and totals
 * are the same as for a Messages client. One instance per request.
 *
 * <p>Auth: the client's bearer token goes to Anthropic as received, except that an Anthropic console key
 * ({@code sk-ant-api…}) sent as a bearer token moves to {@code x-api-key}, where Anthropic expects it. Other
 * providers use aismush's own keys, as for every request.
 */
final class ChatEndpoint {
    static final String PATH = "/v1/chat/completions";

    private final Exchange hub;
    private final boolean includeUsage;

    private ChatEndpoint(Exchange hub, boolean includeUsage) {
        this.hub = hub;
        this.includeUsage = includeUsage;
    }

    static boolean handles(Exchange exchange) {
        return exchange.method().equals("POST") && exchange.path().equals(PATH);
    }

    /** @throws ApiError.Failure 400 when the body is not a usable Chat request */
    static ChatEndpoint of(Exchange chat) {
        String contentType = chat.headers().first("content-type").orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).contains("application/json")) {
            throw new ApiError.Failure(ApiError.invalidRequest("content-type must be application/json"));
        }
        RequestSummary.of(chat.body().bytes()); // validates UTF-8 and JSON with the proxy's usual messages
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(chat.body().bytes());
        } catch (JacksonException e) {
            throw new ApiError.Failure(ApiError.invalidRequest("request body is not valid JSON"));
        }
        byte[] body = Json.MAPPER.writeValueAsBytes(ChatToMessages.translate(request));
        Exchange hub = new Exchange(chat.id(), "POST", "/v1/messages", null, hubHeaders(chat.headers()),
                new io.aismush.pipeline.RequestBody(body), RequestSummary.of(body), chat.startNanos());
        return new ChatEndpoint(hub, request.path("stream_options").path("include_usage").asBoolean(false));
    }

    /** The Messages exchange to run through the pipeline. */
    Exchange hub() {
        return hub;
    }

    private static Headers hubHeaders(Headers client) {
        Headers h = client.without(n -> n.startsWith("openai-") || n.equals("content-length"));
        String auth = h.first("authorization").orElse("");
        if (h.first("x-api-key").isEmpty() && auth.regionMatches(true, 0, "Bearer sk-ant-api", 0, 17)) {
            h = h.without(n -> n.equals("authorization")).with("x-api-key", auth.substring(7).trim());
        }
        if (h.first("anthropic-version").isEmpty()) h = h.with("anthropic-version", "2023-06-01");
        return h.with("content-type", "application/json");
    }

    /** Answers the client in Chat format and says how it ended. */
    Outcome respond(UpstreamResponse upstream, Response client, ResponseObserver observer) throws IOException {
        if (!upstream.isSuccess()) {
            byte[] body = readAll(upstream, observer);
            ClientIo.sendJson(client, upstream.status(), ChatAnswers.error(body, upstream.status()));
            return Outcome.UPSTREAM_ERROR;
        }
        if (upstream.body() instanceof UpstreamResponse.EventStream events) return streamed(events.events(), client, observer);
        byte[] body = readAll(upstream, observer);
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            ClientIo.sendJson(client, 502, ChatAnswers.error("api_error", "the upstream's answer was not JSON", 502));
            return Outcome.UPSTREAM_ERROR;
        }
        ClientIo.sendJson(client, 200, ChatAnswers.completion(message, System.currentTimeMillis() / 1000));
        return Outcome.COMPLETED;
    }

    private Outcome streamed(EventSource events, Response client, ResponseObserver observer) throws IOException {
        client.setStatus(200);
        client.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        client.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        var writer = new ChatStreamWriter(includeUsage, System.currentTimeMillis() / 1000);
        while (!writer.finished()) {
            SseEvent event;
            try {
                event = events.next();
            } catch (IOException e) {
                if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) return Outcome.CLIENT_CLOSED;
                event = null;
            }
            if (event == null) {
                return write(client, ChatAnswers.error("api_error", "upstream stream was interrupted", 502)) ? Outcome.STREAM_CUT : Outcome.CLIENT_CLOSED;
            }
            for (byte[] chunk : writer.translate(event)) {
                try {
                    ClientIo.write(client, false, chunk);
                } catch (IOException e) {
                    return Outcome.CLIENT_CLOSED;
                }
            }
            observer.onEvent(event);
        }
        return observer.sawErrorEvent() ? Outcome.UPSTREAM_ERROR : Outcome.COMPLETED;
    }

    /** Ends a Chat stream cut short by the proxy's shutdown with an error chunk; false when the client is gone. */
    static boolean endForShutdown(Response client, io.aismush.wire.ApiError error) {
        return client.isCommitted() && write(client, ChatAnswers.error(error.type(), error.message(), error.status()));
    }

    private static boolean write(Response client, tools.jackson.databind.node.ObjectNode error) {
        try {
            ClientIo.write(client, false, ("data: " + Json.MAPPER.writeValueAsString(error) + "\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] readAll(UpstreamResponse upstream, ResponseObserver observer) throws IOException {
        byte[] body;
        if (upstream.body() instanceof UpstreamResponse.Bytes bytes) {
            body = bytes.in().readAllBytes();
        } else {
            var out = new java.io.ByteArrayOutputStream();
            EventSource events = ((UpstreamResponse.EventStream) upstream.body()).events();
            for (SseEvent e = events.next(); e != null; e = events.next()) out.write(e.raw());
            body = out.toByteArray();
        }
        observer.onBytes(body, 0, body.length);
        return body;
    }
}
