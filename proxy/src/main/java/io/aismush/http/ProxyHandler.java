package io.aismush.http;

import io.aismush.metering.RequestRecord;
import io.aismush.metering.RequestRecord.Outcome;
import io.aismush.metering.Projects;
import io.aismush.metering.ResponseObserver;
import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.Pipeline;
import io.aismush.pipeline.RequestBody;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.wire.ApiError;
import io.aismush.wire.Headers;
import io.aismush.wire.HopByHop;
import io.aismush.wire.Outline;
import io.aismush.wire.RecentOutlines;
import io.aismush.wire.RequestSummary;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The proxy endpoints ({@code /v1/*}): read the client's request, run it through the pipeline, relay the
 * upstream's answer, and hand the record to the recorder. Written as one linear, blocking function per request;
 * Jetty runs each on its own virtual thread.
 *
 * <p>The one error policy: before the first byte, an Anthropic-format error with the right status; after it, an
 * SSE {@code error} event, then close. Upstream error responses are relayed unchanged.
 *
 * <p>On shutdown ({@link #drain}): new requests are refused with 529, requests in flight run on until the drain
 * deadline, and those still running then are ended by the same policy, with an {@code overloaded_error} that says
 * the proxy is shutting down, and recorded as {@code PROXY_ERROR}.
 */
public final class ProxyHandler {
    private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);

    private final Pipeline pipeline;
    private final long maxBodyBytes;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final Consumer<RequestRecord> recorder;
    private final BodyBudget budget; // the heap request bodies may take at once
    private final Projects projects = new Projects(4096);
    /** The last turns' outlines: a conversation's next turn is checked from the first message it changes. */
    private final RecentOutlines outlines = new RecentOutlines(8, 16L * 1024 * 1024);
    private final Set<Interrupter> active = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    /** What a request still running when the drain deadline passes (or arriving during the drain) is told. */
    static final ApiError SHUTTING_DOWN = ApiError.overloaded("aismush is shutting down; retry shortly");

    public ProxyHandler(Pipeline pipeline, long maxBodyBytes, int maxInFlight, Consumer<RequestRecord> recorder) {
        this(pipeline, maxBodyBytes, maxInFlight, recorder, BodyBudget.ofHeap(Duration.ofSeconds(60)));
    }

    /** As above, with the memory budget for request bodies given (tests make it small). */
    ProxyHandler(Pipeline pipeline, long maxBodyBytes, int maxInFlight, Consumer<RequestRecord> recorder, BodyBudget budget) {
        this.budget = budget;
        this.pipeline = pipeline;
        this.maxBodyBytes = maxBodyBytes;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.recorder = recorder;
    }

    /** Requests being served right now. */
    public int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    /**
     * Refuses new requests, waits up to {@code deadline} for those in flight to finish, then ends the rest (streams
     * with an error event) and waits briefly for them to be answered and recorded. Returns how many were ended.
     */
    public int drain(Duration deadline) throws InterruptedException {
        draining = true;
        long end = System.nanoTime() + deadline.toNanos();
        while (inFlight() > 0 && System.nanoTime() < end) Thread.sleep(20);
        int ended = 0;
        for (Interrupter i : active) {
            i.shutDown();
            ended++;
        }
        long grace = System.nanoTime() + Duration.ofSeconds(3).toNanos(); // to write the error event and the record
        while (inFlight() > 0 && System.nanoTime() < grace) Thread.sleep(10);
        if (ended > 0) log.info("shutdown: ended {} request(s) still in flight after the {} s drain", ended, deadline.toSeconds());
        return ended;
    }

    void handle(Request clientRequest, Response clientResponse, Callback callback) {
        long startNanos = System.nanoTime();
        Instant startedAt = Instant.now();
        String id = newId();
        String path = Request.getPathInContext(clientRequest);
        var observer = new ResponseObserver(id, startedAt, startNanos, path, null, false);
        if (!inFlight.tryAcquire()) {
            ClientIo.discardBody(clientRequest, maxBodyBytes); // else the client, still sending, may get a reset instead of the 529
            finishWithError(clientResponse, callback, observer, ApiError.overloaded(
                    "aismush is serving " + maxInFlight + " requests already; retry shortly"));
            return;
        }
        if (draining) {
            ClientIo.discardBody(clientRequest, maxBodyBytes);
            clientResponse.getHeaders().put(HttpHeader.CONNECTION, "close");
            finishWithError(clientResponse, callback, observer, SHUTTING_DOWN);
            inFlight.release();
            return;
        }
        var interrupter = new Interrupter(Thread.currentThread());
        active.add(interrupter);
        clientRequest.addFailureListener(failure -> interrupter.interrupt());
        ClientWatch watch = null;
        BodyBudget.Lease lease = null;
        try {
            long declared = clientRequest.getLength();
            if (declared > 0) lease = budget.take(Math.min(declared, maxBodyBytes)); // before reading: the wait is TCP's
            Exchange exchange = readExchange(clientRequest, id, path, startNanos);
            if (lease == null && exchange.body().length() > 0) lease = budget.take(exchange.body().length()); // chunked
            ChatEndpoint chat = ChatEndpoint.handles(exchange) ? ChatEndpoint.of(exchange) : null; // an OpenAI-format client
            if (chat != null) exchange = chat.hub();
            exchange.body().onRelease(lease); // given back once the body has been sent
            observer = new ResponseObserver(id, startedAt, startNanos, path, exchange.summary().model(), exchange.summary().stream());
            watch = ClientWatch.start(clientRequest, interrupter::interrupt);
            serve(exchange, chat, clientResponse, callback, observer, watch, interrupter);
        } catch (ApiError.Failure e) {
            finishWithError(clientResponse, callback, observer, e.error());
        } catch (IOException e) {
            if (interrupter.endedByShutdown()) {
                Thread.interrupted();
                finishWithError(clientResponse, callback, observer, SHUTTING_DOWN);
            } else {
                // The client went away while sending its request: nobody is left to answer.
                callback.failed(e);
                recorder.accept(observer.finish(Outcome.CLIENT_CLOSED, null));
            }
        } catch (RuntimeException e) {
            log.error("request {} failed inside the proxy", id, e);
            finishWithError(clientResponse, callback, observer, ApiError.internal("aismush failed to handle the request (" + id + ")"));
        } finally {
            if (lease != null) lease.close();
            if (watch != null) watch.cancel();
            interrupter.disarm();
            active.remove(interrupter);
            inFlight.release();
        }
    }

    private Exchange readExchange(Request clientRequest, String id, String path, long startNanos) throws IOException {
        String method = clientRequest.getMethod();
        byte[] body = ClientIo.readBody(clientRequest, maxBodyBytes);
        RequestSummary summary = RequestSummary.NONE;
        Outline outline = null;
        if (method.equals("POST") && (path.equals("/v1/messages") || path.equals("/v1/messages/count_tokens"))) {
            String contentType = clientRequest.getHeaders().get("content-type");
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("application/json")) {
                throw new ApiError.Failure(ApiError.invalidRequest("content-type must be application/json"));
            }
            RequestSummary.Read read = RequestSummary.read(body, outlines);
            summary = read.summary();
            outline = read.outline();
        }
        var fields = new ArrayList<Headers.Field>();
        var listed = HopByHop.listedInConnection(clientRequest.getHeaders().getValuesList("connection"));
        for (HttpField f : clientRequest.getHeaders()) {
            String name = f.getLowerCaseName();
            if (!HopByHop.isHopByHop(name) && !listed.contains(name) && !isOurs(name, f.getValue())) fields.add(new Headers.Field(f.getName(), f.getValue()));
        }
        return new Exchange(id, method, path, clientRequest.getHttpURI().getQuery(), Headers.of(fields),
                new RequestBody(body, outline), summary, startNanos);
    }

    /** The proxy's own credentials (access token, dashboard cookie) are for this hop only, never for the upstream. */
    private static boolean isOurs(String lowerCaseName, String value) {
        return lowerCaseName.equals(TeamGate.HEADER) || lowerCaseName.equals("cookie") && value.contains(TeamGate.COOKIE + "=");
    }

    private void serve(Exchange exchange, ChatEndpoint chat, Response clientResponse, Callback callback, ResponseObserver observer,
                       ClientWatch watch, Interrupter interrupter) {
        UpstreamResponse upstream;
        String sessionId = exchange.sessionId();
        observer.onClient(exchange.headers().first("user-agent").orElse(null),
                projects.find(sessionId, exchange.body()));
        try {
            upstream = pipeline.execute(exchange);
            exchange.body().release(); // sent: a thousand long answers must not keep a thousand request bodies alive
            observer.onReductions(exchange.notes()::reductions);
        } catch (ApiError.Failure e) {
            log.warn("request {}: {}", exchange.id(), e.getMessage());
            watch.cancel();
            finishWithError(clientResponse, callback, observer, e.error());
            return;
        } catch (IOException e) {
            watch.cancel();
            if (interrupter.endedByShutdown()) {
                Thread.interrupted();
                finishWithError(clientResponse, callback, observer, SHUTTING_DOWN);
                return;
            }
            callback.failed(e); // interrupted: the client left while we waited for the upstream
            recorder.accept(observer.finish(Outcome.CLIENT_CLOSED, null));
            return;
        }
        try (upstream) {
            observer.onStatus(upstream.provider(), upstream.status());
            observer.onRoute(sessionId,
                    upstream.route() == null ? null : upstream.route().reason(), upstream.fallbackFrom());
            Ending ending;
            if (chat != null) {
                Outcome outcome = chat.respond(upstream, clientResponse, observer); // translated back to Chat Completions
                ending = outcome == Outcome.CLIENT_CLOSED && interrupter.endedByShutdown() ? endForShutdown(() ->
                        ChatEndpoint.endForShutdown(clientResponse, SHUTTING_DOWN)) : Ending.of(outcome);
            } else {
                clientResponse.setStatus(upstream.status());
                for (Headers.Field f : upstream.headers().fields()) clientResponse.getHeaders().add(f.name(), f.value());
                ending = relay(upstream, clientResponse, observer, interrupter);
            }
            watch.cancel(); // before the response completes, so Jetty may read the next request
            if (interrupter.endedByShutdown()) Thread.interrupted(); // a shutdown that came too late to matter: finish
            if (ending.abort()) {
                callback.failed(new IOException(ending.outcome() == Outcome.CLIENT_CLOSED ? "client closed the connection" : "aismush is shutting down"));
            } else {
                ClientIo.write(clientResponse, true, new byte[0]);
                callback.succeeded();
            }
            recorder.accept(observer.finish(ending.outcome(), ending.errorType()));
        } catch (Relay.BodyCut e) {
            callback.failed(e); // aborts the connection: the client sees the body end early; the upstream broke, not the client
            recorder.accept(observer.finish(Outcome.STREAM_CUT, null));
        } catch (IOException e) {
            callback.failed(e);
            recorder.accept(observer.finish(Outcome.CLIENT_CLOSED, null));
        }
    }

    /**
     * How a relayed answer ended: the record's outcome and error type, and whether the response must be aborted
     * rather than completed (the client left, or a plain body was cut short).
     */
    private record Ending(Outcome outcome, String errorType, boolean abort) {
        static Ending of(Outcome outcome) {
            return new Ending(outcome, null, outcome == Outcome.CLIENT_CLOSED);
        }
    }

    /** Relays the body and says how it ended; a broken upstream stream ends with an error event, per the policy. */
    private Ending relay(UpstreamResponse upstream, Response clientResponse, ResponseObserver observer, Interrupter interrupter) throws IOException {
        try {
            // instanceof, not a pattern switch: the switch's class is generated at the first request and an AOT
            // cache cannot hold it (about 10 ms of the first answer)
            if (upstream.body() instanceof UpstreamResponse.EventStream events) {
                Relay.events(events, clientResponse, observer);
                if (!observer.streamEnded()) throw new Relay.UpstreamBroke("upstream stream ended before message_stop", null);
            } else {
                Relay.bytes((UpstreamResponse.Bytes) upstream.body(), clientResponse, observer);
            }
            return Ending.of(upstream.isSuccess() && !observer.sawErrorEvent() ? Outcome.COMPLETED : Outcome.UPSTREAM_ERROR);
        } catch (Relay.ClientGone e) {
            return interrupter.endedByShutdown() ? endForShutdown(upstream, clientResponse) : Ending.of(Outcome.CLIENT_CLOSED);
        } catch (Relay.UpstreamBroke e) {
            if (interrupter.endedByShutdown()) return endForShutdown(upstream, clientResponse);
            if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedIOException) return Ending.of(Outcome.CLIENT_CLOSED);
            log.warn("upstream {} broke mid-response: {}", upstream.provider(), e.getMessage());
            if (upstream.body() instanceof UpstreamResponse.EventStream) {
                try {
                    ClientIo.write(clientResponse, false, ApiError.badGateway("upstream stream was interrupted: " + e.getMessage()).toSseEvent());
                } catch (IOException gone) {
                    return Ending.of(Outcome.CLIENT_CLOSED);
                }
                return Ending.of(Outcome.STREAM_CUT);
            }
            throw new Relay.BodyCut(e); // a plain body cannot carry an error after it started: abort the response
        }
    }

    /** Ends a relay the drain deadline cut short: a stream with the shutdown error event; a plain body is aborted. */
    private Ending endForShutdown(UpstreamResponse upstream, Response clientResponse) {
        if (!(upstream.body() instanceof UpstreamResponse.EventStream)) {
            Thread.interrupted();
            return new Ending(Outcome.PROXY_ERROR, SHUTTING_DOWN.type(), true);
        }
        return endForShutdown(() -> {
            try {
                ClientIo.write(clientResponse, false, SHUTTING_DOWN.toSseEvent());
                return true;
            } catch (IOException gone) {
                return false;
            }
        });
    }

    /** Clears the shutdown's interrupt and sends the client its last words; the record says the proxy ended it. */
    private static Ending endForShutdown(BooleanSupplier lastWords) {
        Thread.interrupted();
        return lastWords.getAsBoolean() ? new Ending(Outcome.PROXY_ERROR, SHUTTING_DOWN.type(), false) : Ending.of(Outcome.CLIENT_CLOSED);
    }

    private void finishWithError(Response clientResponse, Callback callback, ResponseObserver observer, ApiError error) {
        observer.onStatus(null, error.status());
        try {
            if (clientResponse.isCommitted()) {
                ClientIo.write(clientResponse, true, error.toSseEvent());
            } else {
                ClientIo.sendError(clientResponse, error);
            }
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e);
        }
        recorder.accept(observer.finish(Outcome.PROXY_ERROR, error.type()));
    }

    private static String newId() {
        return "ams_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    /**
     * Interrupts the serving thread when Jetty reports the client's connection failed, which cancels the upstream
     * call or read it is blocked in. Disarmed before the thread returns to Jetty, so no interrupt leaks out.
     */
    private static final class Interrupter {
        private final Thread thread;
        private boolean armed = true;
        private volatile boolean shutDown;

        Interrupter(Thread thread) {
            this.thread = thread;
        }

        synchronized void interrupt() {
            if (armed) thread.interrupt();
        }

        /** The drain deadline passed: the request is ended, and must say why. */
        synchronized void shutDown() {
            shutDown = true;
            interrupt();
        }

        boolean endedByShutdown() {
            return shutDown;
        }

        synchronized void disarm() {
            armed = false;
            Thread.interrupted();
        }
    }
}
