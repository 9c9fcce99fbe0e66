package io.aismush.providers;

import java.security.Provider;
import java.security.SecureRandom;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS context of the client that only speaks plain http: made without touching the TLS stack, and refusing any
 * use, so an https request that reached that client by mistake fails loudly instead of going out unprotected.
 */
final class NoTls {
    private NoTls() {}

    private static final Provider PROVIDER = new Provider("aismush-plain-http", "1", "no TLS: plain http only") {};

    static SSLContext context() {
        return new SSLContext(new Refusing(), PROVIDER, "none") {};
    }

    private static final class Refusing extends SSLContextSpi {
        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("this HTTP client speaks plain http only");
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
            throw refused();
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }
    }
}
