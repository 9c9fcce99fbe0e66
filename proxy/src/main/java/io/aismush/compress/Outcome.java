package io.aismush.compress;

/**
 * What compression made of one tool result's text: the replacement as JSON string bytes (null when unchanged), its
 * kind, the sizes before and after, and the token estimates (made when asked for: see {@link Tokens}). Immutable; shared
 * through the memo.
 */
record Outcome(byte[] replacement, Kind kind, int bytesBefore, int bytesAfter, Tokens tokens) {

    /** An unchanged result; its tokens are not estimated (only changes are counted). */
    static Outcome unchanged(Kind kind, int bytes) {
        return new Outcome(null, kind, bytes, bytes, Tokens.known(0, 0));
    }

    boolean changed() {
        return replacement != null;
    }

    /** Memory held, for the memo's bound. */
    long size() {
        return 64 + (replacement == null ? 0 : replacement.length) + tokens.held();
    }
}
