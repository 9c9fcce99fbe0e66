package io.aismush.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The JIT compiler threads give way to request threads; only the threads asked for change class. */
class JitThreadsTest {
    private static final Path TASKS = JitThreads.TASKS;

    @Test
    void aThreadAskedForRunsInTheIdleClassAndTheOthersKeepTheirs() throws Exception {
        assumeTrue(Files.isDirectory(TASKS), "Linux only");
        var release = new CountDownLatch(1);
        var started = new CountDownLatch(1);
        Thread worker = Thread.ofPlatform().name("jit-threads-probe").start(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            started.await();
            int before = JitThreads.policy(task("jit-threads-pro"));
            assertThat(before).isZero(); // SCHED_OTHER

            int moved = JitThreads.idle(TASKS, name -> name.equals("jit-threads-pro")); // the kernel keeps 15 characters

            assertThat(moved).isEqualTo(1);
            assertThat(JitThreads.policy(task("jit-threads-pro"))).isEqualTo(5); // SCHED_IDLE
            assertThat(JitThreads.policy(TASKS.resolve(Long.toString(ProcessHandle.current().pid())))).isZero();
        } finally {
            release.countDown();
            worker.join();
        }
    }

    @Test
    void withoutAThreadListNothingIsMovedAndNothingFails() {
        assertThat(JitThreads.idle(Path.of("no-such-proc-folder"), name -> true)).isZero();
    }

    @Test
    void hotSpotsCompilerThreadsAreRecognisedByTheirKernelNames() {
        assertThat(JitThreads.isCompiler("C2 CompilerThre")).isTrue();
        assertThat(JitThreads.isCompiler("C1 CompilerThre")).isTrue();
        assertThat(JitThreads.isCompiler("aismush-io-12")).isFalse();
        assertThat(JitThreads.isCompiler("VM Thread")).isFalse();
    }

    private static Path task(String comm) throws Exception {
        try (var threads = Files.newDirectoryStream(TASKS)) {
            for (Path t : threads) if (Files.readString(t.resolve("comm")).strip().equals(comm)) return t;
        }
        throw new AssertionError("no thread named " + comm);
    }
}
