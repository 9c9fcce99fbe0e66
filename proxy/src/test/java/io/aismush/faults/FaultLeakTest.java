package io.aismush.faults;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import io.aismush.faults.FaultClient.Seen;
import io.aismush.testing.Configs;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.testkit.Reply;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thousand faulted requests, 32 at a time, across every provider, both modes, with and without fallback, and every
 * fault but the two slowest (the minute of pings, the oversized lines): afterwards the JVM is back where it was.
 * Counted: platform threads (ThreadMXBean), virtual threads (a JSON thread dump, which lists them), open file
 * descriptors, connections open at the fake upstreams and responses they are still writing, and the proxies'
 * requests in flight. Idle keep-alive connections in the proxy's upstream pool are not leaks: at most one per
 * request that ran at once (32) per upstream, each costing two descriptors here (both ends live in this JVM).
 */
class FaultLeakTest {
    private static final int REQUESTS = 1000;
    private static final int CONCURRENCY = 32;
    private static final List<Fault> ANSWERED = List.of(Fault.RATE_LIMITED_429, Fault.SERVER_ERROR_500, Fault.OVERLOADED_529,
            Fault.SLOW_FIRST_BYTE, Fault.CUT_AFTER_EVENTS, Fault.ERROR_EVENT_MID_STREAM, Fault.GARBAGE_BODY,
            Fault.GARBAGE_LINES_MID_STREAM, Fault.NEVER_ENDS);
    private static final List<Fault> UNREACHABLE = List.of(Fault.CONNECTION_REFUSED, Fault.DNS_FAILURE, Fault.CONNECT_TIMEOUT);

    private final List<FaultRig> rigs = new ArrayList<>();

    @AfterEach
    void stop() {
        rigs.forEach(FaultRig::close);
    }

    @Test
    void aThousandFaultedRequestsLeaveNoThreadConnectionOrDescriptorBehind() {
        for (Provider p : Provider.values()) {
            for (Routing routing : Routing.values()) rigs.add(FaultRig.answering(mix(p), p, routing, Configs.timeouts(Fault.CONNECT, Fault.FIRST_BYTE, Fault.IDLE)));
            for (Fault f : UNREACHABLE) rigs.add(FaultRig.start(f, p, Mode.STREAM, Routing.FORCED));
        }
        run(rigs.size() * 4); // warm up: classes loaded, pools and databases open
        awaitQuiet();
        Snapshot before = Snapshot.take(rigs);

        long start = System.nanoTime();
        Map<String, Integer> seen = run(REQUESTS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        awaitQuiet();

        // Pooled connections the upstream client still keeps alive: bounded by the requests that ran at once.
        for (FaultRig rig : rigs) {
            assertThat(rig.backup.openConnections()).isLessThanOrEqualTo(CONCURRENCY);
            if (rig.faulted != null) assertThat(rig.faulted.openConnections()).isLessThanOrEqualTo(CONCURRENCY);
        }
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Snapshot after = Snapshot.take(rigs);
            int pooledFds = 2 * Math.max(0, after.upstreamConnections - before.upstreamConnections);
            assertThat(after.platformThreads).as("platform threads").isLessThanOrEqualTo(before.platformThreads + 2);
            assertThat(after.virtualThreads).as("virtual threads").isLessThanOrEqualTo(before.virtualThreads + 2);
            assertThat(after.fds).as("file descriptors beyond pooled upstream connections").isLessThanOrEqualTo(before.fds + pooledFds + 4);
        });
        Snapshot after = Snapshot.take(rigs);
        System.out.printf("fault leak check: %d requests in %d ms at concurrency %d; client saw %s%n  before %s%n  after  %s%n",
                REQUESTS, took.toMillis(), CONCURRENCY, new TreeMap<>(seen), before, after);
        assertThat(took).as("the whole run is bounded").isLessThan(Duration.ofMinutes(2));
    }

    /** The faulted fake answers with each fault in turn; one that has no whole-message form becomes a cut. */
    private static Function<ReceivedRequest, Reply> mix(Provider p) {
        var next = new AtomicInteger();
        return request -> {
            Fault f = ANSWERED.get(Math.floorMod(next.getAndIncrement(), ANSWERED.size()));
            Mode mode = request.bodyText().contains("\"stream\":true") ? Mode.STREAM : Mode.WHOLE;
            return (f.appliesTo(mode) ? f : Fault.CUT_AFTER_EVENTS).reply(p.openAiWire, mode);
        };
    }

    /** Sends {@code n} requests, spread over the rigs and both modes, at most {@link #CONCURRENCY} at once. */
    private Map<String, Integer> run(int n) {
        var outcomes = new ConcurrentHashMap<String, Integer>();
        var slots = new Semaphore(CONCURRENCY);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                FaultRig rig = rigs.get(i % rigs.size());
                Mode mode = (i / rigs.size()) % 2 == 0 ? Mode.STREAM : Mode.WHOLE;
                Provider provider = rig.provider;
                slots.acquireUninterruptibly();
                pool.submit(() -> {
                    try {
                        Seen seen = FaultClient.post(rig.port(), provider.turn(mode), Fault.CLIENT_GIVES_UP);
                        // The client hangs up at its deadline; ending much later would mean the hang-up itself hung.
                        if (seen.took().compareTo(Fault.CLIENT_GIVES_UP.plusSeconds(2)) > 0) outcomes.merge("hung", 1, Integer::sum);
                        outcomes.merge(seen.gaveUp() ? "gave up" : String.valueOf(seen.status()), 1, Integer::sum);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        assertThat(outcomes).as("requests that outlived the client's deadline").doesNotContainKey("hung");
        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
        return outcomes;
    }

    private void awaitQuiet() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (FaultRig rig : rigs) {
                assertThat(FaultMatrixTest.inFlight(rig.proxy)).isZero();
                assertThat(rig.backup.openResponses()).isZero();
                if (rig.faulted != null) assertThat(rig.faulted.openResponses()).isZero();
            }
        });
    }

    /** What the JVM holds at one moment. */
    record Snapshot(int platformThreads, int virtualThreads, long fds, int upstreamConnections) {
        static Snapshot take(List<FaultRig> rigs) {
            int connections = rigs.stream().mapToInt(r -> r.backup.openConnections() + (r.faulted == null ? 0 : r.faulted.openConnections())).sum();
            var os = (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return new Snapshot(ManagementFactory.getThreadMXBean().getThreadCount(), countVirtualThreads(), os.getOpenFileDescriptorCount(), connections);
        }

        /** Virtual threads alive now: the JSON thread dump lists every one, each marked {@code "virtual": true}. */
        private static int countVirtualThreads() {
            try {
                Path dir = Files.createTempDirectory("threads");
                Path file = dir.resolve("dump.json");
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                JsonNode dump = Json.MAPPER.readTree(Files.readString(file));
                Files.delete(file);
                Files.delete(dir);
                int n = 0;
                for (JsonNode container : dump.path("threadDump").path("threadContainers")) {
                    for (JsonNode thread : container.path("threads")) if (thread.path("virtual").asBoolean(false)) n++;
                }
                return n;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
