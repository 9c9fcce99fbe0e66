package io.aismush.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A port on 127.0.0.1 that refuses connections for as long as it is held: a socket bound there that never listens.
 * Unlike {@link FakeUpstream#refusingPort()}, the port cannot be handed to another server meanwhile (a proxy started
 * on port 0 once took it, and called itself).
 */
public final class RefusingPort implements AutoCloseable {
    private final Socket bound = new Socket();

    private RefusingPort() throws IOException {
        bound.setReuseAddress(false);
        bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    public static RefusingPort hold() {
        try {
            return new RefusingPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return bound.getLocalPort();
    }

    @Override
    public void close() {
        try {
            bound.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        }
    }
}
