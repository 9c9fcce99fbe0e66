package io.aismush.cli;

import io.aismush.config.Config;
import io.aismush.demo.Savings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code aismush start [--direct|--deepseek|--provider NAME] [--port N] [claude args…]}: makes sure an aismush
 * serves the port (reuses a running one, starts one in the background otherwise, never touches another program's
 * port), asks for the DeepSeek key on the first run, runs Claude Code through it, and prints what the session cost
 * and saved. Exits with Claude Code's exit code.
 */
@Command(name = "start", description = {"Start aismush in the background (or reuse the running one) and launch Claude Code through it.",
        "Every argument aismush does not know is passed to `claude`, e.g. aismush start -p \"explain this repo\"."})
final class StartCommand implements Callable<Integer> {
    @Option(names = "--direct", description = "Claude only: no routing, no key needed.")
    boolean direct;

    @Option(names = "--deepseek", description = "Send every turn to DeepSeek.")
    boolean deepseek;

    @Option(names = "--provider", paramLabel = "NAME", description = "Send every turn to this configured provider.")
    String provider;

    @Option(names = "--port", paramLabel = "PORT", description = "The proxy's port (default: PROXY_PORT or 1849).")
    Integer port;

    @Unmatched
    List<String> claudeArgs = new ArrayList<>();

    private final Map<String, String> env;
    private final Path workingDir;
    private final Path userHome;
    private final PrintStream err;

    StartCommand(Map<String, String> env, Path workingDir, Path userHome, PrintStream err) {
        this.env = env;
        this.workingDir = workingDir;
        this.userHome = userHome;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        Config config = AismushCommand.configOrNull(env, workingDir, userHome, err);
        if (config == null) return 2;
        int p = port != null ? port : config.port();
        Optional<Path> claude = ClaudeRun.find(env);
        if (claude.isEmpty()) {
            err.println("aismush: Claude Code is not installed (no `claude` on the PATH). Install it with:");
            err.println("  " + ClaudeRun.INSTALL);
            return 127;
        }
        var childEnv = new HashMap<>(env);
        if (deepseek) childEnv.put("FORCE_PROVIDER", "deepseek");
        if (provider != null) childEnv.put("FORCE_PROVIDER", provider);
        if (needsKey(config)) {
            Prompter terminal = Prompter.terminal();
            if (terminal == null) {
                err.println("aismush: no DeepSeek key is configured, and there is no terminal to ask for one.");
                err.println("  Set it once:  export DEEPSEEK_API_KEY=sk-...   (or run `aismush setup` in a terminal)");
                err.println("  or run Claude only:  aismush start --direct");
                return 2;
            }
            new FirstRunKey(terminal, err).ask(KeyCheck.deepseekModelsBase(config.routing().deepseekBaseUrl()), config.dataDir());
        }
        Integer failed = ensureProxy(p, config, childEnv);
        if (failed != null) return failed;

        Savings before = stats(p);
        int exit = ClaudeRun.run(claude.get(), claudeArgs, env, p);
        printSummary(p, before);
        return exit;
    }

    /** The first run asks for a key: no key, no other provider configured, and not Claude-only or forced elsewhere. */
    private boolean needsKey(Config config) {
        if (direct || provider != null || config.deepseekApiKey() != null) return false;
        if (config.routing().direct()) return false;
        return deepseek || config.routing().providers().isEmpty();
    }

    /** Null when an aismush serves the port; otherwise the exit code, after saying why. */
    private Integer ensureProxy(int p, Config config, Map<String, String> childEnv) throws IOException, InterruptedException {
        switch (BackgroundProxy.probe(p)) {
            case AISMUSH -> {
                JsonNode health = BackgroundProxy.health(p);
                String routing = health == null ? "?" : health.path("routing").asString("?");
                err.println("aismush: reusing the aismush already running on port " + p + " (routing: " + routing + ")");
                if ((direct && !routing.equals("direct")) || ((deepseek || provider != null) && !routing.startsWith("forced"))) {
                    err.println("aismush: note: the running proxy keeps its own mode; stop it (or use another --port) to change it");
                }
                return null;
            }
            case SOMEONE_ELSE -> {
                err.println("aismush: port " + p + " is held by another program, not aismush; it was left alone.");
                err.println("  Choose another port: aismush start --port " + (p + 1) + " ...");
                return 1;
            }
            case NOBODY -> { }
        }
        var args = new ArrayList<>(List.of("--port", String.valueOf(p)));
        if (direct) args.add("--direct");
        long started = System.nanoTime();
        Process child = BackgroundProxy.spawn(args, childEnv, config.dataDir());
        if (!BackgroundProxy.awaitHealthy(p, child, Duration.ofSeconds(8))) {
            err.println("aismush: the proxy did not come up on port " + p + (child.isAlive() ? " within 8 s" : " (it exited with " + child.exitValue() + ")")
                    + "; see " + config.dataDir().resolve("proxy.out") + " and " + config.logFile());
            return 1;
        }
        err.printf("aismush: started on http://127.0.0.1:%d in %d ms (pid %d, log %s)%n", p, (System.nanoTime() - started) / 1_000_000,
                child.pid(), config.logFile());
        return null;
    }

    private static Savings stats(int p) {
        JsonNode s = BackgroundProxy.getJson(p, "/stats");
        return s == null ? new Savings(0, Double.NaN, Double.NaN, Double.NaN) : Savings.of(s);
    }

    /** What happened between before and after Claude Code ran, once the proxy has counted it. */
    private void printSummary(int p, Savings before) throws InterruptedException {
        Savings delta = stats(p).minus(before);
        for (int i = 0; i < 20; i++) { // the proxy records off the request path: give the last record a moment
            Thread.sleep(50);
            Savings again = stats(p).minus(before);
            if (again.equals(delta)) break;
            delta = again;
        }
        err.println();
        err.println("aismush: this session: " + delta.requests() + " request(s) · " + (delta.priced() ? delta.describe() : "no cost figures")
                + "  (proxy still running on port " + p + "; `aismush --status` for totals)");
    }
}
