package io.aismush.lifecycle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client on a plain socket that sends a request (whole or only its start), reads as much of the answer as the
 * test wants, and hangs up exactly then: the stage of the request's life is the test's choice, not a timer's.
 */
final class HangingClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private HangingClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    static HangingClient connect(int port) {
        try {
            return new HangingClient(new Socket(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The head of a Messages POST as Claude Code sends it, declaring a body of {@code length} bytes. */
    static String messagesHead(String path, int length) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                + "x-api-key: sk-ant-" + "test-hangup-0123456789\r\nanthropic-version: 2023-06-01\r\n"
                + "user-agent: claude-cli/2.1.0 (external, cli)\r\ncontent-length: " + length;
    }

    /** Sends the head (without its blank line) and the given bytes of the body. */
    HangingClient send(String head, byte[] body, int bodyBytesSent) {
        try {
            var out = socket.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, bodyBytesSent);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HangingClient send(String head, byte[] body) {
        return send(head, body, body.length);
    }

    /** Reads until what arrived contains {@code marker}; fails after {@code timeout}. Returns all that arrived. */
    String awaitReceived(String marker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[8192];
        try {
            while (!text().contains(marker)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("no '" + marker + "' within " + timeout + "; received: " + text());
                socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (n < 0) throw new AssertionError("the connection closed before '" + marker + "'; received: " + text());
                received.write(buffer, 0, n);
            }
            return text();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    /** Closes the connection: the client is gone. Returns when, in {@link System#nanoTime()}. */
    long hangUp() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return System.nanoTime();
    }

    @Override
    public void close() {
        hangUp();
    }
}
