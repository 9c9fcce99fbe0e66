package io.aismush.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A port on 127.0.0.1 where connecting hangs: a listening socket that never accepts, its backlog already filled, so
 * the kernel drops every further connection attempt and the caller waits for its own connect timeout. Works offline.
 */
public final class NeverAccepts implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();

    private NeverAccepts() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        // The kernel queues a few connections beyond the backlog; fill until a connect attempt hangs.
        for (int i = 0; i < 16; i++) {
            var s = new Socket();
            try {
                s.connect(listener.getLocalSocketAddress(), 200);
                fillers.add(s);
            } catch (SocketTimeoutException full) {
                s.close();
                return;
            }
        }
        close();
        throw new IllegalStateException("the listen backlog never filled; connect attempts do not hang on this system");
    }

    public static NeverAccepts start() {
        try {
            return new NeverAccepts();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    @Override
    public void close() {
        for (Socket s : fillers) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a filler: nothing to do
            }
        }
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing the listener: nothing to do
        }
    }
}
