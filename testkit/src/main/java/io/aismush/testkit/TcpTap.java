package io.aismush.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A TCP forwarder on 127.0.0.1 that records every byte a client sends before passing it on, so a test can prove
 * what a real client (the Claude Code CLI) put on the wire. Parses the recording back into HTTP/1.1 requests with
 * {@code content-length} bodies (what Claude Code sends).
 */
public final class TcpTap implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    private final List<Socket> sockets = new ArrayList<>();

    public TcpTap(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("tcp-tap").start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(target);
                }
                Thread.ofVirtual().start(() -> pump(client, target, true));
                Thread.ofVirtual().start(() -> pump(target, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean record) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (record) {
                    synchronized (recorded) {
                        recorded.write(buffer, 0, n);
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: the other pump ends too
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** A request as parsed from the recorded client bytes. */
    public record TappedRequest(String requestLine, List<String> headerLines, byte[] body) {}

    /** The requests the client sent so far, in order. */
    public List<TappedRequest> requests() {
        byte[] all;
        synchronized (recorded) {
            all = recorded.toByteArray();
        }
        var out = new ArrayList<TappedRequest>();
        int pos = 0;
        while (pos < all.length) {
            int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), pos);
            if (end < 0) break;
            String head = new String(all, pos, end - pos, StandardCharsets.ISO_8859_1);
            String[] lines = head.split("\r\n");
            int length = 0;
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
                if (line.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:")) {
                    throw new IllegalStateException("the tap parses content-length bodies only: " + line);
                }
            }
            int bodyStart = end + 4;
            if (bodyStart + length > all.length) break;
            byte[] body = java.util.Arrays.copyOfRange(all, bodyStart, bodyStart + length);
            out.add(new TappedRequest(lines[0], List.of(lines).subList(1, lines.length), body));
            pos = bodyStart + length;
        }
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) s.close();
        }
    }
}
