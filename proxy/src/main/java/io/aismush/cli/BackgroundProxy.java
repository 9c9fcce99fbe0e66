package io.aismush.cli;

import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The proxy {@code aismush start} relies on: finds out who holds the port, and starts aismush in the background
 * when nobody does: a detached child process (its own session, so Ctrl-C in the terminal reaches Claude Code, not
 * the proxy) running the same launcher or jar, its output in {@code <dataDir>/proxy.out}, its log in
 * {@code <dataDir>/proxy.log}, its process id in {@code <dataDir>/proxy.pid}. Never stops or kills anything.
 */
final class BackgroundProxy {
    /** Who listens on the port. */
    enum Holder { NOBODY, AISMUSH, SOMEONE_ELSE }

    /** The launcher script {@code bin/aismush} names itself here, so children get its JVM flags and AOT cache. */
    static final String LAUNCHER_ENV = "AISMUSH_LAUNCHER";

    private BackgroundProxy() {}

    static Holder probe(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException e) {
            return Holder.NOBODY;
        }
        JsonNode h = health(port);
        return h != null && "aismush".equals(h.path("service").asString(null)) ? Holder.AISMUSH : Holder.SOMEONE_ELSE;
    }

    /** {@code GET /health}, or null when the answer is not JSON with status 200 (or there is none). */
    static JsonNode health(int port) {
        return getJson(port, "/health");
    }

    static JsonNode getJson(int port, String path) {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build()) {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofMillis(1500)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Starts the proxy detached, serving {@code args} (e.g. {@code --port N}) with {@code env}. */
    static Process spawn(List<String> args, Map<String, String> env, Path dataDir) throws IOException {
        var command = new ArrayList<String>();
        for (String setsid : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            if (Files.isExecutable(Path.of(setsid))) {
                command.add(setsid); // a session of its own: terminal signals (Ctrl-C, hang-up) do not reach it
                break;
            }
        }
        command.addAll(selfCommand(env));
        command.addAll(args);
        io.aismush.config.DataDir.create(dataDir);
        Path out = io.aismush.config.DataDir.privateFile(dataDir.resolve("proxy.out")); // log lines: owner only
        var pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        Files.writeString(io.aismush.config.DataDir.privateFile(dataDir.resolve("proxy.pid")), p.pid() + "\n");
        return p;
    }

    /** Waits until {@code /health} says aismush, the child dies, or {@code max} passes. */
    static boolean awaitHealthy(int port, Process child, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (probe(port) == Holder.AISMUSH) return true;
            if (!child.isAlive()) return false;
            Thread.sleep(50);
        }
        return false;
    }

    /** How to run this same aismush again: its launcher, its jar, or (in development) its class path. */
    private static List<String> selfCommand(Map<String, String> env) {
        String launcher = env.get(LAUNCHER_ENV);
        if (launcher != null && Files.isExecutable(Path.of(launcher))) return List.of(launcher);
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        var flags = List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError");
        var cmd = new ArrayList<String>();
        cmd.add(java);
        cmd.addAll(flags);
        String self = AismushCommand.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        if (self.endsWith(".jar")) {
            cmd.add("-jar");
            cmd.add(self);
        } else {
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("io.aismush.app.Main");
        }
        return cmd;
    }

    private static File nullFile() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
