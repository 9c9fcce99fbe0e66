package io.aismush.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aismush.metering.RequestRecord;
import io.aismush.metering.ResponseObserver;
import io.aismush.wire.SseEvent;
import io.aismush.wire.SseReader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SSE reader and the metering observer that parses what it reads, fed arbitrary bytes in arbitrary pieces (as
 * TCP delivers them). Seeds are Anthropic streams as the fakes send them, with CRLF and CR line ends.
 */
class SseParserFuzzTest {

    /** The relay's promise: the events, concatenated with what was left unfinished, are the stream byte for byte. */
    @FuzzTest(maxDuration = "60s")
    void eventsReassembleTheStreamWhateverPiecesItArrivesIn(FuzzedDataProvider data) throws IOException {
        int seed = data.consumeInt();
        int maxEvent = data.consumeBoolean() ? SseReader.DEFAULT_MAX_EVENT_BYTES : data.consumeInt(1, 4096);
        byte[] stream = data.consumeRemainingAsBytes();

        Read whole = read(new Pieces(stream, stream.length, seed), maxEvent);
        Read pieces = read(new Pieces(stream, 1 + Math.floorMod(seed, 37), seed), maxEvent);
        for (Read r : List.of(whole, pieces)) {
            if (r.tooLarge != null) {
                assertThat(r.tooLarge).isInstanceOf(SseReader.SseException.class);
                assertThat(stream.length).isGreaterThan(maxEvent);
                continue;
            }
            assertThat(r.bytes()).as("events + unfinished reproduce the stream").isEqualTo(stream);
            for (SseEvent e : r.events) {
                String raw = new String(e.raw(), StandardCharsets.ISO_8859_1);
                assertThat(raw).as("every event ends with its blank line").matches("(?s).*(\\n|\\r)(\\r\\n|\\n|\\r)?$");
            }
        }
        if (whole.tooLarge == null && pieces.tooLarge == null) {
            // Where an event ends may move by one LF across a piece boundary (a CR-only stream is never waited on),
            // but what each event says may not.
            assertThat(names(pieces.events)).isEqualTo(names(whole.events));
            assertThat(datas(pieces.events)).isEqualTo(datas(whole.events));
        }
    }

    /** Whatever the upstream sends, metering makes a record of it and never throws. */
    @FuzzTest(maxDuration = "60s")
    void meteringRecordsAnyStreamWithoutFailing(byte[] stream) throws IOException {
        var observer = new ResponseObserver("ams_fuzz", Instant.EPOCH, System.nanoTime(), "/v1/messages", "claude-opus-5-5", true);
        observer.onStatus("anthropic", 200);
        Read r = read(new Pieces(stream, 512, 7), SseReader.DEFAULT_MAX_EVENT_BYTES);
        for (SseEvent e : r.events) {
            e.isKeepAlive();
            observer.onEvent(e);
        }
        RequestRecord record = observer.finish(observer.streamEnded() ? RequestRecord.Outcome.COMPLETED : RequestRecord.Outcome.CLIENT_CLOSED, null);
        assertThat(record.status()).isEqualTo(200);
        assertThat(record.usage()).isNotNull();

        var plain = new ResponseObserver("ams_fuzz", Instant.EPOCH, System.nanoTime(), "/v1/messages", "claude-opus-5-5", false);
        plain.onStatus("anthropic", 200);
        plain.onBytes(stream, 0, stream.length);
        assertThat(plain.finish(RequestRecord.Outcome.COMPLETED, null).usage()).isNotNull();
    }

    private record Read(List<SseEvent> events, byte[] unfinished, IOException tooLarge) {
        byte[] bytes() {
            var out = new ByteArrayOutputStream();
            for (SseEvent e : events) out.writeBytes(e.raw());
            out.writeBytes(unfinished);
            return out.toByteArray();
        }
    }

    private static Read read(InputStream in, int maxEvent) throws IOException {
        var reader = new SseReader(in, maxEvent);
        var events = new ArrayList<SseEvent>();
        try {
            for (SseEvent e = reader.next(); e != null; e = reader.next()) {
                events.add(e);
                e.data(); // parsing an event's fields never throws either
            }
        } catch (SseReader.SseException e) {
            return new Read(events, new byte[0], e);
        }
        return new Read(events, reader.unfinished(), null);
    }

    private static List<String> names(List<SseEvent> events) {
        return events.stream().map(e -> String.valueOf(e.name())).toList();
    }

    private static List<String> datas(List<SseEvent> events) {
        return events.stream().map(e -> String.valueOf(e.data())).toList();
    }

    /** An input stream that hands out the bytes in pieces of pseudo-random size up to {@code max}. */
    private static final class Pieces extends InputStream {
        private final byte[] bytes;
        private final int max;
        private int pos;
        private int state;

        Pieces(byte[] bytes, int max, int seed) {
            this.bytes = bytes;
            this.max = Math.max(1, max);
            this.state = seed;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= bytes.length) return -1;
            state = state * 1_103_515_245 + 12_345;
            int n = Math.min(Math.min(len, bytes.length - pos), 1 + Math.floorMod(state >>> 8, max));
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
