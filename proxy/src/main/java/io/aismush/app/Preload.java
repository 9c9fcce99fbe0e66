package io.aismush.app;

import io.aismush.wire.Json;
import org.eclipse.jetty.http.MimeTypes;
import org.slf4j.LoggerFactory;

import java.util.Locale;

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
        // These two log nothing, so they start at once, beside the logging set-up (the longest pieces go first).
        start("aismush-preload-json", () -> Json.MAPPER.readTree("{\"n\":1.5}"));
        start("aismush-preload-locales", Locale::getAvailableLocales); // most of what MimeTypes' initialisation costs
        // SLF4J gives a thread that asks for a logger while another thread sets logging up a stand-in factory, which
        // Logging cannot configure (Jetty's classes ask as they initialise): logging is set up first, on this thread.
        LoggerFactory.getILoggerFactory();
        start("aismush-preload-jetty", () -> {
            try {
                Class.forName(MimeTypes.class.getName(), true, MimeTypes.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e); // cannot happen: the class is named by its literal
            }
        });
    }

    private static void start(String name, Runnable work) {
        Thread.ofPlatform().daemon().name(name).start(work);
    }
}
