package io.aismush.app;

import io.aismush.cli.AismushCommand;
import io.aismush.config.Config;
import io.aismush.config.ConfigException;
import io.aismush.config.ConfigLoader;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** The entry point: parses the command line, and serves when asked to. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        useBuiltInLocaleData(System.getProperties()); // first: before anything reads locale data
        var command = new AismushCommand(Main::serve, Main::startInProcess, System.getenv(), Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("user.home")), System.out, System.err);
        if (args.length == 1 && args[0].equals("--aot-training")) { // the launcher's cache-building run; not for people
            System.exit(AotTraining.run()); // after the line above, so the cache holds the command and its links
        }
        System.exit(command.readPlainServe(args) ? servePlain(command) : command.commandLine().execute(args));
    }

    /**
     * aismush formats nothing for a person's locale: its JSON, logs and English tables read the same everywhere. So it
     * does without the JDK's CLDR locale data, whose list of 1158 locales Jetty's MimeTypes builds as it initialises
     * (about 70 ms of CPU at every start); with no locale service providers installed, "SPI" leaves the JDK's built-in
     * data, which lists 166 and formats the root locale and English alike. A choice given to the JVM is kept.
     */
    static void useBuiltInLocaleData(java.util.Properties jvm) {
        if (jvm.getProperty("java.locale.providers") == null) jvm.setProperty("java.locale.providers", "SPI");
    }

    /** A plain serve, read without picocli; an unexpected failure ends it as picocli would end it. */
    private static int servePlain(AismushCommand command) {
        try {
            return command.call();
        } catch (RuntimeException e) {
            e.printStackTrace();
            return 1;
        }
    }

    /** Serves until the JVM is asked to stop; returns the exit code. */
    static int serve(Config config, ConfigLoader.Loaded loaded) {
        Preload.begin();
        try {
            Logging.configure(config.logFile(), config.verbose());
        } catch (IOException e) {
            System.err.println("aismush: cannot write the log file " + config.logFile() + ": " + e.getMessage() + "; logging to stderr only");
        }
        AismushServer server;
        try {
            server = new AismushServer(config);
        } catch (ConfigException e) {
            System.err.println("aismush: " + e.getMessage());
            return 2;
        }
        try {
            server.start();
        } catch (Exception e) {
            if (rootCause(e) instanceof BindException) {
                System.err.println("aismush: port " + config.port() + " is already in use. If aismush runs there, `aismush --status` says so;"
                        + " otherwise choose another port with --port or PROXY_PORT.");
            } else {
                System.err.println("aismush: could not start: " + rootCause(e));
            }
            try {
                server.close();
            } catch (Exception ignored) {
                // already failing; the message above says why
            }
            return 1;
        }
        System.err.println(listening(config, server.port()));
        JitThreads.yieldToRequests();
        if (config.teamMode()) {
            System.err.println("aismush: team mode: every request needs the access token; Claude Code sends it with"
                    + " ANTHROPIC_CUSTOM_HEADERS=\"x-aismush-token: <token>\"; open the dashboard once with /dashboard?token=<token>");
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(stopping(server, stopped));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The line that says where the proxy listens. */
    static String listening(Config config, int port) {
        return "aismush listening on http://" + config.host() + ":" + port + "  (export ANTHROPIC_BASE_URL=http://" + config.host() + ":" + port + ")";
    }

    /** The shutdown hook: closes the server, then counts {@code stopped} down. */
    static Thread stopping(AismushServer server, CountDownLatch stopped) {
        return new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("aismush: error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "aismush-shutdown");
    }

    /** For {@code aismush demo}: a server in this process, stopped when the demo closes it. */
    static io.aismush.demo.ProxyLauncher.Running startInProcess(Config config) throws Exception {
        Logging.quiet();
        var server = new AismushServer(config).start();
        return new io.aismush.demo.ProxyLauncher.Running() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() throws Exception {
                server.close();
            }
        };
    }

    private static Throwable rootCause(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) e = e.getCause();
        return e;
    }
}
