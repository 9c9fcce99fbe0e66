package io.aismush.faults;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client that sends one Messages request on its own connection and hangs up at its deadline, as Claude Code does
 * when it gives up. It reads whatever arrives, so a body cut off mid-way is seen as such instead of as an exception.
 */
final class FaultClient {
    private FaultClient() {}

    /**
     * What the client saw.
     *
     * @param status   the HTTP status, or -1 when no response head arrived
     * @param complete whether the body arrived whole (final chunk or full content-length)
     * @param gaveUp   whether the client hung up at its deadline
     */
    record Seen(int status, Map<String, String> headers, String body, boolean complete, boolean gaveUp, Duration took) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static Seen post(int port, byte[] body, Duration deadline) {
        long start = System.nanoTime();
        var gaveUp = new AtomicBoolean();
        var response = new Response();
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            Thread timer = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(deadline);
                    gaveUp.set(true);
                    socket.close();
                } catch (InterruptedException | IOException done) {
                    // answered in time, or already closed
                }
            });
            try {
                // Kept alive, as real clients do: the answer is then chunked, so a cut is told apart from an end.
                String head = "POST /v1/messages?beta=true HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\ncontent-type: application/json\r\n"
                        + "x-api-key: sk-ant-" + "test-faults-0123456789\r\nanthropic-version: 2023-06-01\r\n"
                        + "content-length: " + body.length + "\r\n\r\n";
                var out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                response.read(new BufferedInputStream(socket.getInputStream()));
            } catch (IOException e) {
                // a reset, or our own hang-up: what arrived so far is what the client saw
            } finally {
                timer.interrupt();
            }
        } catch (IOException e) {
            // closing an already closed socket
        }
        return new Seen(response.status, Map.copyOf(response.headers), response.body.toString(StandardCharsets.UTF_8), response.complete,
                gaveUp.get(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** One response, read as far as it arrives: head, then a chunked, sized or close-delimited body. */
    private static final class Response {
        int status = -1;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean complete;

        void read(InputStream in) throws IOException {
            String statusLine = line(in);
            if (statusLine == null) return;
            status = Integer.parseInt(statusLine.split(" ")[1]);
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.putIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            String length = headers.get("content-length");
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                while (true) {
                    String size = line(in);
                    if (size == null) return;
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (n == 0) {
                        complete = true;
                        return;
                    }
                    byte[] chunk = in.readNBytes(n);
                    body.write(chunk, 0, chunk.length);
                    if (chunk.length < n || line(in) == null) return;
                }
            } else if (length != null) {
                byte[] all = in.readNBytes(Integer.parseInt(length));
                body.write(all, 0, all.length);
                complete = all.length == Integer.parseInt(length);
            } else {
                in.transferTo(body);
                complete = true; // delimited by the close
            }
        }

        /** A CRLF-ended line, or null at the end of the stream. */
        private static String line(InputStream in) throws IOException {
            var sb = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') return sb.toString();
                if (b != '\r') sb.append((char) b);
            }
            return null;
        }
    }
}
