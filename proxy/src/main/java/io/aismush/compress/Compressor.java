package io.aismush.compress;

import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * Compresses one tool result: a pure, deterministic function of its text and of the call that produced it (tool
 * name and input), so the same result compresses to the same bytes on every turn. Bash output is condensed by what
 * the command was; Read results and anything else that may be a file's text or data are never altered inside.
 * Thread-safe.
 */
public final class Compressor {
    /** Outputs shorter than this are left alone: a marker would cost more than it saves. */
    static final int MIN_CHARS = 1_500;

    private final boolean stripComments;

    /** @param stripComments strip comments from file reads (opt-in: the view is then no longer the file's text) */
    public Compressor(boolean stripComments) {
        this.stripComments = stripComments;
    }

    public boolean stripComments() {
        return stripComments;
    }

    /** The tool call a result answers: {@code input} is the tool_use input object (may be a missing node). */
    public record ToolCall(String name, JsonNode input) {
        String command() {
            return input.path("command").asString(null);
        }

        String filePath() {
            return input.path("file_path").asString(null);
        }
    }

    /** @param text the new text, or null when the result stays as it is */
    public record Result(String text, Kind kind) {}

    public Result compress(ToolCall call, String content, boolean error) {
        if (call == null) return new Result(null, Kind.OTHER);
        return switch (call.name()) {
            case "Bash" -> bash(call.command(), content);
            case "Read" -> {
                if (!stripComments || error) yield new Result(null, Kind.FILE);
                String stripped = ReadView.stripComments(content, call.filePath());
                yield stripped == null ? new Result(null, Kind.FILE) : new Result(stripped, Kind.COMMENTS);
            }
            default -> new Result(null, Kind.OTHER);
        };
    }

    /** Identifies the output by its command and condenses it. */
    public static Result bash(String command, String content) {
        Commands.Identified id = Commands.identify(command);
        if (id.kind() == Kind.FILE) return new Result(null, Kind.FILE);
        String clean = Lines.clean(content);
        if ((id.kind() == Kind.LOG || id.kind() == Kind.LISTING) && DataShape.isData(clean)) return new Result(null, Kind.DATA);
        String out = switch (id.kind()) {
            case GIT -> {
                String compact = clean.length() < MIN_CHARS ? null : GitOutput.compact(id.gitVerb(), clean);
                yield compact == null ? clean : compact;
            }
            case LISTING -> Truncation.cut(clean);
            case LOG -> Truncation.cut(collapse(clean));
            default -> {
                String digest = clean.length() < MIN_CHARS || id.rules() == null ? null : Digest.apply(id.rules(), clean);
                yield Truncation.cut(digest == null ? collapse(clean) : digest);
            }
        };
        return new Result(out.equals(content) ? null : out, id.kind());
    }

    private static String collapse(String text) {
        List<String> lines = Lines.split(text);
        List<String> collapsed = Repeats.collapse(lines, false);
        return collapsed.size() == lines.size() ? text : Lines.join(collapsed, text.endsWith("\n"));
    }
}
