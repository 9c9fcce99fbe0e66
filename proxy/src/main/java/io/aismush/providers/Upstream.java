package io.aismush.providers;

import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.RequestBody;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.wire.ApiError;
import io.aismush.wire.Headers;
import io.aismush.wire.HopByHop;
import io.aismush.wire.SseReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLParameters;

/**
 * The HTTP clients all providers send through: one for plain http, one for https, each made once. HTTP/1.1 on
 * purpose: over HTTP/2 the JDK client queues concurrent streams on one connection, which costs half again the time
 * under load. Blocking calls, made on the caller's virtual thread; interrupting that thread cancels the upstream
 * request.
 */
public final class Upstream implements AutoCloseable {
    /** Request headers the JDK client refuses to set; it writes its own. */
    private static final List<String> RESTRICTED = List.of("date", "from", "via", "warning");

    private final ClientFor plain;
    private final ClientFor secure;
    private final Duration firstByteTimeout;
    private final IdleWatchdog watchdog;

    public Upstream(Duration connectTimeout, Duration firstByteTimeout, Duration streamIdleTimeout) {
        this.plain = new ClientFor("http", connectTimeout);
        this.secure = new ClientFor("https", connectTimeout);
        this.firstByteTimeout = firstByteTimeout;
        this.watchdog = new IdleWatchdog(streamIdleTimeout);
    }

    /** Says that requests will go to {@code base}, so that {@link #prepare()} makes its client ahead of them. */
    public void willSendTo(URI base) {
        clientFor(base).expected = true;
    }

    /**
     * Makes, each on a thread of its own, the clients of the upstreams named by {@link #willSendTo}; called once the
     * server listens, so the work does not delay the start. A client for https loads the TLS stack and the trust store
     * (about 0.3 s of CPU); one for plain http (a local model, a fake) does not. A client not made here is made by its
     * first request.
     */
    public void prepare() {
        if (plain.expected) plain.begin();
        if (secure.expected) secure.begin();
    }

    private ClientFor clientFor(URI target) {
        return "https".equalsIgnoreCase(target.getScheme()) ? secure : plain;
    }

    /** Sends the exchange's own method and body; see {@link #send(String, URI, String, RequestBody, Headers)}. */
    public UpstreamResponse send(String provider, URI target, Exchange exchange, Headers headers) throws IOException {
        return send(provider, target, exchange.method(), exchange.body(), headers);
    }

    /**
     * Sends {@code method} and {@code body} to {@code target} with {@code headers}, and returns as soon as the
     * response headers have arrived. The caller owns the body (and may send it again to another upstream); the
     * upstream request keeps no reference to it once the answer started.
     *
     * @throws ApiError.Failure 502 when the upstream cannot be reached, 504 when it does not answer in time
     * @throws java.io.InterruptedIOException when the calling thread was interrupted (the client went away)
     */
    public UpstreamResponse send(String provider, URI target, String method, RequestBody body, Headers headers) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(firstByteTimeout);
        for (Headers.Field f : headers.fields()) {
            String lower = f.name().toLowerCase(Locale.ROOT);
            if (HopByHop.notForwardedUpstream(lower) || RESTRICTED.contains(lower)) continue;
            builder.header(f.name(), f.value());
        }
        boolean hasBody = body.length() > 0 || method.equals("POST") || method.equals("PUT");
        BodyPublisher publisher = hasBody ? new BodyPublisher(body) : null;
        builder.method(method, publisher != null ? publisher : HttpRequest.BodyPublishers.noBody());

        HttpResponse<InputStream> response;
        CompletableFuture<HttpResponse<InputStream>> pending = null;
        try {
            pending = clientFor(target).get().sendAsync(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            response = pending.get();
        } catch (InterruptedException e) {
            if (pending != null) pending.cancel(true); // closes the upstream connection at once
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("client went away while waiting for the upstream");
        } catch (ExecutionException e) {
            throw failure(provider, e.getCause());
        } finally {
            if (publisher != null) publisher.detach();
        }
        return toResponse(provider, response);
    }

    private UpstreamResponse toResponse(String provider, HttpResponse<InputStream> response) {
        var fields = new ArrayList<Headers.Field>();
        var listed = HopByHop.listedInConnection(response.headers().allValues("connection"));
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.startsWith(":") || HopByHop.isHopByHop(lower) || listed.contains(lower)) return;
            for (String v : values) fields.add(new Headers.Field(name, v));
        });
        Headers headers = Headers.of(fields);
        InputStream body = watchdog.watch(response.body());
        boolean sse = headers.first("content-type").map(ct -> ct.toLowerCase(Locale.ROOT).startsWith("text/event-stream")).orElse(false);
        UpstreamResponse.Body b = sse ? new UpstreamResponse.EventStream(new SseReader(body)) : new UpstreamResponse.Bytes(body);
        return new UpstreamResponse(provider, response.statusCode(), headers, b);
    }

    private ApiError.Failure failure(String provider, Throwable e) {
        return switch (e) {
            case HttpConnectTimeoutException t -> new ApiError.Failure(ApiError.gatewayTimeout("connecting to the " + provider + " upstream timed out"), t);
            case HttpTimeoutException t -> new ApiError.Failure(ApiError.gatewayTimeout("the " + provider
                    + " upstream did not answer within " + describe(firstByteTimeout)), t);
            case ConnectException c -> new ApiError.Failure(ApiError.badGateway("the " + provider + " upstream is unreachable: connection refused or failed"), c);
            case UnresolvedAddressException u -> new ApiError.Failure(ApiError.badGateway("the " + provider + " upstream is unreachable: unknown host"), u);
            default -> {
                if (e.getCause() instanceof UnresolvedAddressException u) yield failure(provider, u);
                yield new ApiError.Failure(ApiError.badGateway("the " + provider + " upstream failed before answering: " + describe(e)), e);
            }
        };
    }

    /** "300 ms", "10 s": a sub-second timeout must not read as "0 s". */
    private static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    @Override
    public void close() {
        watchdog.close();
        plain.close();
        secure.close();
    }

    /** The client for one scheme, made once: on a thread of its own when prepared, else by its first caller. */
    private static final class ClientFor {
        private final FutureTask<HttpClient> making;
        private final AtomicBoolean begun = new AtomicBoolean();
        private volatile boolean expected;

        ClientFor(String scheme, Duration connectTimeout) {
            this.making = new FutureTask<>(() -> {
                // The client hands what its selector thread received (a response's headers, each body chunk) to the
                // executor. Over plain http that work only completes a future or queues a buffer, so the selector thread
                // does it itself and wakes the waiting request thread directly: one hand-off fewer each time. Over https
                // it includes the TLS handshake's certificate checks, which must not hold up every other connection.
                var builder = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .executor(scheme.equals("http") ? Runnable::run : Executors.newVirtualThreadPerTaskExecutor());
                // The JDK client asks for the default TLS context as it is made; one for plain http never uses it.
                if (scheme.equals("http")) builder.sslContext(NoTls.context()).sslParameters(new SSLParameters());
                return builder.build();
            });
        }

        void begin() {
            if (begun.compareAndSet(false, true)) Thread.ofPlatform().daemon().name("aismush-upstream-init").start(making);
        }

        HttpClient get() throws InterruptedException {
            if (begun.compareAndSet(false, true)) making.run();
            try {
                return making.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the HTTP client could not be created", e.getCause());
            }
        }

        void close() {
            if (!begun.get()) return;
            try {
                get().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
