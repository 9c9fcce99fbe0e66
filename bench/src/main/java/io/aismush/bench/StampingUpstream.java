package io.aismush.bench;

import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.testkit.Reply;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

import java.net.URI;
import java.time.Duration;
import java.util.AbstractList;
import java.util.List;

/**
 * The testkit's {@link FakeUpstream}, running inside the bench JVM, answering every {@code /v1/messages} with a
 * ten-event Anthropic text stream whose every event carries the time it was handed to the socket
 * ({@code "bench_sent_ns":System.nanoTime()}, same process as the client, so the clocks agree).
 *
 * <p>The request header {@code x-bench-gap-ms} sets the pause before each event after the first (slow streams);
 * without it, the pause set by {@link #defaultGap} applies.
 */
final class StampingUpstream implements AutoCloseable {
    static final String GAP_HEADER = "x-bench-gap-ms";
    static final String STAMP_FIELD = "\"bench_sent_ns\":";

    private final FakeUpstream fake;
    private final String[] prefixes;
    private final String[] suffixes;
    /** The pause between events when a request carries no {@link #GAP_HEADER} (a proxy may not forward it). */
    private volatile long defaultGapMs;

    private StampingUpstream(FakeUpstream fake) {
        this.fake = fake;
        // message_start, content_block_start, ping, 4 text deltas, content_block_stop, message_delta, message_stop
        List<String> templates = AnthropicSse.textTurn(FakeUpstream.DEFAULT_MODEL,
                "The failing assertion compares cents with euros; fix", new AnthropicSse.Tokens(48_000, 41, 0, 0, 0));
        prefixes = new String[templates.size()];
        suffixes = new String[templates.size()];
        for (int i = 0; i < templates.size(); i++) {
            String t = templates.get(i);
            int close = t.lastIndexOf('}');
            prefixes[i] = t.substring(0, close) + "," + STAMP_FIELD;
            suffixes[i] = t.substring(close);
        }
        fake.respondWith(this::reply);
    }

    static StampingUpstream start() {
        FakeUpstream fake = FakeUpstream.start(false);
        liftThreadCap(fake);
        return new StampingUpstream(fake);
    }

    /**
     * Jetty's {@link VirtualThreadPool} admits only 200 tasks at a time by default, which would hold the 201st
     * concurrent stream in a queue, and the listen backlog is 50. The fake is the testkit's, so lift both here:
     * stop its server, reconfigure, start it again.
     */
    private static void liftThreadCap(FakeUpstream fake) {
        try {
            var field = FakeUpstream.class.getDeclaredField("server");
            field.setAccessible(true);
            Server server = (Server) field.get(fake);
            server.stop();
            if (server.getThreadPool() instanceof VirtualThreadPool pool) pool.setMaxThreads(0); // 0: no semaphore at all
            // and a listen backlog for a thousand connections arriving within a second (the JDK's default is 50)
            for (var c : server.getConnectors()) if (c instanceof ServerConnector sc) sc.setAcceptQueueSize(1024);
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not lift the fake upstream's thread cap", e);
        }
    }

    URI baseUrl() {
        return fake.baseUrl();
    }

    int openResponses() {
        return fake.openResponses();
    }

    /** Sets the pause for requests without the gap header, e.g. for one phase of the peer comparison. */
    void defaultGap(long gapMs) {
        defaultGapMs = gapMs;
    }

    int eventsPerAnswer() {
        return prefixes.length;
    }

    private Reply reply(ReceivedRequest r) {
        if (!r.path().equals("/v1/messages")) return FakeUpstream.defaultReply(r);
        String gap = r.header(GAP_HEADER);
        long gapMs = gap == null ? defaultGapMs : Long.parseLong(gap);
        return Reply.stream(new Stamped()).withGap(Duration.ofMillis(gapMs));
    }

    /** The fake asks for event {@code i} right before it writes it: that is when the stamp is taken. */
    private final class Stamped extends AbstractList<String> {
        @Override
        public String get(int index) {
            return prefixes[index] + System.nanoTime() + suffixes[index];
        }

        @Override
        public int size() {
            return prefixes.length;
        }
    }

    @Override
    public void close() {
        fake.close();
    }
}
