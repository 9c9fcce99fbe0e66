package io.aismush.cli;

import io.aismush.demo.Demo;
import io.aismush.demo.ProxyLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code aismush demo}: a simulated Claude Code session through the real proxy; no keys, no network. */
@Command(name = "demo", description = {"Replay a simulated Claude Code session through aismush (no keys, no network),",
        "print the savings report, and keep the proxy up for you to look at (Ctrl-C to stop)."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--exit", description = "Quit after the report instead of keeping the proxy up.")
    boolean exit;

    @Option(names = "--port", paramLabel = "PORT", description = "Port for the demo's proxy (default: any free port).")
    int port;

    private final ProxyLauncher launcher;
    private final PrintStream out;
    private final PrintStream err;

    DemoCommand(ProxyLauncher launcher, PrintStream out, PrintStream err) {
        this.launcher = launcher;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        return new Demo(launcher, out, err).run(port, !exit);
    }
}
