package io.aismush.compress;

/**
 * What compression made of one tool result's text: the replacement as JSON string bytes (null when unchanged), its
 * kind, and the sizes before and after. Immutable; shared through the memo.
 */
record Outcome(byte[] replacement, Kind kind, int bytesBefore, int bytesAfter, long tokensBefore, long tokensAfter) {

    /** An unchanged result; its tokens are not estimated (only changes are counted). */
    static Outcome unchanged(Kind kind, int bytes) {
        return new Outcome(null, kind, bytes, bytes, 0, 0);
    }

    boolean changed() {
        return replacement != null;
    }

    /** Memory held, for the memo's bound. */
    long size() {
        return 64 + (replacement == null ? 0 : replacement.length);
    }
}
