package io.aismush.providers.anthropic;

import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.RequestBody;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.providers.Provider;
import io.aismush.providers.RateGovernor;
import io.aismush.providers.Upstream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;

/**
 * Anthropic itself (or any server that speaks its Messages API, such as a corporate gateway): the client's own
 * auth and {@code anthropic-*} headers go through untouched, and so does the body when no stage changed it and no
 * other provider's answers in its history need fixing ({@link ClaudeSanitiser}).
 */
public final class AnthropicProvider implements Provider {
    private final URI baseUrl;
    private final Upstream upstream;
    private final RateGovernor governor;

    public AnthropicProvider(URI baseUrl, Upstream upstream, RateGovernor governor) {
        this.baseUrl = baseUrl;
        this.upstream = upstream;
        this.governor = governor;
    }

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public UpstreamResponse call(Exchange exchange) throws IOException {
        URI target = URI.create(baseUrl.toString() + exchange.pathAndQuery());
        UpstreamResponse response;
        if (exchange.isMessages() && exchange.method().equals("POST")) {
            pace();
            byte[] original = exchange.body().bytes();
            byte[] body = ClaudeSanitiser.sanitise(exchange.body());
            response = body == original ? upstream.send(name(), target, exchange, exchange.headers())
                    : upstream.send(name(), target, "POST", new RequestBody(body), exchange.headers());
            governor.observe(response.headers());
        } else {
            response = upstream.send(name(), target, exchange, exchange.headers());
        }
        return response;
    }

    private void pace() throws InterruptedIOException {
        try {
            governor.pace();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("client went away while its request waited for Anthropic's rate limit");
        }
    }
}
