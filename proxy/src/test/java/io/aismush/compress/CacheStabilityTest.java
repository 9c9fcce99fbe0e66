package io.aismush.compress;

import io.aismush.config.CompressionSettings;
import io.aismush.testing.Session;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.Flavour;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.testkit.StrictFake;
import io.aismush.wire.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cache stability: a 40-turn Claude Code-shaped session through the running proxy. For every turn k, the messages
 * the upstream received for turn k (all but the newest, whose cache marker moves on) are byte for byte the start of
 * what it received for turn k+1, except where a request had to shrink for the cheap provider (a compaction).
 */
class CacheStabilityTest {
    private static final int TURNS = 40;

    @Test
    void compressedHistoryStaysAByteStablePrefixForFortyTurns() throws Exception {
        try (var proxy = TestProxy.start(c -> c)) {
            var sent = drive(proxy);
            List<ReceivedRequest> received = proxy.upstream.requests();
            assertThat(received).hasSize(TURNS);
            assertThat(breaks(received)).as("turns whose history changed").isEmpty();
            long shrunk = 0;
            for (int k = 0; k < TURNS; k++) shrunk += sent.get(k).length - received.get(k).body().length;
            assertThat(shrunk).as("bytes compression removed over the session").isGreaterThan(100_000);
        }
    }

    @Test
    void withTrimmingForTheCheapProviderTheHistoryBreaksOnlyAtCompactions() throws Exception {
        var deepseek = StrictFake.strict(Flavour.DEEPSEEK, FakeUpstream::defaultReply);
        try (var fake = FakeUpstream.start().respondWith(deepseek);
             var proxy = TestProxy.start(c -> c.withDeepseek("sk-deepseek-test-000000000", fake.baseUrl()).withForceProvider("deepseek")
                     .withCompression(new CompressionSettings(true, false, 9_000)))) {
            drive(proxy);
            deepseek.assertNoRejections();
            List<ReceivedRequest> received = fake.requests();
            assertThat(received).hasSize(TURNS);
            List<Integer> breaks = breaks(received);
            assertThat(breaks).as("compactions in %d turns", TURNS).isNotEmpty().hasSizeLessThanOrEqualTo(6);
            for (int k : breaks) {
                assertThat(received.get(k + 1).body().length).as("a compaction shrinks the request (turn %d)", k + 1)
                        .isLessThan(received.get(k).body().length);
            }
        }
    }

    private static List<byte[]> drive(TestProxy proxy) throws Exception {
        var outputs = Corpus.outputs();
        List<Path> sources;
        try (Stream<Path> s = Files.list(Corpus.dir("compress/sources"))) {
            sources = s.sorted().toList();
        }
        var session = new Session("Make the failing tests pass");
        var sent = new ArrayList<byte[]>();
        for (int k = 0; k < TURNS; k++) {
            if (k % 3 == 2) {
                Path f = sources.get(k % sources.size());
                session.read(f.toString(), Files.readString(f));
            } else {
                Corpus.Output o = outputs.get(k % outputs.size());
                session.bash(o.command(), o.text());
            }
            byte[] body = session.body();
            sent.add(body);
            var response = proxy.send(proxy.messages(body).header("x-claude-code-session-id", Session.SESSION_ID).build());
            assertThat(response.statusCode()).as("turn %d: %s", k, response.body()).isEqualTo(200);
        }
        return sent;
    }

    /** The turns k whose received history is not a byte-for-byte prefix of turn k+1's. */
    static List<Integer> breaks(List<ReceivedRequest> received) {
        var out = new ArrayList<Integer>();
        for (int k = 0; k + 1 < received.size(); k++) {
            List<byte[]> a = messages(received.get(k).body());
            List<byte[]> b = messages(received.get(k + 1).body());
            boolean prefix = b.size() >= a.size();
            for (int i = 0; prefix && i < a.size() - 1; i++) prefix = Arrays.equals(a.get(i), b.get(i));
            if (!prefix) out.add(k);
        }
        return out;
    }

    /** The raw bytes of each message of a body, as sent. */
    static List<byte[]> messages(byte[] body) {
        var out = new ArrayList<byte[]>();
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            p.nextToken();
            for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("messages") && v == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        int start = (int) p.currentTokenLocation().getByteOffset();
                        p.skipChildren();
                        out.add(Arrays.copyOfRange(body, start, (int) p.currentTokenLocation().getByteOffset() + 1));
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return out;
    }
}
