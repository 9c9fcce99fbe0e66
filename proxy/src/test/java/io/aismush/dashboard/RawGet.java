package io.aismush.dashboard;

import io.aismush.testing.RawHttp;

/** A GET with a chosen Host header (the JDK client does not let a test set Host). */
final class RawGet {
    private RawGet() {}

    static int status(int port, String path, String host) {
        return RawHttp.exchange(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n", new byte[0]).status();
    }
}
