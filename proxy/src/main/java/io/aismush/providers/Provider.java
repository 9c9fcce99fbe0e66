package io.aismush.providers;

import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.Terminal;
import io.aismush.pipeline.UpstreamResponse;

import java.io.IOException;

/**
 * An upstream that serves Messages turns and answers in Anthropic's format, whatever it speaks on the wire.
 * Implementations are thread-safe and shared by all requests.
 */
public interface Provider extends Terminal {
    /** The provider's name as it appears in routes, records, config and on the dashboard. */
    String name();

    /**
     * Sends the exchange (routed to this provider: {@code exchange.route().model()} names the model to ask for)
     * and returns the answer once its headers have arrived, as Anthropic-format JSON or events.
     *
     * @throws io.aismush.wire.ApiError.Failure when the upstream cannot be reached or does not answer in time
     */
    @Override
    UpstreamResponse call(Exchange exchange) throws IOException;
}
