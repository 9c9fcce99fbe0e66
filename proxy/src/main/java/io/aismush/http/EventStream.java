package io.aismush.http;

import io.aismush.metering.BilledRecord;
import io.aismush.metering.RequestRecord;
import io.aismush.wire.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /events}: Server-Sent Events, one {@code request} event per completed, billed request record, in the row
 * shape of {@code /history}. A recorder sink ({@link #accept}) offers each event to every client's bounded queue and
 * never blocks; a client whose queue is full has fallen behind and is dropped (its EventSource reconnects). Each
 * client is served by its own (virtual) request thread, which sends a keep-alive comment after {@link #KEEP_ALIVE}
 * of silence. Thread-safe.
 */
public final class EventStream implements java.util.function.Consumer<BilledRecord>, AutoCloseable {
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final int QUEUE = 256;
    private static final byte[] END = new byte[0];

    private final Set<BlockingQueue<byte[]>> clients = ConcurrentHashMap.newKeySet();

    @Override
    public void accept(BilledRecord billed) {
        if (clients.isEmpty() || billed.record().id() == null) return;
        byte[] event = ("event: request\ndata: " + Json.MAPPER.writeValueAsString(row(billed)) + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (var queue : clients) {
            if (!queue.offer(event)) {
                clients.remove(queue);
                queue.clear();
                queue.offer(END); // fell behind: dropped, and told so
            }
        }
    }

    /** How many clients are listening now. */
    public int clients() {
        return clients.size();
    }

    /**
     * Serves one client until it hangs up, falls behind or the stream closes. A hang-up is seen at once (not at the
     * next keep-alive), so a closed dashboard tab does not hold a thread and a queue for up to {@link #KEEP_ALIVE}.
     */
    void serve(Request request, Response response) throws IOException {
        var queue = new ArrayBlockingQueue<byte[]>(QUEUE);
        clients.add(queue);
        var gone = new AtomicBoolean();
        var watch = ClientWatch.start(request, () -> {
            gone.set(true);
            clients.remove(queue);
            queue.clear();
            queue.offer(END);
        });
        try {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            ClientIo.write(response, false, "retry: 1000\n: connected\n\n".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                byte[] next = queue.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (next == END) break;
                ClientIo.write(response, false, next == null ? ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII) : next);
            }
            watch.cancel();
            if (gone.get()) throw new IOException("the dashboard closed its event stream");
            ClientIo.write(response, true, new byte[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watch.cancel();
            clients.remove(queue);
        }
    }

    /** Ends every client's stream (before the server stops, which would otherwise wait for them). */
    @Override
    public void close() {
        for (var queue : clients) {
            clients.remove(queue);
            queue.clear();
            queue.offer(END);
        }
    }

    private static Map<String, Object> row(BilledRecord billed) {
        RequestRecord r = billed.record();
        var row = new LinkedHashMap<String, Object>();
        row.put("id", r.id());
        row.put("started_at", r.startedAt() == null ? null : r.startedAt().toString());
        row.put("session_id", r.sessionId());
        row.put("project", r.project());
        row.put("client", r.client());
        row.put("endpoint", r.endpoint());
        row.put("provider", r.provider());
        row.put("model_requested", r.modelRequested());
        row.put("model_served", r.modelServed());
        row.put("route_reason", r.routeReason());
        row.put("fallback_from", r.fallbackFrom());
        row.put("stream", r.stream());
        row.put("status", r.status());
        row.put("outcome", r.outcome() == null ? null : r.outcome().name().toLowerCase(Locale.ROOT));
        row.put("error_type", r.errorType());
        row.put("stop_reason", r.stopReason());
        if (r.usage() != null) {
            row.put("input_tokens", r.usage().inputTokens());
            row.put("output_tokens", r.usage().outputTokens());
            row.put("cache_read_tokens", r.usage().cacheReadTokens());
            row.put("cache_write_5m_tokens", r.usage().cacheWrite5mTokens());
            row.put("cache_write_1h_tokens", r.usage().cacheWrite1hTokens());
        }
        row.put("ttfb_ms", r.ttfbMillis());
        row.put("total_ms", r.totalMillis());
        row.put("cost_usd", billed.bill().costUsd());
        row.put("baseline_usd", billed.bill().baselineUsd());
        row.put("routing_savings_usd", billed.bill().routingSavingsUsd());
        row.put("compression_tokens_saved", r.compressionTokensSaved());
        row.put("compression_savings_usd", billed.bill().compressionSavingsUsd());
        row.put("priced", billed.bill().priced());
        row.put("savings_usd", billed.bill().savingsUsd());
        return row;
    }
}
