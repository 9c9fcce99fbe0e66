package io.aismush.cli;

import io.aismush.config.Config;
import io.aismush.config.ConfigException;
import io.aismush.config.ConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * {@code aismush}: serves the proxy by default; {@code --status} and {@code --config} inspect instead.
 * The serve action is passed in by the application, so this package knows nothing of how the server is wired.
 */
@Command(name = "aismush", mixinStandardHelpOptions = true, versionProvider = AismushCommand.VersionProvider.class,
        sortOptions = false, subcommands = {StatsCommand.class, MemoriesCommand.class},
        description = {"A local, transparent proxy between Claude Code (or any Anthropic Messages API client) and AI providers.",
                "", "Without options it serves on http://127.0.0.1:1849; point Claude Code at it with",
                "  export ANTHROPIC_BASE_URL=http://127.0.0.1:1849", ""},
        footer = {"", "Configuration: environment > ./config.json (or ./.deepseek-proxy.json) > ~/.hybrid-proxy/config.json.",
                "Environment: PROXY_PORT, PROXY_VERBOSE, DEEPSEEK_API_KEY, FORCE_PROVIDER, AISMUSH_ANTHROPIC_BASE_URL,",
                "  AISMUSH_MAX_BODY_BYTES, AISMUSH_MAX_IN_FLIGHT, AISMUSH_CONNECT_TIMEOUT_MS, AISMUSH_UPSTREAM_TIMEOUT_MS,",
                "  AISMUSH_STREAM_IDLE_TIMEOUT_MS, AISMUSH_HOME (data folder, default ~/.hybrid-proxy),",
                "  AISMUSH_HOST with AISMUSH_ACCESS_TOKEN (team mode: bind beyond loopback; every request needs the token)."})
public final class AismushCommand implements Callable<Integer> {
    /** A port in plain decimal: no sign, no leading zero (which picocli would read as octal), at most nine digits. */
    private static final Pattern PLAIN_PORT = Pattern.compile("0|[1-9][0-9]{0,8}");

    /** Serves with the given configuration until stopped; returns the exit code. */
    public interface Server extends BiFunction<Config, ConfigLoader.Loaded, Integer> {}

    @Option(names = "--status", description = "Say whether aismush is running on the port, with its quick stats.")
    boolean status;

    @Option(names = "--config", description = "Print the effective configuration (keys masked) and where each value came from.")
    boolean showConfig;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Port to serve on (overrides PROXY_PORT and config files).")
    Integer port;

    @Option(names = {"-v", "--verbose"}, description = "Log more detail (same as PROXY_VERBOSE=1).")
    boolean verbose;

    @Option(names = "--direct", description = "Claude only: no routing, no fallback, no key needed (same as AISMUSH_MODE=direct).")
    boolean direct;

    private final Server server;
    private final io.aismush.demo.ProxyLauncher launcher; // for `aismush demo`: starts a server in this process
    private final Map<String, String> env;
    private final Path workingDir;
    private final Path userHome;
    private final PrintStream out;
    private final PrintStream err;

    public AismushCommand(Server server, Map<String, String> env, Path workingDir, Path userHome, PrintStream out, PrintStream err) {
        this(server, config -> {
            throw new IllegalStateException("no in-process server available");
        }, env, workingDir, userHome, out, err);
    }

    public AismushCommand(Server server, io.aismush.demo.ProxyLauncher launcher, Map<String, String> env, Path workingDir, Path userHome,
                          PrintStream out, PrintStream err) {
        this.server = server;
        this.launcher = launcher;
        this.env = env;
        this.workingDir = workingDir;
        this.userHome = userHome;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        ConfigLoader.Loaded loaded;
        try {
            loaded = ConfigLoader.load(env, workingDir, userHome);
        } catch (ConfigException e) {
            err.println("aismush: " + e.getMessage());
            return 2;
        }
        Config config = loaded.config();
        if (port != null) config = config.withPort(port);
        if (showConfig) return new ShowConfig(out).print(loaded, config, port != null);
        if (status) return new Status(out).check(config);
        for (String w : loaded.warnings()) err.println("aismush: warning: " + w);
        if (verbose) config = config.withVerbose(true);
        if (direct) config = config.withRouting(config.routing().withDirect(true));
        return server.apply(config, loaded);
    }

    /**
     * Reads a plain serve's command line ({@code aismush}, or the background proxy's {@code --port N --direct}) into
     * this command's options without picocli, and says whether it could. picocli's classes have class file version
     * 49, which the JDK's ahead-of-time cache cannot hold: loading and verifying them made up about a fifth of the
     * time from start to the first answer. Any other line (help, a subcommand, a repeated option, a port written
     * otherwise than in plain decimal) returns false, changes nothing, and is for {@link #commandLine()} to read or
     * reject; what this method accepts, picocli reads the same way (a test holds both to it).
     */
    public boolean readPlainServe(String... args) {
        Integer portArg = null;
        boolean verboseArg = false;
        boolean directArg = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-p", "--port" -> {
                    if (portArg != null || i + 1 == args.length || !PLAIN_PORT.matcher(args[i + 1]).matches()) return false;
                    portArg = Integer.valueOf(args[++i]);
                }
                case "-v", "--verbose" -> {
                    if (verboseArg) return false;
                    verboseArg = true;
                }
                case "--direct" -> {
                    if (directArg) return false;
                    directArg = true;
                }
                default -> {
                    return false;
                }
            }
        }
        port = portArg;
        verbose = verboseArg;
        direct = directArg;
        return true;
    }

    /** The configuration, or null after telling {@code err} why it cannot be used (the caller exits 2). */
    static Config configOrNull(Map<String, String> env, Path workingDir, Path userHome, PrintStream err) {
        try {
            return ConfigLoader.load(env, workingDir, userHome).config();
        } catch (ConfigException e) {
            err.println("aismush: " + e.getMessage());
            return null;
        }
    }

    Map<String, String> env() {
        return env;
    }

    Path workingDir() {
        return workingDir;
    }

    Path userHome() {
        return userHome;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** This command with its subcommands: {@code start}, {@code setup}, {@code demo}. */
    public CommandLine commandLine() {
        return new CommandLine(this)
                .addSubcommand("start", new StartCommand(env, workingDir, userHome, err))
                .addSubcommand("setup", new SetupCommand(env, workingDir, userHome, out))
                .addSubcommand("demo", new DemoCommand(launcher, out, err));
    }

    /** Reads the version the build wrote into the jar. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"aismush " + io.aismush.config.BuildInfo.version()};
        }
    }
}
