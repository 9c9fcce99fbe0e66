package io.aismush.demo;

import io.aismush.config.Config;

/** Starts an aismush server in this process (the application passes one in, so this package needs no wiring). */
public interface ProxyLauncher {
    /** Starts serving with {@code config}; returns once the port is bound. */
    Running start(Config config) throws Exception;

    /** A running server; closing it stops it. */
    interface Running extends AutoCloseable {
        int port();
    }
}
