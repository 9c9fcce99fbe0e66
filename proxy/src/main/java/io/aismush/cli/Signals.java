package io.aismush.cli;

/**
 * SIGINT handling while Claude Code owns the terminal: the terminal sends Ctrl-C to the whole foreground process
 * group, and Claude Code uses it to cancel a turn, so this process must not die of it. Uses {@code sun.misc.Signal}
 * (module jdk.unsupported) through reflection; where it is unavailable, the default behaviour stays.
 */
final class Signals {
    private static Object previous;

    private Signals() {}

    static synchronized void ignoreInterrupt() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object ignore = handler.getField("SIG_IGN").get(null);
            Object sigint = signal.getConstructor(String.class).newInstance("INT");
            previous = signal.getMethod("handle", signal, handler).invoke(null, sigint, ignore);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            previous = null; // not available here: Ctrl-C stops aismush too, and the shutdown hook stops Claude Code
        }
    }

    static synchronized void restoreInterrupt() {
        if (previous == null) return;
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object sigint = signal.getConstructor(String.class).newInstance("INT");
            signal.getMethod("handle", signal, handler).invoke(null, sigint, previous);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // best effort
        } finally {
            previous = null;
        }
    }
}
