package io.aismush.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.aismush.config.DataDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/** Adds the log file beside stderr ({@link LogSetup} sets up stderr) and the verbosity chosen by config. */
final class Logging {
    private Logging() {}

    /** Only warnings and errors (the demo draws a progress bar on stderr; request lines would break it). */
    static void quiet() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger("io.aismush").setLevel(Level.WARN);
        context.getLogger("aismush").setLevel(Level.WARN);
    }

    static void configure(Path logFile, boolean verbose) throws IOException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger("io.aismush").setLevel(verbose ? Level.DEBUG : Level.INFO);
        DataDir.create(logFile.getParent());
        DataDir.privateFile(logFile); // created 0600 at once: no window in which others may open it
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        encoder.start();
        var file = new FileAppender<ILoggingEvent>();
        file.setContext(context);
        file.setName("file");
        file.setFile(logFile.toString());
        file.setAppend(true);
        file.setEncoder(encoder);
        file.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(file);
    }
}
