package io.aismush.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs {@code aismush} as its own process (this JVM's class path, {@code io.aismush.app.Main}), as a user's shell
 * would, and cleans up the background proxy it may leave running (by the process id it wrote, never by name).
 */
public final class AismushProcess {
    record Result(int exit, String output) {}

    private AismushProcess() {}

    /** The command line that runs aismush with {@code args}. */
    public static List<String> command(String... args) {
        return javaCommand(List.of(), io.aismush.app.Main.class, args);
    }

    /** The command line that runs {@code mainClass} (a test's probe) on the test class path, with JVM options first. */
    public static List<String> javaCommand(List<String> jvmOptions, Class<?> mainClass, String... args) {
        var cmd = new ArrayList<String>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A clean environment for a test: no real keys, no real endpoints, data in {@code dataDir}. */
    public static Map<String, String> environment(Path home, Path dataDir, int port, Path... pathFirst) {
        var env = new HashMap<String, String>();
        for (String keep : new String[] {"PATH", "LANG", "TERM", "JAVA_HOME", "TMPDIR"}) {
            if (System.getenv(keep) != null) env.put(keep, System.getenv(keep));
        }
        var path = new StringBuilder();
        for (Path p : pathFirst) path.append(p).append(File.pathSeparator);
        env.put("PATH", path + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("AISMUSH_HOME", dataDir.toString());
        env.put("PROXY_PORT", String.valueOf(port));
        env.put("AISMUSH_DATABASE_URL", "none");
        return env;
    }

    static Result run(Path workingDir, Map<String, String> env, Duration timeout, String... args) throws Exception {
        var pb = new ProcessBuilder(command(args)).directory(workingDir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        var output = new CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                output.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.complete("");
            }
        });
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("aismush " + String.join(" ", args) + " did not end within " + timeout);
        }
        return new Result(p.exitValue(), output.get(5, TimeUnit.SECONDS));
    }

    /** A fake {@code claude} that prints what it got, touches {@code ran}, and exits with {@code exit}. */
    static Path fakeClaude(Path dir, int exit) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("fake-bin"));
        Path claude = bin.resolve("claude");
        Files.writeString(claude, "#!/bin/sh\necho \"fake claude ANTHROPIC_BASE_URL=$ANTHROPIC_BASE_URL args: $*\"\ntouch \"" + dir.resolve("ran")
                + "\"\nexit " + exit + "\n");
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    /** Stops the background proxy {@code aismush start} started (its pid file names it), and waits for it to end. */
    static void stopBackgroundProxy(Path dataDir) throws Exception {
        Path pidFile = dataDir.resolve("proxy.pid");
        if (!Files.exists(pidFile)) return;
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        var handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            handle.get().destroy();
            handle.get().onExit().get(10, TimeUnit.SECONDS);
        }
    }
}
