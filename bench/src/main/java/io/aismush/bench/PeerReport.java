package io.aismush.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.aismush.bench.PeersBench.CONCURRENCY;
import static io.aismush.bench.PeersBench.SIZES;
import static io.aismush.bench.PeersBench.fmt;
import static io.aismush.bench.Stats.percentile;

/** The peer comparison's report: one markdown table, the CPU check, ratios, and the pass/fail lines. */
final class PeerReport {
    // ARCHITECTURE targets (README "Performance")
    static final double ADDED_TTFB_P50_MS = 1, ADDED_TTFB_P99_MS = 5, ADDED_RELAY_P99_MS = 1, START_S = 0.5, IDLE_RSS_MB = 100;

    private final List<PeersBench.Row> rows;
    private final PeersBench bench;
    private final long elapsedNanos;
    private boolean targetsMet, fasterThanCcr;

    PeerReport(List<PeersBench.Row> rows, PeersBench bench, long elapsedNanos) {
        this.rows = rows;
        this.bench = bench;
        this.elapsedNanos = elapsedNanos;
    }

    boolean allPass() {
        return targetsMet && fasterThanCcr;
    }

    private PeersBench.Row row(String name) {
        return rows.stream().filter(r -> r.peer.name().equals(name)).findFirst().orElseThrow();
    }

    private static boolean measured(PeersBench.Row r) {
        return r.skipped == null;
    }

    /** Streams/s of a peer at a size and concurrency; NaN when that run did not happen (the peer died before it). */
    private static double rate(PeersBench.Row r, int size, int c) {
        var t = tput(r, size, c);
        return t == null ? Double.NaN : t.perSecond();
    }

    private static PeersBench.Tput tput(PeersBench.Row r, int size, int c) {
        var s = r.bySize.get(size);
        return s == null ? null : s.tput.get(c);
    }

    private static double addedP50(PeersBench.Row r, int size) {
        var s = r.bySize.get(size);
        return s == null ? Double.NaN : s.addedP50();
    }

    String render() {
        var o = new StringBuilder();
        o.append("\n=== aismush and its peers, one run (").append(PeersBench.today()).append(bench.quick ? ", --quick" : "").append(") ===\n");
        o.append(Machine.describe()).append('\n');
        o.append("Load average (1/5/15 min) before: ").append(bench.loadBefore).append(" · after: ").append(Machine.loadAverage())
                .append("  (other work on the machine skews every figure, most of all p99 and start)\n");
        o.append(fmt("Each peer in front of the same fake upstream (in the bench JVM, with the client); Claude Code-shaped streamed POST /v1/messages "
                + "of %s bytes; answers of %d SSE events. TTFB: %d pairs (direct, peer) after %d warm-up pairs; relay: %d streams each way, "
                + "events %d ms apart; throughput: closed loop, warm-up until every client has finished its first stream (at least %d s, at most %d s), then %d s counted. Start: median of %d launches after one unmeasured.%n",
                String.join(" and ", java.util.Arrays.stream(SIZES).mapToObj(Integer::toString).toList()), bench.upstream.eventsPerAnswer(),
                bench.pairs, bench.warmPairs, bench.relayStreams, bench.relayGapMs, bench.tputWarm.toSeconds(), PeersBench.FIRST_WAVE_LIMIT.toSeconds(), bench.tputMeasure.toSeconds(),
                bench.startRepeats));
        o.append("added = the peer's percentile minus direct's, from the same pairs (for direct itself: the measurement's noise). "
                + "RSS: VmRSS idle (1 s after the first answer), VmHWM peak; summed over the process tree. MB = MiB.\n\n");

        mainTable(o);
        o.append("\nWhat each peer passed on to the upstream (a 50 kB probe request, unmeasured launch, recording fake):\n");
        for (var r : rows) if (!r.fidelity.isEmpty()) o.append("- ").append(r.peer.name()).append(": ").append(r.fidelity).append('\n');
        skipped(o);
        cpuTable(o);
        ratios(o);
        verdicts(o);
        o.append(fmt("%nbench took %s%n", Stats.seconds(elapsedNanos)));
        return o.toString();
    }

    private void mainTable(StringBuilder o) {
        var head = new ArrayList<>(List.of("peer", "body", "start", "RSS idle", "RSS peak", "TTFB p50", "added TTFB p50", "added TTFB p99",
                "added relay p99"));
        for (int c : CONCURRENCY) head.add("streams/s @" + c);
        head.add("errors");
        o.append("| ").append(String.join(" | ", head)).append(" |\n");
        o.append("|").append("---|".repeat(head.size())).append('\n');
        for (var r : rows) {
            if (!measured(r)) continue;
            for (var e : r.bySize.entrySet()) {
                var s = e.getValue();
                var cells = new ArrayList<>(List.of(r.peer.name(), e.getKey() / 1000 + " kB",
                        Stats.seconds(r.startNanos).replace("n/a", "–"), Stats.mb(r.idleRssKb).replace("n/a", "–"),
                        Stats.mb(r.peakRssKb).replace("n/a", "–"), Stats.ms(percentile(s.ttfbPeer, 50), 2),
                        Stats.ms(s.addedP50(), 2), Stats.ms(s.addedP99(), 2), Stats.ms(s.relayAddedP99(), 3)));
                for (int c : CONCURRENCY) {
                    var t = s.tput.get(c);
                    cells.add(t == null ? "n/a" : fmt("%.0f", t.perSecond()) + (t.firstWaveDone() ? "" : "†")
                            + (t.errors() > 0 ? " (" + t.errors() + " err)" : ""));
                }
                cells.add(Integer.toString(s.errors()));
                o.append("| ").append(String.join(" | ", cells)).append(" |\n");
            }
        }
    }

    private void skipped(StringBuilder o) {
        for (var r : rows) {
            if (!measured(r)) o.append(fmt("%n%s: not measured — %s%n", r.peer.name(), r.skipped));
            else if (r.died != null) o.append(fmt("%s: %s%n", r.peer.name(), r.died));
            if (measured(r)) for (var e : r.bySize.entrySet()) {
                var s = e.getValue();
                if (s.firstError != null) o.append(fmt("%s, %d kB: first latency-run error: %s%n", r.peer.name(), e.getKey() / 1000, s.firstError));
                for (var t : s.tput.values()) {
                    if (!t.firstWaveDone()) {
                        o.append(fmt("† %s, %d kB, %d streams: not every client had finished its first stream after %.0f s; counted from then on%n",
                                r.peer.name(), e.getKey() / 1000, t.streams(), t.warmSeconds()));
                    }
                    if (t.firstError() != null) {
                        o.append(fmt("%s, %d kB, %d streams: %d errors, first: %s%n", r.peer.name(), e.getKey() / 1000, t.streams(), t.errors(),
                                t.firstError()));
                    }
                }
            }
        }
    }

    /** Who used the CPU while streams were counted: if the client + fake (bench JVM) were saturated, the figure is theirs. */
    private void cpuTable(StringBuilder o) {
        o.append("\nCPU during the throughput runs, % of one core (the machine has ").append(Runtime.getRuntime().availableProcessors())
                .append(" × 100 %): bench JVM (client + fake) / proxy, and the proxy's CPU per completed stream\n\n");
        var head = new ArrayList<>(List.of("peer", "body"));
        for (int c : CONCURRENCY) head.add("@" + c + " bench / proxy");
        head.add("proxy CPU ms/stream (median over concurrencies)");
        o.append("| ").append(String.join(" | ", head)).append(" |\n");
        o.append("|").append("---|".repeat(head.size())).append('\n');
        for (var r : rows) {
            if (!measured(r)) continue;
            for (var e : r.bySize.entrySet()) {
                var cells = new ArrayList<>(List.of(r.peer.name(), e.getKey() / 1000 + " kB"));
                var perStream = new ArrayList<Double>();
                for (int c : CONCURRENCY) {
                    var t = e.getValue().tput.get(c);
                    cells.add(t == null ? "n/a" : fmt("%.0f / %s", t.benchCpuPct(), Double.isNaN(t.peerCpuPct()) ? "–" : fmt("%.0f", t.peerCpuPct())));
                    if (t != null && !Double.isNaN(t.peerCpuMs())) perStream.add(t.peerCpuMs());
                }
                cells.add(perStream.isEmpty() ? "–" : fmt("%.2f ms", Stats.median(perStream.stream().mapToDouble(Double::doubleValue).toArray())));
                o.append("| ").append(String.join(" | ", cells)).append(" |\n");
            }
        }
        // The load generator check: direct is the same client and fake with no proxy; if it completes clearly more
        // streams per second than any proxy at every concurrency, the generator was not what limited the proxies.
        var direct = row("direct");
        if (measured(direct)) {
            o.append("\nLoad generator check (direct streams/s ÷ the fastest proxy's, per concurrency; > 1 means the client + fake had headroom):");
            for (int size : SIZES) {
                o.append(fmt(" %d kB:", size / 1000));
                for (int c : CONCURRENCY) {
                    double best = rows.stream().filter(r -> measured(r) && r != direct)
                            .mapToDouble(r -> rate(r, size, c)).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
                    o.append(best > 0 ? fmt(" @%d %.1f×", c, rate(direct, size, c) / best) : fmt(" @%d –", c));
                }
            }
            o.append('\n');
        }
    }

    private void ratios(StringBuilder o) {
        var direct = row("direct");
        var ccr = row("claude-code-router");
        o.append("\nRatios: streams/s of the peer ÷ direct's and ÷ claude-code-router's at each concurrency; added TTFB p50 ÷ claude-code-router's\n\n");
        var head = new ArrayList<>(List.of("peer", "body"));
        for (int c : CONCURRENCY) head.add("@" + c + " vs direct / vs ccr");
        head.add("added TTFB p50 vs ccr");
        o.append("| ").append(String.join(" | ", head)).append(" |\n");
        o.append("|").append("---|".repeat(head.size())).append('\n');
        for (var r : rows) {
            if (!measured(r) || r == direct) continue;
            for (int size : SIZES) {
                var cells = new ArrayList<>(List.of(r.peer.name(), size / 1000 + " kB"));
                for (int c : CONCURRENCY) {
                    double v = rate(r, size, c);
                    String vsDirect = measured(direct) ? fmt("%.2f", v / rate(direct, size, c)) : "n/a";
                    String vsCcr = measured(ccr) ? fmt("%.2f", v / rate(ccr, size, c)) : "n/a";
                    cells.add(vsDirect + " / " + vsCcr);
                }
                cells.add(measured(ccr) ? fmt("%.3f", addedP50(r, size) / addedP50(ccr, size)) : "n/a");
                o.append("| ").append(String.join(" | ", cells)).append(" |\n");
            }
        }
    }

    private void verdicts(StringBuilder o) {
        var a = row("aismush");
        var ccr = row("claude-code-router");
        o.append('\n');
        if (!measured(a)) {
            o.append("ARCHITECTURE targets (aismush): FAIL — aismush not measured: ").append(a.skipped).append('\n');
            o.append("faster than claude-code-router at every concurrency: FAIL — aismush not measured\n");
            return;
        }
        var misses = new ArrayList<String>();
        if (a.died != null) misses.add("the process died: " + a.died);
        for (int size : SIZES) {
            var s = a.bySize.get(size);
            String at = " at " + size / 1000 + " kB";
            if (s == null) {
                misses.add("not measured" + at);
                continue;
            }
            if (!(s.addedP50() <= ADDED_TTFB_P50_MS * 1e6)) misses.add("added TTFB p50 " + Stats.ms(s.addedP50(), 2) + " > 1 ms" + at);
            if (!(s.addedP99() <= ADDED_TTFB_P99_MS * 1e6)) misses.add("added TTFB p99 " + Stats.ms(s.addedP99(), 2) + " > 5 ms" + at);
            if (!(s.relayAddedP99() <= ADDED_RELAY_P99_MS * 1e6)) misses.add("added relay p99 " + Stats.ms(s.relayAddedP99(), 3) + " > 1 ms" + at);
            if (s.errors() > 0) misses.add(s.errors() + " errors" + at);
        }
        if (a.idleRssKb < 0 || a.idleRssKb > IDLE_RSS_MB * 1024) misses.add("RSS idle " + Stats.mb(a.idleRssKb) + " > 100 MB");
        if (!(a.startNanos <= START_S * 1e9)) misses.add("start " + Stats.seconds(a.startNanos) + " > 0.5 s");
        targetsMet = misses.isEmpty();
        o.append("ARCHITECTURE targets (aismush: added TTFB ≤ 1 ms p50 / ≤ 5 ms p99, added relay ≤ 1 ms p99, RSS idle ≤ 100 MB, start ≤ 0.5 s, 0 errors): ")
                .append(targetsMet ? "PASS" : "FAIL — " + String.join("; ", misses)).append('\n');

        if (!measured(ccr)) {
            o.append("faster than claude-code-router at every concurrency: FAIL — claude-code-router not measured (").append(ccr.skipped).append(")\n");
            return;
        }
        var slower = new ArrayList<String>();
        for (int size : SIZES) {
            for (int c : CONCURRENCY) {
                var ta = tput(a, size, c);
                int errs = ta == null ? 0 : ta.errors();
                if (!(rate(a, size, c) > rate(ccr, size, c)) || errs > 0) {
                    slower.add(fmt("%d kB @%d: %.0f vs %.0f streams/s%s", size / 1000, c, rate(a, size, c), rate(ccr, size, c),
                            errs > 0 ? " (" + errs + " errors)" : ""));
                }
            }
            if (!(addedP50(a, size) < addedP50(ccr, size))) {
                slower.add(fmt("%d kB added TTFB p50 %s vs %s", size / 1000, Stats.ms(addedP50(a, size), 2), Stats.ms(addedP50(ccr, size), 2)));
            }
        }
        fasterThanCcr = slower.isEmpty();
        o.append("faster than claude-code-router at every concurrency (more streams/s with 0 errors at 1, 10, 100, 1000, both sizes; lower added TTFB p50): ")
                .append(fasterThanCcr ? "PASS" : "FAIL — " + String.join("; ", slower)).append('\n');
    }

}
