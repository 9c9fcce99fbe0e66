package io.aismush.compress;

import java.util.ArrayList;
import java.util.List;

/**
 * Condenses a log by {@link LineRules}: kept lines stay exactly as they were, dropped runs become one marker line,
 * framework stack frames become a count, and runs of repeated or near-identical lines collapse. A pure function.
 */
final class Digest {
    private Digest() {}

    /** Minimum run of dropped lines worth a marker of its own; shorter runs are counted only in the header. */
    private static final int MARK_RUN = 3;

    /** The condensed text, or {@code null} when condensing would not save enough to be worth it. */
    static String apply(LineRules rules, String text) {
        List<String> lines = Lines.split(text);
        var out = new ArrayList<String>(Math.min(lines.size(), 1024));
        boolean inBlock = false;
        int blockLines = 0;
        int dropped = 0;
        int run = 0;
        int frames = 0;
        for (String line : lines) {
            boolean keep;
            boolean frame = false;
            if (LineRules.matches(rules.blockStart(), line)) {
                inBlock = true;
                blockLines = 0;
                keep = true;
            } else if (inBlock && LineRules.matches(rules.blockEnd(), line)) {
                inBlock = false;
                keep = judge(rules, line);
            } else if (inBlock) {
                frame = LineRules.matches(rules.frame(), line);
                if (frame && LineRules.matches(rules.frameworkFrame(), line)) {
                    keep = false;
                } else {
                    keep = blockLines < rules.maxBlockLines() && (rules.blockKeep() == null
                            || LineRules.matches(rules.blockKeep(), line) || LineRules.matches(rules.keep(), line));
                }
            } else {
                keep = judge(rules, line);
            }
            if (!keep) {
                dropped++;
                if (inBlock && frame) frames++;
                else run++;
                continue;
            }
            flush(out, run, frames);
            run = 0;
            frames = 0;
            if (inBlock) blockLines++;
            out.add(line);
        }
        flush(out, run, frames);
        List<String> collapsed = Repeats.collapse(out, false);
        if (dropped == 0 && collapsed.size() == out.size()) return null;
        collapsed.addFirst(Marker.condensed(rules.name(), lines.size() - countReal(collapsed), lines.size()));
        String result = Lines.join(collapsed, text.endsWith("\n"));
        return result.length() < text.length() * 0.8 ? result : null;
    }

    private static boolean judge(LineRules rules, String line) {
        if (LineRules.matches(rules.drop(), line)) return false;
        return LineRules.matches(rules.keep(), line) || Patterns.alarm(line);
    }

    private static void flush(List<String> out, int run, int frames) {
        if (frames > 0) out.add(Marker.frames(frames));
        if (run >= MARK_RUN) out.add(Marker.omitted(run));
    }

    private static int countReal(List<String> lines) {
        int n = 0;
        for (String l : lines) if (!l.startsWith(Marker.PREFIX)) n++;
        return n;
    }
}
