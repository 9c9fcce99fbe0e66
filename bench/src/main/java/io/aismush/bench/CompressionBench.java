package io.aismush.bench;

import io.aismush.compress.CompressStage;
import io.aismush.compress.Compressor;
import io.aismush.compress.Kind;
import io.aismush.context.TokenEstimator;
import io.aismush.wire.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures the context engine's compression: token reduction per kind on the corpus of tool outputs and source
 * files (proxy/src/test/resources/compress), and the compress stage's cost on a 200 kB Claude Code-shaped request,
 * first without and then with its memo. Run from the repository root:
 * <pre>{@code ./mvnw -B -q -Dmaven.test.skip=true package && java -cp bench/target/classes:proxy/target/aismush.jar io.aismush.bench.CompressionBench}</pre>
 */
public final class CompressionBench {
    private CompressionBench() {}

    private static final TokenEstimator TOKENS = TokenEstimator.standard();

    public static void main(String[] args) throws IOException {
        Path corpus = Path.of(args.length > 0 ? args[0] : "proxy/src/test/resources/compress");
        List<Path> outputs = list(corpus.resolve("outputs"), ".txt");
        List<Path> sources = list(corpus.resolve("sources"), "");
        reduction(outputs, sources);
        cost(outputs, sources);
    }

    private static void reduction(List<Path> outputs, List<Path> sources) throws IOException {
        var before = new EnumMap<Kind, long[]>(Kind.class);
        for (Path f : outputs) {
            String all = Files.readString(f);
            int nl = all.indexOf('\n');
            String command = all.substring(2, nl);
            String text = all.substring(nl + 1);
            Compressor.Result r = Compressor.bash(command, text);
            add(before, r.kind(), text, r.text() == null ? text : r.text());
        }
        var reader = new Compressor(false);
        for (Path f : sources) {
            String view = readView(Files.readString(f));
            var call = new Compressor.ToolCall("Read", Json.MAPPER.createObjectNode().put("file_path", f.toString()));
            Compressor.Result r = reader.compress(call, view, false);
            add(before, r.kind(), view, r.text() == null ? view : r.text());
        }
        System.out.println("Token reduction per kind on the corpus (" + outputs.size() + " tool outputs, " + sources.size() + " source files):");
        System.out.printf("  %-10s %5s %12s %12s %10s%n", "kind", "items", "tokens in", "tokens out", "reduction");
        for (Map.Entry<Kind, long[]> e : before.entrySet()) {
            long[] v = e.getValue();
            System.out.printf("  %-10s %5d %12d %12d %9.1f%%%n", e.getKey().label(), v[0], v[1], v[2], 100.0 * (v[1] - v[2]) / v[1]);
        }
    }

    private static void add(Map<Kind, long[]> totals, Kind kind, String before, String after) {
        long[] v = totals.computeIfAbsent(kind, k -> new long[3]);
        v[0]++;
        v[1] += TOKENS.estimate(before);
        v[2] += TOKENS.estimate(after);
    }

    private static void cost(List<Path> outputs, List<Path> sources) throws IOException {
        byte[] body = request(outputs, sources, 200_000);
        int warmup = 2_000;
        int runs = 2_000;
        var fresh = new long[runs];
        var memoised = new long[runs];
        var stage = new CompressStage(new Compressor(false), TOKENS);
        for (int i = 0; i < warmup; i++) {
            new CompressStage(new Compressor(false), TOKENS).rewrite(body);
            stage.rewrite(body);
        }
        var counts = new long[runs];
        for (int i = 0; i < runs; i++) {
            var cold = new CompressStage(new Compressor(false), TOKENS);
            long t0 = System.nanoTime();
            var rewrite = cold.rewrite(body);
            fresh[i] = System.nanoTime() - t0;
            // The token counts the request's record carries are made when the record asks for them, after the answer:
            // not on the way to the first byte. Timed here apart.
            long t2 = System.nanoTime();
            rewrite.reductions();
            counts[i] = System.nanoTime() - t2;
            long t1 = System.nanoTime();
            stage.rewrite(body);
            memoised[i] = System.nanoTime() - t1;
        }
        // a turn as it comes: the history seen before, the newest tool result new (a different run of the last command)
        var turn = new long[runs];
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.lastIndexOf("\"}]}"); // where the newest tool result's text ends
        for (int i = 0; i < runs; i++) {
            byte[] next = (text.substring(0, at) + "\\nrun " + i + text.substring(at)).getBytes(StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            var rewrite = stage.rewrite(next);
            turn[i] = System.nanoTime() - t0;
            rewrite.reductions();
        }
        byte[] out = stage.rewrite(body).body();
        System.out.printf("Compress stage on a %,d-byte request (%,d bytes after; %d runs after %d warm-up):%n", body.length, out.length, runs, warmup);
        System.out.printf("  first time (every result compressed):  p50 %.3f ms  p99 %.3f ms%n", pct(fresh, 50), pct(fresh, 99));
        System.out.printf("    then its token counts, made for the record after the answer: p50 %.3f ms%n", pct(counts, 50));
        System.out.printf("  memoised (the history seen before):     p50 %.3f ms  p99 %.3f ms%n", pct(memoised, 50), pct(memoised, 99));
        System.out.printf("  a turn (history seen, newest result new): p50 %.3f ms  p99 %.3f ms%n", pct(turn, 50), pct(turn, 99));
    }

    /** A Claude Code-shaped request of about {@code size} bytes whose tool results come from the corpus. */
    private static byte[] request(List<Path> outputs, List<Path> sources, int size) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode().put("model", "claude-opus-5-5");
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "user").put("content", "Make the failing tests pass.");
        root.putArray("system").addObject().put("type", "text").put("text", "You are Claude Code. ".repeat(300));
        ArrayNode tools = root.putArray("tools");
        for (int t = 0; t < 12; t++) tools.addObject().put("name", "Tool" + t).put("description", "Does a useful thing. ".repeat(60));
        root.put("max_tokens", 32000).put("stream", true);
        int step = 0;
        while (Json.MAPPER.writeValueAsBytes(root).length < size) {
            String id = String.format("toolu_01%018d", step);
            boolean read = step % 3 == 2;
            Path f = read ? sources.get(step % sources.size()) : outputs.get(step % outputs.size());
            String all = Files.readString(f);
            ObjectNode input = Json.MAPPER.createObjectNode();
            String result;
            if (read) {
                input.put("file_path", f.toString());
                result = readView(all);
            } else {
                input.put("command", all.substring(2, all.indexOf('\n')));
                result = all.substring(all.indexOf('\n') + 1);
            }
            ObjectNode assistant = messages.addObject().put("role", "assistant");
            assistant.putArray("content").addObject().put("type", "tool_use").put("id", id).put("name", read ? "Read" : "Bash").set("input", input);
            messages.addObject().put("role", "user").putArray("content").addObject().put("type", "tool_result").put("tool_use_id", id).put("content", result);
            step++;
        }
        return Json.MAPPER.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    }

    private static String readView(String file) {
        var sb = new StringBuilder();
        String[] lines = file.split("\n");
        for (int i = 0; i < lines.length; i++) sb.append(i + 1).append('\t').append(lines[i]).append('\n');
        return sb.toString();
    }

    private static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
