package io.aismush.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs Claude Code in this terminal, pointed at the proxy: {@code claude} from the PATH, every argument passed
 * through, the terminal shared (inheritIO). While it runs, Ctrl-C belongs to Claude Code (it cancels a turn there),
 * so this process ignores SIGINT; if this process is stopped otherwise (SIGTERM, hang-up), Claude Code is stopped
 * with it. Returns Claude Code's exit code.
 */
final class ClaudeRun {
    static final String INSTALL = "npm install -g @anthropic-ai/claude-code";

    private ClaudeRun() {}

    /** The {@code claude} executable on {@code PATH}, if any. */
    static Optional<Path> find(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        boolean windows = System.getProperty("os.name").startsWith("Windows");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) continue;
            for (String name : windows ? new String[] {"claude.cmd", "claude.exe", "claude"} : new String[] {"claude"}) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static int run(Path claude, List<String> args, Map<String, String> env, int port) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(claude.toString());
        command.addAll(args);
        var pb = new ProcessBuilder(command).inheritIO();
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("ANTHROPIC_BASE_URL", "http://127.0.0.1:" + port);
        Process child = pb.start();
        Thread stopChild = new Thread(() -> {
            if (child.isAlive()) child.destroy();
        }, "aismush-stop-claude");
        Runtime.getRuntime().addShutdownHook(stopChild);
        Signals.ignoreInterrupt();
        try {
            return child.waitFor();
        } finally {
            Signals.restoreInterrupt();
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }
}
