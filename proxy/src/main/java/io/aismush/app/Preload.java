package io.aismush.app;

import io.aismush.wire.Json;
import org.eclipse.jetty.http.MimeTypes;

/**
 * Begins, on a second core, the class initialisations of the start that cost most, while the main thread wires the
 * server: the JSON mapper (its date format reads the locale data, and JSON numbers need {@link java.math.BigDecimal},
 * whose tables take tens of milliseconds to compute) and Jetty's {@link MimeTypes} (it lists every locale the JDK
 * knows). The main thread reaches them later and finds them done, or waits for the rest; the work is the same, only
 * no longer in line.
 */
final class Preload {
    private Preload() {}

    static void begin() {
        Thread.ofPlatform().daemon().name("aismush-preload").start(() -> {
            try {
                Json.MAPPER.readTree("{\"n\":1.5}");
                Class.forName(MimeTypes.class.getName(), true, MimeTypes.class.getClassLoader());
            } catch (ClassNotFoundException | RuntimeException e) {
                // nothing lost: whoever needs these initialises them, and meets any error there
            }
        });
    }
}
