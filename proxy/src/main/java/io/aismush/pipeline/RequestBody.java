package io.aismush.pipeline;

/**
 * The bytes of a request body, released as soon as they have been sent upstream. A thousand streams with
 * 200 kB requests would otherwise keep 200 MB alive for the whole length of their answers.
 * Thread-safe: one thread may release while another has already taken the bytes.
 */
public final class RequestBody {
    private volatile byte[] bytes;
    private final int length;

    public RequestBody(byte[] bytes) {
        this.bytes = bytes;
        this.length = bytes.length;
    }

    /**
     * The body's bytes; callers must not modify them.
     *
     * @throws IllegalStateException once released
     */
    public byte[] bytes() {
        byte[] b = bytes;
        if (b == null) throw new IllegalStateException("request body was already sent and released");
        return b;
    }

    public int length() {
        return length;
    }

    /** Drops the reference to the bytes; later {@link #bytes()} calls fail. */
    public void release() {
        bytes = null;
    }
}
