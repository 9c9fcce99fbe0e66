package io.aismush.pipeline;

/**
 * How much one kind of rewrite shrank one request: bytes and estimated tokens before and after. Stages report these
 * on {@link Exchange#notes()} so the request record can carry them; the pipeline itself only adds them up.
 *
 * @param kind          what was reduced, e.g. {@code test-log}, {@code build-log}, {@code reread}, {@code trim}
 * @param count         how many items (tool results, turns) were reduced
 * @param bytesBefore   their size before, in UTF-8 bytes
 * @param bytesAfter    their size after
 * @param tokensBefore  their estimated size before, in tokens
 * @param tokensAfter   their estimated size after
 */
public record Reduction(String kind, int count, long bytesBefore, long bytesAfter, long tokensBefore, long tokensAfter) {

    public long tokensSaved() {
        return tokensBefore - tokensAfter;
    }

    public long bytesSaved() {
        return bytesBefore - bytesAfter;
    }

    /** This reduction and another of the same kind, added up. */
    public Reduction plus(Reduction other) {
        return new Reduction(kind, count + other.count, bytesBefore + other.bytesBefore, bytesAfter + other.bytesAfter,
                tokensBefore + other.tokensBefore, tokensAfter + other.tokensAfter);
    }
}
