package io.aismush.compress;

import io.aismush.pipeline.Reduction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The rewrites of the last few requests. Claude Code sends the whole conversation every turn, so a request mostly
 * begins with the bytes of an earlier one: it is then rewritten from the last message boundary before the first byte
 * that differs, and what lies before is taken from the earlier rewrite. That is what rewriting it again would give,
 * because the rewrite of a result depends only on the bytes before its end; the bodies are compared byte for byte,
 * never trusted to match. Bounded by entries and by the bytes the entries hold (least recently used go first).
 * Thread-safe; entries are immutable once added, and the arrays they hold are never modified.
 */
final class Recent {
    /** A result's text replaced, in site order. */
    record Edit(int site, ToolResults.Span span, Outcome outcome) {}

    /** A Read result seen first (later identical reads become markers naming it), in site order. */
    record Seen(ContentHash key, int site) {}

    /** One request's rewrite and what is needed to resume from it; {@code out == body} when nothing changed. */
    record Done(byte[] body, byte[] out, ToolResults.Scan scan, List<Edit> edits, List<Seen> reads) {
        long size() {
            return body.length + (out == body ? 0 : out.length);
        }

        /** What each kind saved; makes the token estimates not made yet. */
        Map<Kind, Reduction> reductions() {
            var reductions = new EnumMap<Kind, Reduction>(Kind.class);
            for (Edit e : edits) {
                Outcome o = e.outcome();
                reductions.merge(o.kind(), new Reduction(o.kind().label(), 1, o.bytesBefore(), o.bytesAfter(),
                        o.tokens().before(), o.tokens().after()), Reduction::plus);
            }
            return Collections.unmodifiableMap(reductions);
        }
    }

    /**
     * The entry whose body shares the longest beginning with a request's.
     *
     * @param common how many bytes the two bodies share from the start; -1 when they are the same bytes
     */
    record Match(Done done, int common) {
        boolean identical() {
            return common < 0;
        }
    }

    private final int maxEntries;
    private final long maxBytes;
    private final List<Done> entries = new ArrayList<>(); // most recently used last
    private long bytes;

    Recent(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** The entry sharing the longest beginning with {@code body}, or null when none shares a byte. */
    Match closest(byte[] body) {
        Done[] candidates;
        synchronized (this) {
            candidates = entries.toArray(Done[]::new);
        }
        Match best = null;
        for (int k = candidates.length - 1; k >= 0; k--) { // the most recent first: usually the turn before
            int common = Arrays.mismatch(body, candidates[k].body());
            if (common < 0) return used(new Match(candidates[k], -1));
            if (common > 0 && (best == null || common > best.common())) best = new Match(candidates[k], common);
        }
        return best == null ? null : used(best);
    }

    private synchronized Match used(Match m) {
        if (remove(m.done())) entries.add(m.done());
        return m;
    }

    /** Adds a rewrite, in place of {@code replaced} (the entry it was resumed from) when that is not null. */
    synchronized void add(Done done, Done replaced) {
        if (replaced != null && remove(replaced)) bytes -= replaced.size();
        if (done.size() > maxBytes) return;
        entries.add(done);
        bytes += done.size();
        while (entries.size() > maxEntries || bytes > maxBytes) bytes -= entries.removeFirst().size();
    }

    /** Removes this very entry (records compare their lists element by element). */
    private boolean remove(Done done) {
        for (int k = 0; k < entries.size(); k++) {
            if (entries.get(k) == done) {
                entries.remove(k);
                return true;
            }
        }
        return false;
    }
}
