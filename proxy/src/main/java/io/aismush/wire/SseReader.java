package io.aismush.wire;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into server-sent events, without copying more than each event once. It knows nothing of
 * transport: it reads an {@link InputStream} and returns each event as soon as its terminating blank line has
 * arrived. Line ends may be CRLF, LF or CR. Not thread-safe: one reader per stream.
 */
public final class SseReader implements EventSource {
    /** Default cap for one event; larger ones mean a broken or hostile upstream. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private final InputStream in;
    private final int maxEventBytes;
    private final byte[] buffer = new byte[16 * 1024];
    private int pos;
    private int limit;
    private final ByteArrayOutputStream event = new ByteArrayOutputStream(1024);
    private int lineLength;
    private boolean lastWasCr;
    private boolean crlf;
    private boolean eof;

    public SseReader(InputStream in) {
        this(in, DEFAULT_MAX_EVENT_BYTES);
    }

    public SseReader(InputStream in, int maxEventBytes) {
        this.in = in;
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * The next complete event, blocking until it has arrived; {@code null} at the end of the stream.
     * Bytes of an unfinished event at the end of the stream are available from {@link #unfinished()}.
     *
     * @throws SseException when one event exceeds the size cap
     */
    @Override
    public SseEvent next() throws IOException {
        while (true) {
            if (pos == limit) {
                if (eof) return null;
                int n = in.read(buffer);
                if (n < 0) {
                    eof = true;
                    return null;
                }
                pos = 0;
                limit = n;
            }
            int start = pos;
            while (pos < limit) {
                byte b = buffer[pos++];
                if (b == '\n' && lastWasCr) {
                    lastWasCr = false; // the LF of a CRLF: the line already ended at the CR
                    crlf = true;
                    continue;
                }
                if (b == '\n' || b == '\r') {
                    lastWasCr = b == '\r';
                    if (lineLength == 0) { // a blank line: the event is complete
                        event.write(buffer, start, pos - start);
                        if (lastWasCr) takeLfOfCrlf();
                        if (event.size() > maxEventBytes) throw tooLarge();
                        return takeEvent();
                    }
                    lineLength = 0;
                } else {
                    lastWasCr = false;
                    lineLength++;
                }
            }
            event.write(buffer, start, pos - start);
            if (event.size() > maxEventBytes) throw tooLarge();
        }
    }

    /**
     * After a blank line that ended at a CR, takes the LF of a CRLF into the event, so that every event ends with
     * its own blank line and nothing of it waits for the next event (or is lost after the last one). It waits for
     * that byte only in a stream already seen to use CRLF: a CR-only stream never sends it.
     */
    private void takeLfOfCrlf() throws IOException {
        if (pos == limit) {
            if (!crlf || eof) return;
            int n = in.read(buffer);
            if (n < 0) eof = true;
            if (n <= 0) return;
            pos = 0;
            limit = n;
        }
        if (buffer[pos] == '\n') {
            event.write(buffer, pos, 1);
            pos++;
            lastWasCr = false;
            crlf = true;
        }
    }

    private SseException tooLarge() {
        return new SseException("upstream sent an SSE event larger than " + maxEventBytes + " bytes");
    }

    /** Bytes received after the last complete event (non-empty only when the stream stopped mid-event). */
    public byte[] unfinished() {
        return event.toByteArray();
    }

    private SseEvent takeEvent() {
        byte[] raw = event.toByteArray();
        event.reset();
        lineLength = 0;
        return new SseEvent(raw, eventName(raw));
    }

    /** The {@code event:} field's value, scanning only the bytes of the event's lines. */
    private static String eventName(byte[] raw) {
        int i = 0;
        while (i < raw.length) {
            int end = i;
            while (end < raw.length && raw[end] != '\n' && raw[end] != '\r') end++;
            if (end - i >= 5 && raw[i] == 'e' && raw[i + 1] == 'v' && raw[i + 2] == 'e' && raw[i + 3] == 'n'
                    && raw[i + 4] == 't') {
                String value = SseEvent.fieldValue(new String(raw, i, end - i, StandardCharsets.UTF_8), 5);
                if (value != null) return value;
            }
            i = end + 1;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The upstream stream broke the SSE format. */
    public static final class SseException extends IOException {
        public SseException(String message) {
            super(message);
        }
    }
}
