package io.aismush.faults;

import io.aismush.config.Config;
import io.aismush.metering.RequestRecord;
import io.aismush.testing.Configs;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.NeverAccepts;
import io.aismush.testkit.RefusingPort;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.testkit.Reply;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * One proxy wired for one case: the faulted provider (a scripted fake, or an address that fails), its healthy backup,
 * and the matrix's short timeouts. Each case gets its own, so breakers and retry-after cooldowns never leak between
 * cases.
 */
final class FaultRig implements AutoCloseable {
    final TestProxy proxy;
    final Provider provider;
    /** The fake behind the faulted provider; null when the fault is in reaching it. */
    final FakeUpstream faulted;
    final FakeUpstream backup;
    private final AutoCloseable address; // what holds the failing port, if any

    private FaultRig(TestProxy proxy, Provider provider, FakeUpstream faulted, FakeUpstream backup, AutoCloseable address) {
        this.proxy = proxy;
        this.provider = provider;
        this.faulted = faulted;
        this.backup = backup;
        this.address = address;
    }

    /** A rig for one case of the matrix, under the matrix's short timeouts. */
    static FaultRig start(Fault fault, Provider provider, Mode mode, Routing routing) {
        return start(fault, provider, routing, Configs.timeouts(Fault.CONNECT, Fault.FIRST_BYTE, Fault.IDLE), fault.reply(provider.openAiWire, mode));
    }

    /** A rig whose faulted provider's fake answers every request with {@code reply}, under the given timeouts. */
    static FaultRig answering(Reply reply, Provider provider, Routing routing, UnaryOperator<Config> timeouts) {
        return start(null, provider, routing, timeouts, reply);
    }

    /** A rig whose faulted provider's fake answers each request as {@code replies} says. */
    static FaultRig answering(Function<ReceivedRequest, Reply> replies, Provider provider, Routing routing, UnaryOperator<Config> timeouts) {
        return start(null, provider, routing, timeouts, replies);
    }

    private static FaultRig start(Fault fault, Provider provider, Routing routing, UnaryOperator<Config> timeouts, Reply reply) {
        return start(fault, provider, routing, timeouts, r -> reply);
    }

    private static FaultRig start(Fault fault, Provider provider, Routing routing, UnaryOperator<Config> timeouts,
                                  Function<ReceivedRequest, Reply> replies) {
        FakeUpstream backup = FakeUpstream.start();
        FakeUpstream faulted = null;
        AutoCloseable address = null;
        URI target = switch (fault) {
            case CONNECTION_REFUSED -> {
                var refusing = RefusingPort.hold();
                address = refusing;
                yield URI.create("http://127.0.0.1:" + refusing.port());
            }
            case DNS_FAILURE -> URI.create("http://upstream.nonexistent.invalid:8080");
            case CONNECT_TIMEOUT -> {
                var neverAccepts = NeverAccepts.start();
                address = neverAccepts;
                yield URI.create("http://127.0.0.1:" + neverAccepts.port());
            }
            case null, default -> { // the fault is in what the upstream answers
                faulted = FakeUpstream.start();
                faulted.respondWith(replies);
                yield faulted.baseUrl();
            }
        };
        URI healthy = backup.baseUrl();
        TestProxy proxy = TestProxy.start(backup, c -> provider.configure(timeouts.apply(c), target, healthy, routing));
        return new FaultRig(proxy, provider, faulted, backup, address);
    }

    int port() {
        return proxy.server.port();
    }

    /** The one record of the case, once the recorder has it. */
    RequestRecord onlyRecord() {
        await().atMost(Duration.ofSeconds(5)).until(() -> !proxy.server.recentRecords().isEmpty());
        List<RequestRecord> records = proxy.server.recentRecords();
        if (records.size() != 1) throw new AssertionError("expected one request record, got " + records);
        return records.getFirst();
    }

    @Override
    public void close() {
        try {
            proxy.close(); // closes the backup too
        } finally {
            if (faulted != null) faulted.close();
            if (address != null) {
                try {
                    address.close();
                } catch (Exception ignored) {
                    // a held port: nothing to do
                }
            }
        }
    }
}
