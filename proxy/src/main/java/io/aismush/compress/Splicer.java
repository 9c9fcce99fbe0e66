package io.aismush.compress;

import java.io.ByteArrayOutputStream;

/** Builds a body from the original with some spans replaced, in order; untouched bytes are copied as they are. */
final class Splicer {
    private final byte[] original;
    private final ByteArrayOutputStream out;
    private int copied;
    private boolean changed;

    Splicer(byte[] original) {
        this.original = original;
        this.out = new ByteArrayOutputStream(original.length);
    }

    /** Replaces a span; spans must come in increasing order and must not overlap. */
    void replace(ToolResults.Span span, byte[] replacement) {
        if (span.start() < copied) throw new IllegalStateException("spans out of order");
        out.write(original, copied, span.start() - copied);
        out.write(replacement, 0, replacement.length);
        copied = span.end();
        changed = true;
    }

    /** The new body, or the original array itself when nothing was replaced. */
    byte[] result() {
        if (!changed) return original;
        out.write(original, copied, original.length - copied);
        return out.toByteArray();
    }
}
