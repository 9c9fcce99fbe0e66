package io.aismush.compress;

import java.util.List;

/** Builds a body from the original with some spans replaced; untouched bytes are copied as they are. */
final class Splicer {
    private Splicer() {}

    /**
     * The body with each edit's span replaced by its outcome's bytes, in one copy; the original array itself when there
     * are no edits. Edits must come in increasing order and must not overlap.
     */
    static byte[] splice(byte[] original, List<Recent.Edit> edits) {
        if (edits.isEmpty()) return original;
        long length = original.length;
        for (Recent.Edit e : edits) length += e.outcome().replacement().length - e.span().length();
        byte[] out = new byte[Math.toIntExact(length)];
        int copied = 0;
        int at = 0;
        for (Recent.Edit e : edits) {
            if (e.span().start() < copied) throw new IllegalStateException("spans out of order");
            int n = e.span().start() - copied;
            System.arraycopy(original, copied, out, at, n);
            at += n;
            byte[] replacement = e.outcome().replacement();
            System.arraycopy(replacement, 0, out, at, replacement.length);
            at += replacement.length;
            copied = e.span().end();
        }
        System.arraycopy(original, copied, out, at, original.length - copied);
        return out;
    }
}
