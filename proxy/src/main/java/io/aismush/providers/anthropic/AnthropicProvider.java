package io.aismush.providers.anthropic;

import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.providers.Provider;
import io.aismush.providers.Upstream;

import java.io.IOException;
import java.net.URI;

/**
 * Anthropic itself (or any server that speaks its Messages API, such as a corporate gateway): the client's own
 * auth and {@code anthropic-*} headers go through untouched, and so does the body when no stage changed it.
 */
public final class AnthropicProvider implements Provider {
    private final URI baseUrl;
    private final Upstream upstream;

    public AnthropicProvider(URI baseUrl, Upstream upstream) {
        this.baseUrl = baseUrl;
        this.upstream = upstream;
    }

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public UpstreamResponse call(Exchange exchange) throws IOException {
        URI target = URI.create(baseUrl.toString() + exchange.pathAndQuery());
        return upstream.send(name(), target, exchange, exchange.headers());
    }
}
