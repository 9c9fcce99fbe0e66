package io.aismush.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A proxy under comparison running as its own process tree on 127.0.0.1 (nginx: master and workers; Node; the aismush
 * launcher, which execs its JVM). Memory is summed over the tree; readiness is a 200 from {@code /health}, or, for a
 * proxy without one of its own, an accepted TCP connection.
 */
final class PeerProcess implements AutoCloseable {
    private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

    static {
        // a bench stopped by its deadline or ^C leaves no proxy behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }), "bench-kill-peers"));
    }

    /** How to tell that the process serves: {@code /health} answers 200, or the port accepts. */
    enum Ready { HEALTH, ACCEPT }

    final String name;
    final Process process;
    final URI base;
    final Ready ready;
    final Path log;
    final long startNanos;

    private PeerProcess(String name, Process process, URI base, Ready ready, Path log, long startNanos) {
        this.name = name;
        this.process = process;
        this.base = base;
        this.ready = ready;
        this.log = log;
        this.startNanos = startNanos;
    }

    /**
     * Starts {@code command} in {@code dir} with the environment cleared of settings that would change a proxy
     * (PROXY_*, AISMUSH_*, ANTHROPIC_*, JAVA_TOOL_OPTIONS, NODE_OPTIONS, ...) plus {@code env}.
     */
    static PeerProcess start(String name, List<String> command, Map<String, String> env, Path dir, int port, Ready ready)
            throws IOException {
        Path log = dir.resolve("stdout-stderr.log");
        var pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        var e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("PROXY_") || k.startsWith("AISMUSH_") || k.startsWith("DEEPSEEK_")
                || k.startsWith("ANTHROPIC_") || k.equals("FORCE_PROVIDER") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS") || k.equals("NODE_OPTIONS")
                || k.equalsIgnoreCase("HTTP_PROXY") || k.equalsIgnoreCase("HTTPS_PROXY"));
        e.putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        LIVE.add(p.toHandle());
        return new PeerProcess(name, p, URI.create("http://127.0.0.1:" + port), ready, log, t0);
    }

    /** Waits until the process serves; nanoseconds from launch. Polls every 2 ms. */
    long awaitReady(HttpClient client, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail(15));
            boolean up = ready == Ready.HEALTH ? StreamClient.get(client, base, "/health", Duration.ofSeconds(2)) == 200 : accepts();
            if (up) return System.nanoTime() - startNanos;
            Thread.sleep(2);
        }
        throw new IllegalStateException(name + " did not serve within " + limit.toSeconds() + " s:\n" + logTail(15));
    }

    private boolean accepts() {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The process and everything it started (nginx workers, a JVM the launcher exec'd is the same pid). */
    private List<ProcessHandle> tree() {
        return Stream.concat(Stream.of(process.toHandle()), process.toHandle().descendants()).filter(ProcessHandle::isAlive).toList();
    }

    List<Long> pids() {
        return tree().stream().map(ProcessHandle::pid).toList();
    }

    /** VmRSS summed over the tree, kB; -1 when unreadable. */
    long rssKb() {
        return sum("VmRSS:");
    }

    /** VmHWM (each process's own peak) summed over the tree, kB: an upper bound of the tree's peak. */
    long peakRssKb() {
        return sum("VmHWM:");
    }

    /** CPU time (user + system) of the tree so far, in clock ticks (USER_HZ, 100 on Linux). */
    long cpuTicks() {
        long sum = 0;
        for (ProcessHandle h : tree()) sum += Math.max(0, cpuTicks(h.pid()));
        return sum;
    }

    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private long sum(String key) {
        long total = 0;
        boolean any = false;
        for (ProcessHandle h : tree()) {
            long v = status(h.pid(), key);
            if (v >= 0) {
                total += v;
                any = true;
            }
        }
        return any ? total : -1;
    }

    static long status(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone, or no /proc
        }
        return -1;
    }

    boolean alive() {
        return process.isAlive();
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readString(log, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGTERM to the tree, then SIGKILL after {@code grace}; the exit code, or -1 when it had to be killed. */
    int stop(Duration grace) {
        List<ProcessHandle> tree = tree();
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly); // orphans, if any
                LIVE.remove(process.toHandle());
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process.toHandle());
        return -1;
    }

    @Override
    public void close() {
        if (process.isAlive()) stop(Duration.ofSeconds(10));
    }
}
