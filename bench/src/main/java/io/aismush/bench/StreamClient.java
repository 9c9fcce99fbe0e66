package io.aismush.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;

/** A Claude Code-like client: JDK HttpClient, HTTP/1.1, keep-alive, virtual threads; reads SSE answers as they come. */
final class StreamClient {
    private StreamClient() {}

    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /**
     * One exchange's outcome.
     *
     * @param ttfbNanos  send → first body byte (for errors: send → end of the error body)
     * @param relayNanos per event: arrival (its blank line read) minus the fake's send stamp; only when asked for
     * @param complete   a 200 event stream that ended with message_stop
     * @param error      an exception's description, or null
     */
    record Result(int status, long ttfbNanos, long totalNanos, int events, boolean complete, long[] relayNanos, String body,
                  String error) {
        boolean ok() {
            return error == null && status == 200 && complete;
        }

        boolean overloaded() {
            return error == null && status == 529 && body != null && body.contains("\"overloaded_error\"");
        }

        String describe() {
            if (error != null) return error;
            if (status != 200) return "HTTP " + status + (body == null ? "" : " " + body.substring(0, Math.min(120, body.length())));
            return complete ? "ok" : "stream ended without message_stop after " + events + " events";
        }
    }

    /** POSTs {@code body}; {@code gapMs} < 0 sends no gap header (the fake's default gap applies). */
    static Result post(HttpClient client, URI uri, byte[] body, long gapMs, boolean relay, Duration timeout) {
        var builder = HttpRequest.newBuilder(uri.resolve("/v1/messages"))
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14")
                .header("x-api-key", "sk-ant-bench-not-a-real-key")
                .header("user-agent", "claude-cli/2.1.0 (external, cli)")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gapMs >= 0) builder.header(StampingUpstream.GAP_HEADER, Long.toString(gapMs));
        var request = builder.build();
        long t0 = System.nanoTime();
        int status = 0;
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            try (InputStream in = response.body()) {
                if (status != 200) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    long t = System.nanoTime() - t0;
                    return new Result(status, t, t, 0, false, new long[0], text, null);
                }
                return readEvents(in, t0, relay);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return new Result(status, 0, System.nanoTime() - t0, 0, false, new long[0], null, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Splits the stream at blank lines ("\n\n"; the fake and the proxy write LF only). */
    private static Result readEvents(InputStream in, long t0, boolean relay) throws IOException {
        byte[] buf = new byte[16 * 1024];
        byte[] event = new byte[4096];
        int eventLen = 0;
        long[] delays = new long[16];
        int events = 0;
        long ttfb = 0;
        boolean sawStop = false;
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (n == 0) continue;
            long now = System.nanoTime();
            if (ttfb == 0) ttfb = now - t0;
            for (int i = 0; i < n; i++) {
                if (eventLen == event.length) event = Arrays.copyOf(event, event.length * 2);
                event[eventLen++] = buf[i];
                if (buf[i] == '\n' && eventLen >= 2 && event[eventLen - 2] == '\n') {
                    String text = new String(event, 0, eventLen, StandardCharsets.UTF_8);
                    if (relay) {
                        long sent = stamp(text);
                        if (sent != Long.MIN_VALUE) {
                            if (events == delays.length) delays = Arrays.copyOf(delays, delays.length * 2);
                            delays[events] = now - sent;
                        }
                    }
                    if (text.startsWith("event: message_stop")) sawStop = true;
                    events++;
                    eventLen = 0;
                }
            }
        }
        long total = System.nanoTime() - t0;
        return new Result(200, ttfb, total, events, sawStop, relay ? Arrays.copyOf(delays, events) : new long[0], null, null);
    }

    private static long stamp(String event) {
        int at = event.indexOf(StampingUpstream.STAMP_FIELD);
        if (at < 0) return Long.MIN_VALUE;
        int i = at + StampingUpstream.STAMP_FIELD.length();
        boolean negative = i < event.length() && event.charAt(i) == '-';
        if (negative) i++;
        long v = 0;
        while (i < event.length() && Character.isDigit(event.charAt(i))) v = v * 10 + (event.charAt(i++) - '0');
        return negative ? -v : v;
    }

    /** GET a path; the status, or -1 when nothing answers. */
    static int get(HttpClient client, URI base, String path, Duration timeout) {
        try {
            var r = client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String getText(HttpClient client, URI base, String path, Duration timeout) {
        try {
            return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
