package io.aismush.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * The text injected into a session: the best-ranked memories that fit the token budget, one per line, in rank order.
 * Tokens are estimated at four characters each (memories are prose), rounded up per line.
 */
public final class MemoryBlock {
    static final String HEADER = "<aismush-memory>\nNotes remembered from earlier sessions (project scope first, then the user's"
            + " general preferences). They may be out of date: verify before relying on one.\n";
    static final String FOOTER = "</aismush-memory>";

    private MemoryBlock() {}

    /** The block's text and the ids of the memories it holds; empty text when none fit. */
    public record Built(String text, List<Long> ids) {
        public boolean isEmpty() {
            return text.isEmpty();
        }
    }

    public static Built build(List<Ranker.Ranked> ranked, int budgetTokens) {
        int used = tokens(HEADER) + tokens(FOOTER);
        var lines = new StringBuilder();
        var ids = new ArrayList<Long>();
        for (Ranker.Ranked r : ranked) {
            String line = "- [" + r.memory().kind().label() + "] " + r.memory().text() + "\n";
            int cost = tokens(line);
            if (used + cost > budgetTokens) continue; // a shorter one further down may still fit
            used += cost;
            lines.append(line);
            ids.add(r.memory().id());
        }
        return ids.isEmpty() ? new Built("", List.of()) : new Built(HEADER + lines + FOOTER, List.copyOf(ids));
    }

    static int tokens(String s) {
        return (s.length() + 3) / 4;
    }
}
