package io.aismush.testkit;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * An in-process server on 127.0.0.1 that speaks the Anthropic Messages API faithfully, scripted per test.
 * It records every request it receives, byte for byte, and notices when its client (the proxy) hangs up.
 * Thread-safe; close it after the test.
 */
public final class FakeUpstream implements AutoCloseable {
    public static final String DEFAULT_MODEL = "claude-sonnet-4-5";

    private final Server server;
    private final BlockingQueue<ReceivedRequest> received = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<ReceivedRequest> all = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Function<ReceivedRequest, Reply>> responder = new AtomicReference<>(FakeUpstream::defaultReply);
    private final ConcurrentLinkedQueue<Reply> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger hangUps = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final boolean recordBodies;

    private FakeUpstream(boolean recordBodies) {
        this.recordBodies = recordBodies;
        var threads = new VirtualThreadPool();
        threads.setName("fake-upstream");
        server = new Server(threads);
        var connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                serve(request, response, callback);
                return true;
            }
        });
    }

    /** Starts a fake that records every request. */
    public static FakeUpstream start() {
        return start(true);
    }

    /** Starts a fake; benchmarks pass {@code false} so a long run does not keep every body. */
    public static FakeUpstream start(boolean recordBodies) {
        var fake = new FakeUpstream(recordBodies);
        try {
            fake.server.start();
        } catch (Exception e) {
            throw new IllegalStateException("fake upstream could not start", e);
        }
        return fake;
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Answers every following request with the function's reply (after any queued replies are used up). */
    public FakeUpstream respondWith(Function<ReceivedRequest, Reply> f) {
        responder.set(f);
        return this;
    }

    /** Queues one reply for the next request. */
    public FakeUpstream enqueue(Reply reply) {
        queued.add(reply);
        return this;
    }

    /** The next request received, waiting up to {@code timeout}; fails if none arrives. */
    public ReceivedRequest takeRequest(Duration timeout) {
        try {
            ReceivedRequest r = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) throw new AssertionError("the fake upstream received no request within " + timeout);
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public List<ReceivedRequest> requests() {
        return List.copyOf(all);
    }

    /** How many responses ended because the client (the proxy) went away. */
    public int hangUps() {
        return hangUps.get();
    }

    /** Responses still being written. */
    public int openResponses() {
        return open.get();
    }

    /** Connections from clients (the proxy's pool included) open right now, idle or busy. */
    public int openConnections() {
        return ((ServerConnector) server.getConnectors()[0]).getConnectedEndPoints().size();
    }

    /** A port on 127.0.0.1 where nothing listens, for "connection refused". */
    public static int refusingPort() {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void serve(Request request, Response response, Callback callback) {
        open.incrementAndGet();
        try {
            var req = record(request);
            Reply reply = queued.poll();
            if (reply == null) reply = responder.get().apply(req);
            var gone = new CountDownLatch(1);
            request.addFailureListener(t -> gone.countDown());
            switch (reply) {
                case Reply.Json j -> sendJson(response, j);
                case Reply.Raw r -> {
                    response.setStatus(r.status());
                    response.getHeaders().put("content-type", r.contentType());
                    write(response, true, r.body());
                }
                case Reply.Stream s -> sendStream(response, s);
                case Reply.NeverAnswer n -> {
                    awaitHangUp(request, gone);
                    callback.failed(new IOException("client went away"));
                    return;
                }
                case Reply.Stall st -> {
                    response.setStatus(st.status());
                    st.headers().forEach((name, value) -> response.getHeaders().put(name, value));
                    write(response, false, st.head()); // commits the headers, with whatever the head holds
                    awaitHangUp(request, gone);
                    callback.failed(new IOException("client went away"));
                    return;
                }
                case Reply.Drip d -> {
                    response.setStatus(200);
                    response.getHeaders().put("content-type", d.contentType());
                    // Watch the connection too: the client's leaving is seen between writes, not only by a failed one.
                    request.getConnectionMetaData().getConnection().getEndPoint()
                            .tryFillInterested(Callback.from(gone::countDown, t -> gone.countDown()));
                    while (true) {
                        write(response, false, d.piece().getBytes(StandardCharsets.UTF_8));
                        if (gone.await(d.interval().toMillis(), TimeUnit.MILLISECONDS)) throw new IOException("client went away");
                    }
                }
                case Reply.EndlessKeepAlive k -> {
                    response.setStatus(200);
                    Reply.sseHeaders().forEach((name, value) -> response.getHeaders().put(name, value));
                    while (true) {
                        write(response, false, ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                        if (gone.await(k.interval().toMillis(), TimeUnit.MILLISECONDS)) throw new IOException("client went away");
                    }
                }
            }
            callback.succeeded();
        } catch (CutException e) {
            callback.failed(e); // aborts the connection: the stream ends without its last chunk
        } catch (IOException e) {
            hangUps.incrementAndGet();
            callback.failed(e);
        } catch (InterruptedException e) {
            callback.failed(e);
        } catch (RuntimeException e) {
            callback.failed(e);
        } finally {
            open.decrementAndGet();
        }
    }

    /** Waits until the client closes the connection, and counts it. */
    private void awaitHangUp(Request request, CountDownLatch gone) throws InterruptedException {
        // Jetty does not read a connection whose request is complete; read it ourselves to see the close.
        var ep = request.getConnectionMetaData().getConnection().getEndPoint();
        ep.tryFillInterested(Callback.from(gone::countDown, t -> gone.countDown()));
        gone.await();
        hangUps.incrementAndGet();
    }

    private ReceivedRequest record(Request request) throws IOException {
        var headers = new ArrayList<Map.Entry<String, String>>();
        for (HttpField f : request.getHeaders()) headers.add(new AbstractMap.SimpleImmutableEntry<>(f.getName(), f.getValue()));
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readAllBytes();
        }
        var req = new ReceivedRequest(request.getMethod(), Request.getPathInContext(request), request.getHttpURI().getQuery(),
                List.copyOf(headers), recordBodies ? body : new byte[0]);
        if (recordBodies) {
            received.add(req);
            all.add(req);
        }
        return req;
    }

    private static void sendJson(Response response, Reply.Json j) throws IOException {
        byte[] body = j.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(j.status());
        j.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put("content-length", String.valueOf(body.length));
        write(response, true, body);
    }

    private void sendStream(Response response, Reply.Stream s) throws IOException, InterruptedException {
        if (!s.firstByteDelay().isZero()) Thread.sleep(s.firstByteDelay());
        response.setStatus(s.status());
        s.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        List<String> events = s.events();
        for (int i = 0; i < events.size(); i++) {
            if (i == s.cutAfter()) throw new CutException();
            if (i > 0) {
                if (s.gate() != null) {
                    if (!s.gate().tryAcquire(10, TimeUnit.SECONDS)) throw new IOException("the test never opened the gate for event " + i);
                } else if (!s.gap().isZero()) {
                    Thread.sleep(s.gap());
                }
            }
            write(response, false, events.get(i).getBytes(StandardCharsets.UTF_8));
        }
        if (s.cutAfter() == events.size()) throw new CutException();
        write(response, true, new byte[0]);
    }

    private static void write(Response response, boolean last, byte[] bytes) throws IOException {
        try (Blocker.Callback cb = Blocker.callback()) {
            response.write(last, ByteBuffer.wrap(bytes), cb);
            cb.block();
        }
    }

    /** A scripted cut: the fake drops the connection on purpose. */
    private static final class CutException extends IOException {
        CutException() {
            super("scripted cut");
            try {
                Thread.sleep(200); // let the events already written arrive before the connection is torn down
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The default: a short streamed or plain answer for messages, and sensible answers for the other endpoints. */
    public static Reply defaultReply(ReceivedRequest r) {
        return switch (r.path()) {
            case "/v1/messages" -> r.bodyText().contains("\"stream\":true") || r.bodyText().contains("\"stream\": true")
                    ? Reply.stream(AnthropicSse.textTurn(DEFAULT_MODEL, "Hello from the fake upstream.", AnthropicSse.Tokens.SMALL))
                    : Reply.json(200, AnthropicSse.message(DEFAULT_MODEL, "Hello from the fake upstream.", AnthropicSse.Tokens.SMALL));
            case "/v1/messages/count_tokens" -> Reply.json(200, "{\"input_tokens\":" + Math.max(1, r.body().length / 4) + "}");
            case "/v1/models" -> Reply.json(200, "{\"data\":[{\"type\":\"model\",\"id\":\"" + DEFAULT_MODEL
                    + "\",\"display_name\":\"Claude Sonnet 4.5\",\"created_at\":\"2025-09-29T00:00:00Z\"}],\"has_more\":false,"
                    + "\"first_id\":\"" + DEFAULT_MODEL + "\",\"last_id\":\"" + DEFAULT_MODEL + "\"}");
            default -> r.path().startsWith("/v1/models/")
                    ? Reply.json(200, "{\"type\":\"model\",\"id\":\"" + r.path().substring("/v1/models/".length())
                            + "\",\"display_name\":\"Fake\",\"created_at\":\"2025-09-29T00:00:00Z\"}")
                    : Reply.json(404, AnthropicSse.errorBody("not_found_error", "Not found: " + r.path()));
        };
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
