package io.aismush.app;

import io.aismush.wire.Json;
import org.eclipse.jetty.http.MimeTypes;
import org.slf4j.LoggerFactory;

/**
 * Begins, on threads of their own, the class initialisations of the start that cost most, while the main thread wires
 * the server: the JSON mapper (its date format reads the locale data, and JSON numbers need {@link java.math.BigDecimal},
 * whose tables take tens of milliseconds to compute) and Jetty's {@link MimeTypes} (it lists every locale the JDK
 * knows). The main thread reaches them later and finds them done, or waits for the rest; the work is the same, only
 * no longer in line.
 */
final class Preload {
    private Preload() {}

    static void begin() {
        // SLF4J gives a thread that asks for a logger while another thread sets logging up a stand-in factory, which
        // Logging cannot configure (Jetty's classes ask as they initialise): logging is set up first, on this thread.
        LoggerFactory.getILoggerFactory();
        // one thread each: the main thread needs both within a fraction of a second of each other
        Thread.ofPlatform().daemon().name("aismush-preload-json").start(() -> Json.MAPPER.readTree("{\"n\":1.5}"));
        Thread.ofPlatform().daemon().name("aismush-preload-jetty").start(() -> {
            try {
                Class.forName(MimeTypes.class.getName(), true, MimeTypes.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e); // cannot happen: the class is named by its literal
            }
        });
    }
}
