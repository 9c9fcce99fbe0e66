package io.aismush.providers;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The idle timeout measures the upstream's silence, never the time the proxy spends elsewhere between reads. */
class IdleWatchdogTest {

    @Test
    void aReaderBusyElsewhereForLongerThanTheTimeoutIsNotMistakenForASilentUpstream() throws Exception {
        try (var watchdog = new IdleWatchdog(Duration.ofMillis(100))) {
            var in = watchdog.watch(new ByteArrayInputStream(new byte[] {1, 2, 3}));
            assertThat(in.read()).isEqualTo(1);
            Thread.sleep(600); // the relay writing a large event to a slow client; the next bytes are already here
            assertThat(in.read()).isEqualTo(2);
        }
    }

    @Test
    void aReadThatWaitsLongerThanTheTimeoutFailsAsIdle() throws Exception {
        try (var watchdog = new IdleWatchdog(Duration.ofMillis(100));
             var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             var silent = listener.accept()) {
            var in = watchdog.watch(client.getInputStream());
            long start = System.nanoTime();
            assertThatThrownBy(in::read).isInstanceOf(IdleWatchdog.UpstreamIdleException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
