package io.aismush.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Moves the JIT compiler threads to Linux's idle scheduling class, so they compile only on a CPU nothing else wants.
 *
 * <p>Why: the JIT keeps compiling for minutes after a start (methods cross its thresholds one by one), in bursts of up
 * to a hundred milliseconds. On a small machine such a burst holds one CPU while the client, the proxy and the
 * upstream share the other, and a thread woken to relay an event may then wait a whole scheduler slice (several
 * milliseconds). Even at nice 19 a running thread keeps its CPU until its slice is used up; a thread in the idle class
 * gives it up at once. Compilation goes on whenever a CPU is free, so warm-up is as before on an idle machine.
 *
 * <p>The launcher turns off the JVM's dynamic compiler threads ({@code -XX:-UseDynamicNumberOfCompilerThreads}) so
 * that all of them exist when this runs. Elsewhere than on Linux, or where the call is refused, nothing changes.
 */
final class JitThreads {
    private static final Logger log = LoggerFactory.getLogger(JitThreads.class);
    static final Path TASKS = Path.of("/proc/self/task");
    /** The start is the JIT's busiest time and its compilations are on the first answers' path: they keep their CPU. */
    private static final Duration AFTER_START = Duration.ofSeconds(2);
    private static final int SCHED_IDLE = 5; // linux/sched.h
    private static final int POLICY_FIELD = 41; // of /proc/<pid>/task/<tid>/stat, counted from 1 (proc(5))

    private JitThreads() {}

    /** Moves the compiler threads, on a thread of its own, once the start is over. */
    static void yieldToRequests() {
        if (!Files.isDirectory(TASKS)) return;
        Thread.ofPlatform().daemon().name("aismush-jit-priority").start(() -> {
            try {
                Thread.sleep(AFTER_START);
            } catch (InterruptedException e) {
                return;
            }
            int moved = idle(TASKS, JitThreads::isCompiler);
            log.debug("{} JIT compiler thread(s) now run in the idle scheduling class", moved);
        });
    }

    /** HotSpot's compiler threads, as the kernel names them (15 characters of "C2 CompilerThread0" and the like). */
    static boolean isCompiler(String name) {
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /**
     * Moves every thread under {@code tasks} (a {@code /proc/<pid>/task} folder) whose name {@code which} accepts to
     * the idle class; returns how many are there now. A thread that ends meanwhile, or a refusal, is skipped.
     */
    static int idle(Path tasks, Predicate<String> which) {
        MethodHandle setScheduler = setScheduler();
        if (setScheduler == null) return 0;
        int moved = 0;
        try (var threads = Files.newDirectoryStream(tasks); Arena arena = Arena.ofConfined()) {
            MemorySegment param = arena.allocate(ValueLayout.JAVA_INT); // struct sched_param: a priority, 0 for this class
            for (Path thread : threads) {
                try {
                    if (!which.test(Files.readString(thread.resolve("comm")).strip())) continue;
                    int tid = Integer.parseInt(thread.getFileName().toString());
                    int result = (int) setScheduler.invokeExact(tid, SCHED_IDLE, param);
                    if (result == 0 && policy(thread) == SCHED_IDLE) moved++;
                } catch (IOException | NumberFormatException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            log.debug("could not list the JVM's threads", e);
        } catch (Throwable e) {
            log.debug("could not change the JIT compiler threads' scheduling class", e);
        }
        return moved;
    }

    /** A thread's scheduling policy, from its {@code stat} file (after the name, which may hold spaces). */
    static int policy(Path thread) throws IOException {
        String stat = Files.readString(thread.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[POLICY_FIELD - 3]);
    }

    private static MethodHandle setScheduler() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("sched_setscheduler")
                    .map(f -> linker.downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT, ValueLayout.ADDRESS)))
                    .orElse(null);
        } catch (RuntimeException e) {
            log.debug("no sched_setscheduler here", e);
            return null;
        }
    }
}
