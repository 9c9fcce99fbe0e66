package io.aismush.providers;

import io.aismush.context.Fitter;
import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.Route;
import io.aismush.pipeline.Terminal;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.wire.ApiError;
import io.aismush.wire.EventSource;
import io.aismush.wire.SseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The terminal stage: sends the exchange to the routed provider and, when that provider fails before answering
 * (unreachable, timed out, 429, 5xx, 529, or its circuit breaker open), to the fallback: Claude and the cheap
 * provider back each other up. At most one fallback per request, so a failing upstream never causes a retry storm;
 * direct and forced routes never fall back. A provider that said {@code retry-after} is skipped until then.
 */
public final class ProviderChain implements Terminal {
    private static final Logger log = LoggerFactory.getLogger(ProviderChain.class);

    private final Map<String, Provider> providers;
    private final Health health;
    private final String claude;
    private final String cheap;
    private final Fitter fitter;

    /**
     * @param providers every configured provider by name
     * @param cheap     the cheap provider's name (Claude's fallback), or null
     * @param fitter    fits each attempt's request to its provider's context window (the {@code fit} step)
     */
    public ProviderChain(Map<String, Provider> providers, Health health, String cheap, Fitter fitter) {
        this.providers = Map.copyOf(providers);
        this.health = health;
        this.claude = "anthropic";
        this.cheap = cheap;
        this.fitter = fitter;
    }

    @Override
    public UpstreamResponse call(Exchange exchange) throws IOException {
        Route route = exchange.route();
        List<String> order = new ArrayList<>(List.of(route.provider()));
        String backup = route.provider().equals(claude) ? cheap : claude;
        if (route.fallback() && backup != null && !backup.equals(route.provider()) && providers.containsKey(backup)) order.add(backup);

        ApiError.Failure lastFailure = null;
        UpstreamResponse lastError = null;
        String failedFirst = null;
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i);
            boolean last = i == order.size() - 1;
            Provider provider = providers.get(name);
            if (provider == null) {
                lastFailure = new ApiError.Failure(ApiError.internal("no provider named '" + name + "' is configured"));
                continue;
            }
            if (!last && !health.available(name)) {
                failedFirst = failedFirst == null ? name : failedFirst;
                log.debug("{} skipped: {}", name, health.state(name));
                continue;
            }
            Route attempt = failedFirst == null ? route
                    : new Route(name, null, route.reason() + "; fallback from " + failedFirst, false);
            long started = System.nanoTime();
            try {
                Fitter.Fitted fitted = fitter.fit(exchange.withRoute(attempt)); // the fit step: per provider, per attempt
                UpstreamResponse response = primed(fitted.observe(provider.call(fitted.exchange())));
                if (!last && retryable(response.status())) {
                    health.failed(name, response.status(), response.headers(), System.nanoTime() - started);
                    log.info("{} answered {}; falling back to {}", name, response.status(), order.get(i + 1));
                    closeQuietly(lastError);
                    lastError = response.servedBy(attempt, failedFirst);
                    failedFirst = failedFirst == null ? name : failedFirst;
                    continue;
                }
                if (retryable(response.status())) health.failed(name, response.status(), response.headers(), System.nanoTime() - started);
                else health.succeeded(name, response.headers(), System.nanoTime() - started);
                closeQuietly(lastError);
                return response.servedBy(attempt, failedFirst);
            } catch (ApiError.Failure | IOException caught) {
                if (caught instanceof IOException io && (io instanceof InterruptedIOException || Thread.currentThread().isInterrupted())) {
                    throw io; // the client left
                }
                // A provider that reads the answer before relaying it (to translate it) sees a broken one here: nothing
                // reached the client yet, so it is a failure before answering, like any other.
                ApiError.Failure e = switch (caught) {
                    case ApiError.Failure f -> f;
                    case IdleWatchdog.UpstreamIdleException idle -> new ApiError.Failure(ApiError.gatewayTimeout("the " + name
                            + " upstream sent headers, then nothing: " + idle.getMessage()), idle);
                    default -> new ApiError.Failure(ApiError.badGateway("the " + name + " upstream broke before answering: "
                            + caught.getMessage()), caught);
                };
                health.failed(name, e.error().status(), null, System.nanoTime() - started);
                if (!last) log.info("{} failed before answering ({}); falling back to {}", name, e.getMessage(), order.get(i + 1));
                lastFailure = e;
                failedFirst = failedFirst == null ? name : failedFirst;
            }
        }
        if (lastError != null) return lastError;
        throw lastFailure != null ? lastFailure : new ApiError.Failure(ApiError.overloaded("no provider is available"));
    }

    /**
     * Waits for a successful answer's first event (or keep-alive; for a whole answer, its first byte) before the answer
     * starts, so an answer that ends, breaks or stays silent before it (a 200 with garbage, a dropped connection,
     * headers then nothing) fails before the first byte: the fallback may serve the turn, or the client gets an error
     * status instead of a 200 carrying only an error event, or Jetty's 500.
     */
    private static UpstreamResponse primed(UpstreamResponse response) throws IOException {
        if (!response.isSuccess()) return response;
        if (response.body() instanceof UpstreamResponse.Bytes bytes) return primedBytes(response, bytes);
        var stream = (UpstreamResponse.EventStream) response.body();
        SseEvent first;
        try {
            first = stream.events().next();
        } catch (IOException | RuntimeException e) {
            closeQuietly(response);
            throw e;
        }
        if (first == null) {
            closeQuietly(response);
            throw new ApiError.Failure(ApiError.badGateway("the " + response.provider() + " upstream ended its stream before the first event"));
        }
        return new UpstreamResponse(response.provider(), response.status(), response.headers(),
                new UpstreamResponse.EventStream(new Primed(first, stream.events())), response.route(), response.fallbackFrom());
    }

    /** The same for a whole answer: its first byte (or its end) has arrived before the answer starts. */
    private static UpstreamResponse primedBytes(UpstreamResponse response, UpstreamResponse.Bytes bytes) throws IOException {
        var in = new PushbackInputStream(bytes.in(), 1);
        try {
            int first = in.read();
            if (first >= 0) in.unread(first);
        } catch (IOException | RuntimeException e) {
            closeQuietly(response);
            throw e;
        }
        return new UpstreamResponse(response.provider(), response.status(), response.headers(), new UpstreamResponse.Bytes(in),
                response.route(), response.fallbackFrom());
    }

    /** A stream whose first event was already read. */
    private static final class Primed implements EventSource {
        private SseEvent first;
        private final EventSource rest;

        Primed(SseEvent first, EventSource rest) {
            this.first = first;
            this.rest = rest;
        }

        @Override
        public SseEvent next() throws IOException {
            SseEvent e = first;
            if (e == null) return rest.next();
            first = null;
            return e;
        }

        @Override
        public void close() throws IOException {
            rest.close();
        }
    }

    /** Statuses after which another provider may well succeed. */
    static boolean retryable(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504 || status == 529;
    }

    private static void closeQuietly(UpstreamResponse r) {
        if (r == null) return;
        try {
            r.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing a discarded answer failed", e);
        }
    }
}
