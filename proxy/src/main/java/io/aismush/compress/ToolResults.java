package io.aismush.compress;

import io.aismush.wire.JsonCursor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, in one pass over a Messages body, every {@code tool_result} with the byte ranges of its text and the
 * {@code tool_use} that produced it. Nothing is decoded but the few short strings it needs (types, ids, names): the
 * ranges are the raw JSON string literals, so a caller can hash them and splice replacements into the body while every
 * other byte stays as the client sent it. A purpose-built scanner rather than a general parser, because it runs on
 * every request over the whole history: string contents, nearly all of the body, are skipped eight bytes at a time.
 * The body has been checked as JSON before; anything else it meets is an {@link IllegalArgumentException}.
 * A scan notes where it may be resumed (after each message), so a body that begins as an earlier one did is scanned
 * from the last message boundary before the first differing byte. Stateless and thread-safe.
 */
final class ToolResults {
    private ToolResults() {}

    /** A raw JSON value in the body: {@code [start, end)}. */
    record Span(int start, int end) {
        int length() {
            return end - start;
        }
    }

    /** The call that produced a result: the tool's name and its raw {@code input} object. */
    record Call(String name, Span input) {}

    /**
     * One tool result.
     *
     * @param texts the string literals of its text: the content itself when it is a string, else each text block's text
     * @param call  the tool_use it answers, or null when none precedes it
     */
    record Site(String toolUseId, boolean error, List<Span> texts, Call call) {}

    /** A tool_use as found, in order, so the calls known at a mark can be rebuilt. */
    record Found(String id, Call call) {}

    /**
     * The scanner's state just after an element of a messages array. It depends only on the bytes before {@code at},
     * so a body with the same bytes there may be scanned on from it.
     *
     * @param sites how many results were found before it
     * @param calls how many calls were found before it
     */
    record Mark(int at, int sites, int calls) {}

    /**
     * What a scan found.
     *
     * @param quietFrom where the body's last messages array ends when nothing after it holds a message (the rest may
     *                  then be taken as scanned when it is the same bytes); -1 otherwise
     */
    record Scan(List<Site> sites, List<Found> calls, List<Mark> marks, int quietFrom) {}

    /** Every tool result in message order; empty when the body has no messages array. */
    static List<Site> scan(byte[] body) {
        return full(body).sites();
    }

    static Scan full(byte[] body) {
        return new Scanner(body).request();
    }

    /**
     * The scan of {@code body} resumed at {@code mark} of an earlier scan of {@code earlier}: the caller has checked
     * that the two bodies are the same bytes before {@code mark.at()}. The result is the same as {@link #full}'s.
     */
    static Scan resume(byte[] body, byte[] earlier, Scan scan, Mark mark) {
        return new Scanner(body).resume(earlier, scan, mark);
    }

    private static final class Scanner {
        private final byte[] b;
        private int i;
        private final List<Site> sites = new ArrayList<>();
        private final Map<String, Call> calls = new HashMap<>();
        private final List<Found> found = new ArrayList<>();
        private final List<Mark> marks = new ArrayList<>();
        /** Where the last messages array ended, and how many results and marks had been found then. */
        private int arrayEnd = -1, sitesAtEnd, marksAtEnd;

        Scanner(byte[] body) {
            this.b = body;
        }

        Scan request() {
            if (next() == '{') {
                i++;
                members();
            }
            return result();
        }

        Scan resume(byte[] earlier, Scan scan, Mark mark) {
            sites.addAll(scan.sites().subList(0, mark.sites()));
            for (Found f : scan.calls().subList(0, mark.calls())) {
                found.add(f);
                calls.put(f.id(), f.call());
            }
            for (Mark m : scan.marks()) {
                if (m.at() > mark.at()) break;
                marks.add(m);
            }
            i = mark.at();
            comma(']');
            messages();
            int quiet = scan.quietFrom();
            if (quiet >= 0 && b.length - i == earlier.length - quiet
                    && Arrays.equals(b, i, b.length, earlier, quiet, earlier.length)) {
                return new Scan(sites, found, marks, i); // the rest is what the earlier scan found quiet
            }
            comma('}');
            members();
            return result();
        }

        private Scan result() {
            boolean quiet = arrayEnd >= 0 && sites.size() == sitesAtEnd && marks.size() == marksAtEnd;
            return new Scan(sites, found, marks, quiet ? arrayEnd : -1);
        }

        /** The members of the request object from the scanner's position to its closing brace. */
        private void members() {
            while (next() != '}') {
                Span key = string();
                colon();
                if (is(key, "messages") && next() == '[') {
                    i++;
                    messages();
                } else {
                    skipValue();
                }
                comma('}');
            }
        }

        /** The elements of a messages array from the scanner's position past its closing bracket, marking each end. */
        private void messages() {
            while (next() != ']') {
                if (b[i] == '{') {
                    message();
                    marks.add(new Mark(i, sites.size(), found.size())); // a '}' ends it: no byte at or after i was read
                } else {
                    skipValue();
                }
                comma(']');
            }
            i++;
            arrayEnd = i;
            sitesAtEnd = sites.size();
            marksAtEnd = marks.size();
        }

        /** Calls {@code element} for each element of the array the scanner is on, which must be objects to count. */
        private void array(Runnable element) {
            i++;
            while (next() != ']') {
                if (b[i] == '{') element.run();
                else skipValue();
                comma(']');
            }
            i++;
        }

        private void message() {
            i++;
            while (next() != '}') {
                Span key = string();
                colon();
                if (is(key, "content") && next() == '[') array(this::block);
                else skipValue();
                comma('}');
            }
            i++;
        }

        private void block() {
            String type = null, id = null, toolUseId = null, name = null;
            boolean error = false;
            Span input = null;
            List<Span> texts = null;
            i++;
            while (next() != '}') {
                Span key = string();
                colon();
                byte c = next();
                if (is(key, "type")) type = c == '"' ? text() : skipNull();
                else if (is(key, "id")) id = c == '"' ? text() : skipNull();
                else if (is(key, "tool_use_id")) toolUseId = c == '"' ? text() : skipNull();
                else if (is(key, "name")) name = c == '"' ? text() : skipNull();
                else if (is(key, "is_error")) error = literal("true");
                else if (is(key, "input")) input = c == '{' ? value() : skipSpan();
                else if (is(key, "content")) texts = c == '"' ? List.of(string()) : c == '[' ? textBlocks() : skipTexts();
                else skipValue();
                comma('}');
            }
            i++;
            if ("tool_use".equals(type) && id != null && name != null && input != null) {
                var call = new Call(name, input);
                calls.put(id, call);
                found.add(new Found(id, call));
            }
            if ("tool_result".equals(type) && toolUseId != null && texts != null && !texts.isEmpty()) {
                sites.add(new Site(toolUseId, error, texts, calls.get(toolUseId)));
            }
        }

        /** The text literals of the blocks of a tool_result's content array; null when it holds anything but text. */
        private List<Span> textBlocks() {
            var spans = new ArrayList<Span>();
            boolean onlyText = true;
            i++;
            while (next() != ']') {
                if (b[i] != '{') {
                    skipValue();
                    onlyText = false;
                    comma(']');
                    continue;
                }
                String type = null;
                Span text = null;
                i++;
                while (next() != '}') {
                    Span key = string();
                    colon();
                    byte c = next();
                    if (is(key, "type") && c == '"') type = text();
                    else if (is(key, "text") && c == '"') text = string();
                    else skipValue();
                    comma('}');
                }
                i++;
                if ("text".equals(type) && text != null) spans.add(text);
                else onlyText = false;
                comma(']');
            }
            i++;
            return onlyText ? spans : null;
        }

        /** Skips whitespace; the byte the scanner is then on. */
        private byte next() {
            while (i < b.length) {
                byte c = b[i];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return c;
                i++;
            }
            throw malformed("unexpected end");
        }

        private void colon() {
            if (next() != ':') throw malformed("':' expected");
            i++;
            next();
        }

        /** Steps over the ',' between members or elements; at {@code close} the caller's loop ends. */
        private void comma(char close) {
            byte c = next();
            if (c == ',') i++;
            else if (c != close) throw malformed("',' or '" + close + "' expected");
        }

        /**
         * The string literal the scanner is on, quotes included; the scanner moves past it. Only quotes are looked
         * for, eight bytes at a time: tool output has an escaped newline on every line, and stopping at each would
         * cost more than counting, at a quote, the backslashes before it (an odd number escapes it).
         */
        private Span string() {
            JsonCursor.Span s = new JsonCursor(b, i, b.length).string();
            i = s.end();
            return new Span(s.start(), s.end());
        }

        /** The decoded string literal the scanner is on (short ones: types, ids, names). */
        private String text() {
            Span s = string();
            return new JsonCursor(b).decode(new JsonCursor.Span(s.start(), s.end()));
        }

        private boolean literal(String word) {
            int start = i;
            skipValue();
            return i - start == word.length() && is(new Span(start, i), word);
        }

        /** Skips the value the scanner is on and returns its span. */
        private Span value() {
            int start = i;
            skipValue();
            return new Span(start, i);
        }

        private String skipNull() {
            skipValue();
            return null;
        }

        private Span skipSpan() {
            skipValue();
            return null;
        }

        private List<Span> skipTexts() {
            skipValue();
            return null;
        }

        /** Skips one value of any kind. */
        private void skipValue() {
            i = new JsonCursor(b, i, b.length).value().end();
        }

        /** Whether the span holds exactly {@code word} (quotes aside when it is a string). */
        private boolean is(Span s, String word) {
            return new JsonCursor(b).is(new JsonCursor.Span(s.start(), s.end()), word);
        }

        private IllegalArgumentException malformed(String what) {
            return new IllegalArgumentException("not a JSON object at byte " + i + ": " + what);
        }
    }
}
