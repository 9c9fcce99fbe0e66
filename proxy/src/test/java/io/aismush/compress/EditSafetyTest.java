package io.aismush.compress;

import io.aismush.context.TokenEstimator;
import io.aismush.testing.Session;
import io.aismush.wire.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edit safety: every span of lines the model sees of a file after the pipeline is an exact substring of the file on
 * disk, however it saw the file (Read, cat, sed -n, grep -n, git diff), in a conversation full of compressible logs.
 */
class EditSafetyTest {
    private static final Pattern NUMBERED = Pattern.compile("^\\s*\\d+[\\t→](.*)$");
    private static final Pattern GREP = Pattern.compile("^\\d+:(.*)$");

    @Test
    void withDefaultsEverySpanOfEveryFileViewIsExactlyTheFile() throws Exception {
        var stage = new CompressStage(new Compressor(false), TokenEstimator.standard());
        int spans = 0;
        for (Path file : sources()) {
            String text = Files.readString(file);
            JsonNode messages = Json.MAPPER.readTree(stage.rewrite(conversation(file, text)).body()).path("messages");
            for (List<String> view : views(messages)) {
                spans += assertEverySpanIsInFile(file, text, view);
            }
        }
        assertThat(spans).as("spans checked").isGreaterThan(5_000);
    }

    @Test
    void strippedCommentsAreMarkedSoTheModelReReadsBeforeEditing() throws Exception {
        var stage = new CompressStage(new Compressor(true), TokenEstimator.standard());
        for (Path file : sources()) {
            String text = Files.readString(file);
            var session = new Session("Fix it").read(file.toString(), text);
            String result = Json.MAPPER.readTree(stage.rewrite(session.body()).body()).path("messages").get(3).path("content").get(0).path("content").asString();
            assertThat(result).as(file.getFileName().toString()).startsWith(Marker.commentsStripped());
            for (String line : result.split("\n")) {
                Matcher m = NUMBERED.matcher(line);
                if (m.matches() && !m.group(1).isBlank()) {
                    // what is left of a line is its code: a prefix of the real line (a trailing comment removed), or a whole line
                    assertThat(text).as("%s: %s", file.getFileName(), line).contains(m.group(1).stripTrailing());
                }
            }
            assertThat(result).as("strings that look like comments stay").doesNotContain("//    ");
        }
    }

    @Test
    void stringsThatLookLikeCommentsSurviveCommentStripping() {
        String java = "String a = \"// not\"; // yes\nString b = \"/* not */\"; /* yes */\nchar q = '\"'; // c\n";
        assertThat(CommentStripper.strip(java, CommentStripper.Language.C_FAMILY))
                .isEqualTo("String a = \"// not\";\nString b = \"/* not */\";\nchar q = '\"';\n");
        String py = "u = \"https://x/#a\"  # c\n\"\"\"doc # not\"\"\"\n";
        assertThat(CommentStripper.strip(py, CommentStripper.Language.PYTHON)).isEqualTo("u = \"https://x/#a\"\n\"\"\"doc # not\"\"\"\n");
        String sh = "#!/bin/sh\necho \"a # b\" # c\nn=${#x}\n";
        assertThat(CommentStripper.strip(sh, CommentStripper.Language.SHELL)).isEqualTo("#!/bin/sh\necho \"a # b\"\nn=${#x}\n");
    }

    /** A long session: logs to compress, then the file seen five ways, then read again. */
    private static byte[] conversation(Path file, String text) {
        var session = new Session("Fix the failing test");
        for (Corpus.Output o : Corpus.outputs()) session.bash(o.command(), o.text());
        String path = file.toString();
        session.read(path, text);
        session.bash("cat " + path, text);
        session.bash("sed -n 1,200p " + path, text);
        var grep = new StringBuilder();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) if (i % 2 == 0) grep.append(i + 1).append(':').append(lines[i]).append('\n');
        session.bash("grep -n '' " + path, grep.toString());
        var diff = new StringBuilder("diff --git a/x b/x\nnew file mode 100644\nindex 0000000..1234567\n--- /dev/null\n+++ b/x\n@@ -0,0 +1," + lines.length + " @@\n");
        for (String l : lines) diff.append('+').append(l).append('\n');
        session.bash("git diff --cached", diff.toString().repeat(2));
        session.read(path, text);
        return session.body();
    }

    /** Every view of a file in the tool results: runs of file lines, split at markers. */
    private static List<List<String>> views(JsonNode messages) {
        var views = new ArrayList<List<String>>();
        for (JsonNode m : messages) {
            for (JsonNode b : m.path("content")) {
                if (!"tool_result".equals(b.path("type").asString(""))) continue;
                var run = new ArrayList<String>();
                for (String line : b.path("content").asString("").split("\n", -1)) {
                    Matcher g = GREP.matcher(line);
                    if (g.matches()) { // grep -n shows lines apart: each is a view of its own
                        if (!run.isEmpty()) views.add(List.copyOf(run));
                        run.clear();
                        views.add(List.of(g.group(1)));
                        continue;
                    }
                    String content = fileLine(line);
                    if (content == null) {
                        if (!run.isEmpty()) views.add(List.copyOf(run));
                        run.clear();
                    } else {
                        run.add(content);
                    }
                }
                if (!run.isEmpty()) views.add(run);
            }
        }
        return views;
    }

    /** The file text a tool-result line shows, or null when it shows none (a marker, a header, log output). */
    private static String fileLine(String line) {
        if (line.startsWith(Marker.PREFIX)) return null;
        Matcher n = NUMBERED.matcher(line);
        if (n.matches()) return n.group(1);
        if (line.startsWith("+") && !line.startsWith("+++")) return line.substring(1);
        return line;
    }

    /** Checks the spans made only of lines that appear in the file (others are log lines of other results). */
    private static int assertEverySpanIsInFile(Path file, String text, List<String> view) {
        var fileLines = new java.util.HashSet<>(List.of(text.split("\n")));
        int checked = 0;
        int start = 0;
        while (start < view.size()) {
            if (!fileLines.contains(view.get(start)) || view.get(start).isBlank()) {
                start++;
                continue;
            }
            int end = start;
            while (end < view.size() && (fileLines.contains(view.get(end)) || view.get(end).isEmpty())) end++;
            for (int i = start; i < end; i++) {
                for (int j = i; j < end; j++) {
                    if (j - i > 0 && view.subList(i, j + 1).stream().allMatch(String::isEmpty)) continue;
                    String span = String.join("\n", view.subList(i, j + 1));
                    assertThat(text).as("%s: lines %d..%d of a view", file.getFileName(), i, j).contains(span);
                    checked++;
                }
            }
            start = end;
        }
        return checked;
    }

    private static List<Path> sources() throws Exception {
        try (Stream<Path> s = Files.list(Corpus.dir("compress/sources"))) {
            return s.sorted().toList();
        }
    }
}
