package io.aismush.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.aismush.compress.Corpus;
import io.aismush.testkit.Flavour;
import io.aismush.wire.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Builds Claude Code-shaped Messages requests from fuzz data: its top-level layout, system blocks with cache
 * markers, a {@code role:"system"} message, then turns of assistant tool calls (one to three, sometimes after signed
 * thinking) answered by tool results, and now and then a human follow-up. Tool outputs are real recorded outputs
 * (the compression corpus), file reads, and fuzzed text, cut, repeated and mixed. Every request it builds is valid
 * for the strict fakes ({@code MessagesValidator}); the fuzz tests check that before using it.
 */
final class Conversations {
    private Conversations() {}

    static final List<String> TOOLS = List.of("Bash", "Read", "Grep", "Glob", "Edit", "Write", "WebFetch", "TodoWrite");
    static final List<String> PATHS = List.of("/home/dev/shop/src/main/java/shop/Cart.java", "/home/dev/shop/app.py",
            "/home/dev/shop/web/index.ts", "/home/dev/shop/README.md", "/home/dev/shop/build.sh", "/home/dev/shop/data.json");
    /** Commands whose output is a file's text: never condensed, whatever it looks like. */
    static final List<String> FILE_VIEWS = List.of("cat /home/dev/shop/app.py", "sed -n 1,80p /home/dev/shop/app.py",
            "head -50 app.log", "tail -n 200 app.log");
    private static final List<String> COMMANDS = List.of("mvn -q test", "./gradlew test", "npm test", "pytest -x", "cargo build",
            "go test ./...", "git status", "git diff", "git log --oneline -20", "git show HEAD", "ls -la", "find . -name '*.java'",
            "grep -rn total src", FILE_VIEWS.get(0), FILE_VIEWS.get(1), FILE_VIEWS.get(2), FILE_VIEWS.get(3), "docker build .", "make", "curl -s localhost:8080/api/items", "kubectl get pods", "echo done");
    private static final List<String> LINES = List.of("[INFO] Building shop 1.0-SNAPSHOT", "[ERROR] Tests run: 2, Failures: 1",
            "\tat java.base/java.lang.reflect.Method.invoke(Method.java:580)", "PASS src/cart.test.ts (1.2 s)",
            "Downloading https://repo/x.jar (12 kB)", "    long total() {", "+    return sum;", "-    return 0;", "@@ -1,4 +1,5 @@",
            "warning: unused variable `x`", "error[E0308]: mismatched types", "test result: FAILED. 3 passed; 1 failed",
            "{\"id\": 7, \"name\": \"book\", \"price\": 1000}", "drwxr-xr-x  4 dev dev 4096 Nov 24 00:57 src", "", "   ", "\r",
            "Progress (1): 25 kB\r", "// a comment", "# a comment", "/* block */", "\u00e9\u00e8 \ud83d\ude00 \u4e2d\u6587",
            "[aismush: 3 lines omitted]", "\\u0000 \"quoted\" \\\\ backslash");
    private static final List<Corpus.Output> OUTPUTS = Corpus.outputs();

    /** A request with {@code maxSteps} tool turns at most; the result's last message is the user's. */
    static ObjectNode request(FuzzedDataProvider data, int maxSteps) {
        ObjectNode r = Json.MAPPER.createObjectNode().put("model", "claude-opus-5-5");
        ArrayNode messages = r.putArray("messages");
        messages.add(human("Fix the failing test in Cart. " + data.consumeString(40)));
        ObjectNode env = messages.addObject().put("role", "system");
        env.put("content", "Environment: working directory /home/dev/shop, platform linux. " + "Context line. ".repeat(20));
        int steps = data.consumeInt(0, maxSteps);
        String lastRead = null;
        String lastReadPath = null;
        for (int s = 0; s < steps && data.remainingBytes() > 0; s++) {
            ObjectNode assistant = messages.addObject().put("role", "assistant");
            ArrayNode a = assistant.putArray("content");
            if (data.consumeInt(0, 3) == 0) {
                String thought = "I should look at " + data.consumeString(30);
                a.addObject().put("type", "thinking").put("thinking", thought).put("signature", Flavour.ANTHROPIC.sign(thought));
            }
            if (data.consumeBoolean()) a.addObject().put("type", "text").put("text", "Step " + s + ": checking.");
            if (data.consumeInt(0, 6) == 0) { // a text answer and a human follow-up instead of tool calls
                a.addObject().put("type", "text").put("text", "Done with step " + s + ".");
                messages.add(human("Now " + data.consumeString(20)));
                continue;
            }
            ObjectNode user = Json.MAPPER.createObjectNode().put("role", "user");
            ArrayNode results = user.putArray("content");
            int calls = data.consumeInt(1, 3);
            for (int c = 0; c < calls; c++) {
                String id = String.format("toolu_01%03d%03d", s, c);
                String tool = data.pickValue(TOOLS);
                ObjectNode input = Json.MAPPER.createObjectNode();
                String output;
                if (tool.equals("Read") && lastRead != null && data.consumeBoolean()) { // the same file again, unchanged
                    input.put("file_path", lastReadPath);
                    output = lastRead;
                } else if (tool.equals("Read")) {
                    lastReadPath = data.pickValue(PATHS);
                    input.put("file_path", lastReadPath);
                    output = readView(text(data));
                    lastRead = output;
                } else if (tool.equals("Bash")) {
                    boolean recorded = data.consumeBoolean();
                    Corpus.Output o = data.pickValue(OUTPUTS);
                    input.put("command", recorded ? o.command() : data.pickValue(COMMANDS) + (data.consumeBoolean() ? "" : " " + data.consumeString(10)))
                            .put("description", "run it");
                    output = recorded ? mutate(o.text(), data) : text(data);
                } else {
                    input.put("pattern", data.consumeString(10)).put("path", data.pickValue(PATHS));
                    output = text(data);
                }
                a.addObject().put("type", "tool_use").put("id", id).put("name", tool).set("input", input);
                ObjectNode result = results.addObject().put("type", "tool_result").put("tool_use_id", id);
                if (data.consumeInt(0, 3) == 0) {
                    ArrayNode blocks = result.putArray("content");
                    blocks.addObject().put("type", "text").put("text", nonBlank(output));
                    if (data.consumeBoolean()) blocks.addObject().put("type", "text").put("text", nonBlank(text(data)));
                } else {
                    result.put("content", output);
                }
                if (data.consumeInt(0, 5) == 0) result.put("is_error", true);
            }
            if (data.consumeInt(0, 4) == 0) results.addObject().put("type", "text").put("text", "Keep going.");
            messages.add(user);
        }
        if ("assistant".equals(messages.get(messages.size() - 1).path("role").asString())) messages.add(human("Go on."));
        int newest = messages.size() - 1;
        while (!messages.get(newest).path("content").isArray()) newest--; // Claude Code's system message has a string
        ArrayNode last = (ArrayNode) messages.get(newest).path("content");
        ((ObjectNode) last.get(last.size() - 1)).putObject("cache_control").put("type", "ephemeral");
        layout(r);
        return r;
    }

    /** Text for a tool output: a mix of realistic lines and fuzzed ones, some repeated many times. */
    static String text(FuzzedDataProvider data) {
        var out = new StringBuilder();
        int pieces = data.consumeInt(0, 12);
        for (int i = 0; i < pieces && data.remainingBytes() > 0; i++) {
            String line = data.consumeBoolean() ? data.pickValue(LINES) : data.consumeString(60);
            int times = data.consumeBoolean() ? 1 : data.consumeInt(1, 300);
            for (int t = 0; t < times; t++) out.append(line).append(data.consumeInt(0, 9) == 0 ? " " + t : "").append('\n');
        }
        if (!out.isEmpty() && data.consumeBoolean()) out.setLength(out.length() - 1); // no final newline
        return out.toString();
    }

    /** A recorded output, cut and with fuzzed lines spliced in. */
    private static String mutate(String text, FuzzedDataProvider data) {
        int from = data.consumeInt(0, text.length());
        int to = data.consumeInt(from, text.length());
        String kept = data.consumeBoolean() ? text : text.substring(0, from) + text(data) + text.substring(to);
        return kept;
    }

    /** A file as Claude Code's Read tool shows it: line number, TAB, line. */
    static String readView(String file) {
        var sb = new StringBuilder();
        String[] lines = file.split("\n", -1);
        for (int i = 0; i < lines.length; i++) sb.append(String.format("%6d\t", i + 1)).append(lines[i]).append('\n');
        return sb.toString();
    }

    private static String nonBlank(String s) {
        return s.isBlank() ? "(no output)" : s;
    }

    private static ObjectNode human(String text) {
        ObjectNode user = Json.MAPPER.createObjectNode().put("role", "user");
        ArrayNode content = user.putArray("content");
        content.addObject().put("type", "text").put("text", "<system-reminder>\nFollow the project's conventions.\n</system-reminder>");
        content.addObject().put("type", "text").put("text", nonBlank(text));
        return user;
    }

    /** Claude Code's top-level fields after {@code messages}, in its order. */
    private static void layout(ObjectNode r) {
        ArrayNode system = r.putArray("system");
        system.addObject().put("type", "text").put("text", "x-anthropic-billing-header: cc_version=2.1.330.abc; cc_entrypoint=cli;");
        system.addObject().put("type", "text").put("text", "You are Claude Code, Anthropic's official CLI for Claude.")
                .putObject("cache_control").put("type", "ephemeral");
        system.addObject().put("type", "text").put("text", "You are an interactive CLI tool. ".repeat(20))
                .putObject("cache_control").put("type", "ephemeral");
        ArrayNode tools = r.putArray("tools");
        for (String name : TOOLS) {
            ObjectNode t = tools.addObject().put("name", name).put("description", name + " does what its name says.");
            t.putObject("input_schema").put("type", "object").putObject("properties");
        }
        r.putObject("metadata").put("user_id", "{\"device_id\":\"" + "ab".repeat(32)
                + "\",\"account_uuid\":\"\",\"session_id\":\"0f2c7a2e-5b0e-4c1e-9a8a-1d2e3f405060\"}");
        r.put("max_tokens", 32_000);
        r.putObject("thinking").put("type", "adaptive");
        r.put("stream", true);
    }
}
