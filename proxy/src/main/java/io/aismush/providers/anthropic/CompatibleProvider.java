package io.aismush.providers.anthropic;

import io.aismush.config.BuildInfo;
import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.RequestBody;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.providers.Provider;
import io.aismush.providers.ToolNames;
import io.aismush.providers.Upstream;
import io.aismush.wire.ApiError;
import io.aismush.wire.Headers;
import io.aismush.wire.Json;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * An upstream other than Anthropic that speaks the Messages API (DeepSeek's Anthropic-compatible endpoint): our key,
 * an explicit model, the request sanitised for its quirks, and the answer mapped back for the client. The client's
 * own auth and {@code anthropic-*} headers are never sent to it.
 */
public final class CompatibleProvider implements Provider {
    private final String name;
    private final URI baseUrl;
    private final String apiKey;
    private final String defaultModel;
    private final ForeignSanitiser sanitiser;
    private final Upstream upstream;

    public CompatibleProvider(String name, URI baseUrl, String apiKey, String defaultModel, Quirks quirks, Upstream upstream) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.defaultModel = defaultModel;
        this.sanitiser = new ForeignSanitiser(name, quirks);
        this.upstream = upstream;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public UpstreamResponse call(Exchange exchange) throws IOException {
        if (!exchange.isMessages()) {
            throw new ApiError.Failure(ApiError.invalidRequest(name + " serves /v1/messages only, not " + exchange.path()));
        }
        ObjectNode request = (ObjectNode) Json.MAPPER.readTree(exchange.body().bytes());
        String model = exchange.route().model() != null ? exchange.route().model() : defaultModel;
        ToolNames names = sanitiser.sanitise(request, model);
        Headers headers = Headers.of("content-type", "application/json", "anthropic-version", "2023-06-01",
                "x-api-key", apiKey == null ? "" : apiKey, "user-agent", "aismush/" + BuildInfo.version());
        UpstreamResponse response = upstream.send(name, URI.create(baseUrl + "/v1/messages"), "POST",
                new RequestBody(Json.MAPPER.writeValueAsBytes(request)), headers);
        return switch (response.body()) {
            case UpstreamResponse.EventStream events -> new UpstreamResponse(name, response.status(), response.headers(),
                    new UpstreamResponse.EventStream(new ForeignStreamRewriter(events.events(), name, names)));
            case UpstreamResponse.Bytes bytes when response.isSuccess() -> rewritten(response, bytes.in(), names);
            case UpstreamResponse.Bytes bytes -> errorInAnthropicShape(response, bytes.in());
        };
    }

    private UpstreamResponse rewritten(UpstreamResponse response, InputStream in, ToolNames names) throws IOException {
        byte[] body;
        try (in) {
            body = in.readAllBytes();
        }
        try {
            body = ForeignStreamRewriter.rewriteMessage(body, name, names);
        } catch (RuntimeException e) {
            throw new ApiError.Failure(ApiError.badGateway(name + " answered with a body that is not a message"), e);
        }
        return new UpstreamResponse(name, response.status(), response.headers(), new UpstreamResponse.Bytes(new ByteArrayInputStream(body)));
    }

    /** Its error answers pass on when they are in Anthropic's shape; anything else is wrapped into that shape. */
    private UpstreamResponse errorInAnthropicShape(UpstreamResponse response, InputStream in) throws IOException {
        byte[] body;
        try (in) {
            body = in.readNBytes(64 * 1024);
        }
        try {
            if ("error".equals(Json.MAPPER.readTree(body).path("type").asString(""))) {
                return new UpstreamResponse(name, response.status(), response.headers(), new UpstreamResponse.Bytes(new ByteArrayInputStream(body)));
            }
        } catch (RuntimeException notJson) {
            // wrapped below
        }
        ApiError error = ApiError.forStatus(response.status(), name + " answered " + response.status());
        Headers headers = response.headers().without(h -> h.equals("content-type")).with("content-type", "application/json");
        return new UpstreamResponse(name, response.status(), headers, new UpstreamResponse.Bytes(new ByteArrayInputStream(error.toJson())));
    }
}
