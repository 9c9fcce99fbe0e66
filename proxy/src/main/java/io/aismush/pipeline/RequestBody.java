package io.aismush.pipeline;

/**
 * The bytes of a request body, released as soon as they have been sent upstream. A thousand streams with
 * 200 kB requests would otherwise keep 200 MB alive for the whole length of their answers.
 * Thread-safe: one thread may release while another has already taken the bytes.
 */
public final class RequestBody {
    private volatile byte[] bytes;
    private final int length;
    private volatile AutoCloseable onRelease;

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

    /** Drops the reference to the bytes, and closes what was attached; later {@link #bytes()} calls fail. */
    public void release() {
        bytes = null;
        AutoCloseable attached = onRelease;
        onRelease = null;
        if (attached != null) {
            try {
                attached.close();
            } catch (Exception e) {
                throw new IllegalStateException("releasing a request body's share failed", e);
            }
        }
    }

    /** Something to close when the body is released, such as its share of a memory budget. */
    public void onRelease(AutoCloseable attached) {
        this.onRelease = attached;
    }
}
