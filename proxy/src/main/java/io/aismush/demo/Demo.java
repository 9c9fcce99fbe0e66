package io.aismush.demo;

import io.aismush.config.Config;
import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code aismush demo}: with no keys and no network, starts the proxy in this process in front of two simulated
 * providers (Anthropic and DeepSeek on loopback ports), replays a Claude Code-shaped session through the full
 * pipeline with a progress bar, prints the savings report from the proxy's own {@code /stats}, and leaves the proxy
 * up until Ctrl-C (or returns at once with {@code exit}). Its data folder is a temporary one, deleted at the end,
 * so the demo never touches the user's history.
 */
public final class Demo {
    /** Pause between steps, so a person can watch the bar move; the whole session stays a few seconds long. */
    private static final Duration STEP_PAUSE = Duration.ofMillis(40);

    private final ProxyLauncher launcher;
    private final PrintStream out;
    private final PrintStream err;

    public Demo(ProxyLauncher launcher, PrintStream out, PrintStream err) {
        this.launcher = launcher;
        this.out = out;
        this.err = err;
    }

    /** What the demo did: the turns it played and the proxy's {@code /stats} right after. */
    public record Result(List<Session.Turn> turns, JsonNode stats, int port) {}

    /** Runs the demo; with {@code stay}, blocks until the JVM is asked to stop. Returns the exit code. */
    public int run(int port, boolean stay) throws Exception {
        Path dataDir = Files.createTempDirectory("aismush-demo");
        try (var anthropic = SimulatedProvider.anthropic(); var deepseek = SimulatedProvider.deepseek()) {
            Config config = Config.defaults(dataDir).withPort(port).withAnthropicBaseUrl(anthropic.baseUrl())
                    .withDeepseek("sk-demo-simulated-key-000000", deepseek.baseUrl());
            try (var proxy = launcher.start(config)) {
                Result result = play(proxy.port());
                new Report(out).print(result);
                if (stay) waitForCtrlC(proxy.port());
            }
        } finally {
            deleteQuietly(dataDir);
        }
        return 0;
    }

    /** Plays the session through the proxy on {@code port} and reads its totals once every record is counted. */
    public Result play(int port) throws IOException, InterruptedException {
        URI base = URI.create("http://127.0.0.1:" + port);
        err.println("aismush demo: a simulated Claude Code session through the real proxy (no keys, no network)");
        var bar = new ProgressBar(err, Session.requests());
        List<Session.Turn> turns = new Session(base).play(turn -> {
            bar.step(turn.label() + " → " + Report.provider(turn.servedModel()));
            pause();
        });
        bar.done();
        JsonNode stats = stats(base);
        for (long deadline = System.nanoTime() + 5_000_000_000L; stats.path("requests").asLong() < turns.size() && System.nanoTime() < deadline; ) {
            Thread.sleep(20); // the recorder counts off the request path
            stats = stats(base);
        }
        return new Result(turns, stats, port);
    }

    private void waitForCtrlC(int port) throws InterruptedException {
        out.println();
        out.println("The proxy stays up with the demo's numbers: http://127.0.0.1:" + port + "/  (/stats, /health, /history)");
        out.println("Press Ctrl-C to stop. Next: `aismush start` launches Claude Code through aismush for real.");
        var stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "aismush-demo-stop"));
        stop.await();
    }

    static JsonNode stats(URI base) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(base + "/stats")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return Json.MAPPER.readTree(r.body());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(STEP_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the system cleans it up eventually
        }
    }

    /** A one-line progress bar, redrawn in place. */
    private static final class ProgressBar {
        private final PrintStream err;
        private final int total;
        private int done;

        ProgressBar(PrintStream err, int total) {
            this.err = err;
            this.total = total;
        }

        void step(String what) {
            done++;
            int filled = done * 30 / total;
            err.printf("\r  [%s%s] %2d/%d  %-40.40s", "█".repeat(filled), "░".repeat(30 - filled), done, total, what);
            err.flush();
        }

        void done() {
            err.println();
        }
    }
}
