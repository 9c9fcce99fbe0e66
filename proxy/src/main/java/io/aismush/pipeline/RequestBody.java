package io.aismush.pipeline;

import io.aismush.wire.Outline;

/**
 * The bytes of a request body, released as soon as they have been sent upstream. A thousand streams with
 * 200 kB requests would otherwise keep 200 MB alive for the whole length of their answers.
 * Thread-safe: one thread may release while another has already taken the bytes.
 */
public final class RequestBody {
    private volatile byte[] bytes;
    private final int length;
    private volatile AutoCloseable onRelease;
    private volatile Outline outline; // made on first use, shared by the stages that read this body

    public RequestBody(byte[] bytes) {
        this(bytes, null);
    }

    /** A body with the outline already made of these very bytes (null: made on first use). */
    public RequestBody(byte[] bytes, Outline outline) {
        if (outline != null && outline.bytes() != bytes) throw new IllegalArgumentException("the outline is of other bytes");
        this.bytes = bytes;
        this.length = bytes.length;
        this.outline = outline;
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

    /**
     * The outline of these bytes, made once (the stages that read a Messages body share it); null when the body is
     * not a JSON object.
     *
     * @throws IllegalArgumentException when the body is not JSON (it is validated before any stage runs)
     */
    public Outline outline() {
        Outline o = outline;
        if (o == null) outline = o = Outline.of(bytes());
        return o;
    }

    public int length() {
        return length;
    }

    /** Drops the reference to the bytes, and closes what was attached; later {@link #bytes()} calls fail. */
    public void release() {
        bytes = null;
        outline = null; // it holds the bytes too
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
