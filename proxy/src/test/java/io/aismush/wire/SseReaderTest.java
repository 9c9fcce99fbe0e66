package io.aismush.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseReaderTest {
    private static final String ANTHROPIC = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","content":[],"usage":{"input_tokens":3}}}

            event: ping
            data: {"type": "ping"}

            : keep-alive

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"caf\u00e9 \ud83d\ude00"}}


            event: message_stop
            data: {"type":"message_stop"}

            """;

    @ParameterizedTest(name = "line end {0}")
    @ValueSource(strings = {"LF", "CRLF", "CR"})
    void eachEventIsItsOwnBytesUpToAndIncludingItsBlankLine(String lineEnd) throws IOException {
        String eol = eol(lineEnd);
        String stream = ANTHROPIC.replace("\n", eol);
        List<SseEvent> events = readAll(bytes(stream), Integer.MAX_VALUE);

        assertThat(events).extracting(SseEvent::name)
                .containsExactly("message_start", "ping", null, "content_block_delta", null, "message_stop");
        assertThat(text(events.get(0))).isEqualTo("event: message_start" + eol
                + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"content\":[],\"usage\":{\"input_tokens\":3}}}" + eol + eol);
        assertThat(text(events.get(2))).isEqualTo(": keep-alive" + eol + eol);
        assertThat(text(events.get(4))).isEqualTo(eol);
        assertThat(events.get(2).isKeepAlive()).isTrue();
        assertThat(events.get(4).isKeepAlive()).isTrue();
        assertThat(events.get(1).isKeepAlive()).isFalse();
        assertThat(events.get(1).data()).isEqualTo("{\"type\": \"ping\"}");
        assertThat(events.get(3).data()).contains("caf\u00e9 \ud83d\ude00");
        assertThat(concat(events)).isEqualTo(bytes(stream));
    }

    @ParameterizedTest(name = "line end {0}")
    @ValueSource(strings = {"LF", "CRLF", "CR"})
    void oneByteAtATimeGivesTheSameEventsAsOneRead(String lineEnd) throws IOException {
        byte[] stream = bytes(ANTHROPIC.replace("\n", eol(lineEnd)));
        List<SseEvent> whole = readAll(stream, Integer.MAX_VALUE);
        List<SseEvent> trickled = readAll(stream, 1);
        assertThat(trickled).hasSameSizeAs(whole);
        for (int i = 0; i < whole.size(); i++) {
            assertThat(trickled.get(i).raw()).as("event %d", i).isEqualTo(whole.get(i).raw());
            assertThat(trickled.get(i).name()).isEqualTo(whole.get(i).name());
        }
        assertThat(concat(trickled)).isEqualTo(stream);
    }

    @Test
    void anEventIsReturnedAsSoonAsItsBlankLineHasArrivedNotWhenTheNextStarts() throws IOException {
        // A stream that would block (fail here) if the reader asked for a byte past the end of the first event.
        byte[] first = bytes("event: ping\r\ndata: {}\r\n\r\n");
        var in = new InputStream() {
            int i;

            @Override
            public int read() {
                if (i < first.length) return first[i++] & 0xff;
                throw new AssertionError("the reader asked for a byte beyond the complete event");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) return 0;
                int c = read();
                b[off] = (byte) c;
                return 1;
            }
        };
        SseEvent event = new SseReader(in).next();
        assertThat(text(event)).isEqualTo("event: ping\r\ndata: {}\r\n\r\n");
    }

    @Test
    void mixedLineEndsInOneStreamAreEachRespected() throws IOException {
        String stream = "event: a\ndata: 1\n\nevent: b\r\ndata: 2\r\n\r\nevent: c\rdata: 3\r\r";
        List<SseEvent> events = readAll(bytes(stream), 3);
        assertThat(events).extracting(SseEvent::name).containsExactly("a", "b", "c");
        assertThat(events).extracting(SseEvent::data).containsExactly("1", "2", "3");
        assertThat(concat(events)).isEqualTo(bytes(stream));
    }

    @Test
    void eventNameIsParsedWithOrWithoutTheSpace() throws IOException {
        List<SseEvent> events = readAll(bytes("event:tight\ndata:x\n\nevent:  two spaces\n\nevents: not a name\n\nid: 7\nevent: late\n\n"),
                Integer.MAX_VALUE);
        assertThat(events).extracting(SseEvent::name).containsExactly("tight", " two spaces", null, "late");
        assertThat(events.get(0).data()).isEqualTo("x");
    }

    @Test
    void multiLineDataIsJoinedWithNewlines() throws IOException {
        SseEvent event = readAll(bytes("event: e\ndata: {\"a\":\ndata:1}\ndata\n\n"), Integer.MAX_VALUE).getFirst();
        assertThat(event.data()).isEqualTo("{\"a\":\n1}\n");
        assertThat(readAll(bytes(": only a comment\n\n"), 100).getFirst().data()).isNull();
    }

    @Test
    void anOversizedEventThrowsSseException() {
        String big = "event: content_block_delta\ndata: " + "x".repeat(5_000) + "\n\n";
        assertThatThrownBy(() -> readAll(bytes(big), 1)).isInstanceOf(SseReader.SseException.class);
        assertThatThrownBy(() -> readAll(bytes(big), 700)).isInstanceOf(SseReader.SseException.class);
        assertThatThrownBy(() -> readAll(bytes(big), Integer.MAX_VALUE)).as("the whole event in one read")
                .isInstanceOf(SseReader.SseException.class);
    }

    @Test
    void anOversizedStreamWithoutBlankLinesThrows() {
        byte[] endless = bytes("data: " + "y".repeat(40_000));
        assertThatThrownBy(() -> new SseReader(new ByteArrayInputStream(endless), 32 * 1024).next())
                .isInstanceOf(SseReader.SseException.class);
    }

    @Test
    void eventsUpToTheCapAreFine() throws IOException {
        String event = "event: e\ndata: " + "z".repeat(1000) + "\n\n";
        var reader = new SseReader(new ByteArrayInputStream(bytes(event + event)), event.length());
        assertThat(reader.next().raw()).hasSize(event.length());
        assertThat(reader.next().raw()).hasSize(event.length());
        assertThat(reader.next()).isNull();
    }

    @Test
    void unfinishedHoldsATrailingPartialEvent() throws IOException {
        var reader = new SseReader(new Trickle(bytes("event: a\ndata: 1\n\nevent: message_delta\ndata: {\"par"), 2));
        assertThat(reader.next().name()).isEqualTo("a");
        assertThat(reader.unfinished()).isEmpty();
        assertThat(reader.next()).isNull();
        assertThat(new String(reader.unfinished(), StandardCharsets.UTF_8)).isEqualTo("event: message_delta\ndata: {\"par");
        assertThat(reader.next()).as("still at the end").isNull();
    }

    @Test
    void anEmptyStreamHasNoEvents() throws IOException {
        var reader = new SseReader(new ByteArrayInputStream(new byte[0]));
        assertThat(reader.next()).isNull();
        assertThat(reader.unfinished()).isEmpty();
    }

    @Test
    void closeClosesTheUnderlyingStream() throws IOException {
        var in = new Trickle(bytes("data: x\n\n"), 1);
        new SseReader(in).close();
        assertThat(in.closed).isTrue();
    }

    private static String eol(String name) {
        return switch (name) {
            case "LF" -> "\n";
            case "CRLF" -> "\r\n";
            case "CR" -> "\r";
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static List<SseEvent> readAll(byte[] stream, int chunk) throws IOException {
        var reader = new SseReader(new Trickle(stream, chunk), 4096);
        var events = new ArrayList<SseEvent>();
        for (SseEvent e = reader.next(); e != null; e = reader.next()) events.add(e);
        assertThat(reader.unfinished()).as("unfinished bytes").isEmpty();
        return events;
    }

    private static byte[] concat(List<SseEvent> events) {
        var out = new ByteArrayOutputStream();
        events.forEach(e -> out.writeBytes(e.raw()));
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(SseEvent e) {
        return new String(e.raw(), StandardCharsets.UTF_8);
    }

    /** Hands out at most {@code chunk} bytes per read, as a slow network does. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final int chunk;
        private int pos;
        boolean closed;

        Trickle(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (pos >= data.length) return -1;
            int n = Math.min(Math.min(len, chunk), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
