package io.aismush.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The proxy jar in its own JVM, on 127.0.0.1, with its own empty data folder and working directory. */
final class ProxyProcess implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "bench-kill-proxies"));
    }

    final Process process;
    final int port;
    final URI base;
    final Path log;
    /** {@link System#nanoTime()} just before the process was started. */
    final long startNanos;

    private ProxyProcess(Process process, int port, Path log, long startNanos) {
        this.process = process;
        this.port = port;
        this.base = URI.create("http://127.0.0.1:" + port);
        this.log = log;
        this.startNanos = startNanos;
    }

    /**
     * Starts {@code java <flags> -jar <jar>} in a fresh folder under {@code work}. Inherited settings that would change
     * the proxy (PROXY_*, AISMUSH_*, JAVA_TOOL_OPTIONS, ...) are removed from its environment.
     */
    static ProxyProcess spawn(Path java, Path jar, List<String> flags, URI upstream, Map<String, String> env, Path work)
            throws IOException {
        Path dir = Files.createTempDirectory(work, "proxy-");
        Path log = dir.resolve("stdout-stderr.log");
        int port = freePort();
        var command = new ArrayList<String>();
        command.add(java.toString());
        command.addAll(flags);
        command.add("-jar");
        command.add(jar.toString());
        var pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        var e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("PROXY_") || k.startsWith("AISMUSH_") || k.startsWith("DEEPSEEK_")
                || k.startsWith("ANTHROPIC_") || k.equals("FORCE_PROVIDER") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS"));
        e.put("PROXY_PORT", Integer.toString(port));
        e.put("AISMUSH_ANTHROPIC_BASE_URL", upstream.toString());
        e.put("AISMUSH_HOME", dir.resolve("home").toString());
        e.putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        LIVE.add(p);
        return new ProxyProcess(p, port, log, t0);
    }

    /** The data folder the proxy was given (AISMUSH_HOME), for a later start on the same one. */
    Path home() {
        return log.getParent().resolve("home");
    }

    static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size now, in kB (VmRSS), or -1 when it cannot be read. */
    long rssKb() {
        long v = procStatus("VmRSS:");
        return v >= 0 ? v : psRss();
    }

    /** Peak resident set size since the process started, in kB (VmHWM), or -1 where /proc is missing. */
    long peakRssKb() {
        return procStatus("VmHWM:");
    }

    private long procStatus(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    private long psRss() {
        try {
            Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(pid())).redirectErrorStream(true).start();
            String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            ps.waitFor(5, TimeUnit.SECONDS);
            return out.isEmpty() ? -1 : Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    String logTail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}; the exit code (or -1 when killed). */
    int stop(Duration grace) {
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LIVE.remove(process);
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
        return -1;
    }

    @Override
    public void close() {
        if (process.isAlive()) stop(Duration.ofSeconds(10));
    }
}
