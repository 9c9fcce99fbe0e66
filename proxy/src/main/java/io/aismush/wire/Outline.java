package io.aismush.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where things are in a Messages body, found in one pass that skips string contents eight bytes at a time: the
 * top-level members, each message, and each content block with the spans of the fields the stages read (type, text,
 * ids, name, error flag, input, signature). Several stages need some of this on every request; they share one
 * outline instead of each parsing 200 kB. Offsets are into the bytes it was made from, end exclusive.
 *
 * <p>Made from bytes already validated as JSON. Duplicate names are read as a parser reads them: the last one wins,
 * except that every {@code messages} array and every {@code content} of a message adds its parts in order.
 */
public final class Outline {
    /** A top-level member: its decoded name and its value's span. */
    public record Member(String name, JsonCursor.Span value) {}

    /** What a part of a message is. */
    public enum PartKind { STRING_CONTENT, BLOCK, OTHER }

    private final byte[] b;
    private final List<Member> members = new ArrayList<>();
    private int rootEnd = -1;
    private final Ints messages = new Ints(3); // start, end, role value start (or -1)
    private final Ints parts = new Ints(PART_FIELDS);
    private boolean regular = true;
    /** Made by the strict check (not from a body a parser accepted): a later check may resume in its bytes. */
    private boolean checked;

    // per part: kind, message, start, end, then value spans (start, end) of type, text, id, name, input, signature, is_error
    private static final int KIND = 0, MESSAGE = 1, START = 2, END = 3, TYPE = 4, TEXT = 6, ID = 8, NAME = 10, INPUT = 12,
            SIGNATURE = 14, ERROR = 16, PART_FIELDS = 18;

    private Outline(byte[] b) {
        this.b = b;
    }

    /**
     * The outline of {@code body}, which must be valid JSON (checked before); null when it is not an object.
     *
     * @throws IllegalArgumentException when the bytes are not JSON after all
     */
    public static Outline of(byte[] body) {
        var c = new JsonCursor(body);
        if (c.peek() == (byte) 0xEF) c = new JsonCursor(body, 3, body.length); // a byte order mark, which parsers skip
        return c.peek() == '{' ? read(body, c) : null;
    }

    /**
     * The outline of {@code body} when it is certainly one strict JSON object that the parser accepts too: the fast
     * path of request validation, which so costs no more than the outline itself. Null when not sure (then the parser
     * decides). Accepted bytes are valid UTF-8 too.
     */
    public static Outline strict(byte[] body) {
        if (!JsonCheck.checkable(body.length)) return null;
        try {
            var c = JsonCursor.strict(body);
            Outline o = read(body, c);
            o.checked = true;
            return c.atEnd() ? o : null;
        } catch (IllegalArgumentException notSure) {
            return null;
        }
    }

    /**
     * As {@link #strict(byte[])}, for a body that may begin as {@code earlier}'s did: Claude Code sends the whole
     * conversation again every turn, a few messages longer. The messages both bodies have byte for byte (and all
     * before them) are taken from {@code earlier}'s outline instead of being checked again, and the check resumes
     * after the last of them, in the state a check of those same bytes left. A body that shares no whole message
     * is checked from its start.
     */
    public static Outline strict(byte[] body, Outline earlier) {
        int shared = earlier == null ? 0 : earlier.sharedMessages(body);
        if (shared == 0) return strict(body);
        if (!JsonCheck.checkable(body.length)) return null;
        try {
            var o = new Outline(body);
            for (Member m : earlier.members) {
                if (m.name().equals("messages")) break;
                o.members.add(m);
            }
            o.messages.take(earlier.messages, shared);
            int parts = 0;
            while (parts < earlier.parts.size() && earlier.messageOf(parts) < shared) parts++;
            o.parts.take(earlier.parts, parts);
            // just after the last shared message: inside the root object and its messages array, not at its first element
            var c = JsonCursor.strictAt(body, earlier.messages.get(shared - 1, 1), 2);
            o.moreMessages(c);
            o.members.add(new Member("messages", new JsonCursor.Span(earlier.member("messages").value().start(), c.position())));
            o.moreMembers(c);
            o.checked = true;
            return c.atEnd() ? o : null;
        } catch (IllegalArgumentException notSure) {
            return null;
        }
    }

    /**
     * How many of this outline's messages {@code body} begins with, byte for byte up to the end of the last of them;
     * 0 when this outline cannot be built on (odd shapes, several {@code messages} arrays).
     */
    int sharedMessages(byte[] body) {
        if (!opensLike(body)) return 0;
        int same = Arrays.mismatch(b, body);
        if (same < 0) same = b.length; // the same bytes
        int shared = messages.size();
        while (shared > 0 && messages.get(shared - 1, 1) > same) shared--;
        return shared;
    }

    /**
     * Whether {@code body} begins with this outline's first message, byte for byte, and this outline can be built on:
     * the first message alone tells conversations apart, without comparing whole bodies.
     */
    boolean opensLike(byte[] body) {
        if (!resumable()) return false;
        int firstEnd = messages.get(0, 1);
        return body.length >= firstEnd && Arrays.mismatch(b, 0, firstEnd, body, 0, firstEnd) < 0;
    }

    /** Whether a later check may resume in these bytes: made by the strict check, regular, one non-empty messages array. */
    boolean resumable() {
        if (!checked || !regular || messages.size() == 0) return false;
        int arrays = 0;
        for (Member m : members) if (m.name().equals("messages")) arrays++;
        return arrays == 1;
    }

    private static Outline read(byte[] body, JsonCursor c) {
        var o = new Outline(body);
        c.enter('{');
        o.moreMembers(c);
        return o;
    }

    /** Reads the root object's members up to its end, the cursor standing where a member or the end may come. */
    private void moreMembers(JsonCursor c) {
        while (c.more('}')) {
            String name = c.decode(c.key());
            c.colon();
            if (name.equals("messages") && c.peek() == '[') {
                int start = c.position();
                c.enter('[');
                moreMessages(c);
                members.add(new Member(name, new JsonCursor.Span(start, c.position())));
            } else {
                members.add(new Member(name, c.value()));
            }
        }
        rootEnd = c.position() - 1;
    }

    /** Reads messages up to the end of their array, the cursor standing where a message or the end may come. */
    private void moreMessages(JsonCursor c) {
        while (c.more(']')) {
            if (c.peek() != '{') {
                regular = false;
                JsonCursor.Span s = c.value();
                messages.add(s.start(), s.end(), -1);
                continue;
            }
            int m = messages.size();
            int start = c.position();
            int role = -1;
            messages.add(start, -1, -1);
            c.enter('{');
            while (c.more('}')) {
                JsonCursor.Span key = c.key();
                c.colon();
                if (c.is(key, "role") && c.peek() == '"') {
                    role = c.position();
                    c.string();
                } else if (c.is(key, "content") && c.peek() == '"') {
                    JsonCursor.Span text = c.string();
                    int p = newPart(PartKind.STRING_CONTENT, m, text.start());
                    parts.set(p, END, text.end());
                    parts.set(p, TEXT, text.start());
                    parts.set(p, TEXT + 1, text.end());
                } else if (c.is(key, "content") && c.peek() == '[') {
                    blocks(c, m);
                } else {
                    if (spelledWithEscapes(c, key, "role", "content")) regular = false; // leave such a body to a parser
                    c.value();
                }
            }
            messages.set(m, 1, c.position());
            messages.set(m, 2, role);
        }
    }

    private void blocks(JsonCursor c, int message) {
        c.enter('[');
        while (c.more(']')) {
            if (c.peek() != '{') {
                regular = false;
                JsonCursor.Span s = c.value();
                int p = newPart(PartKind.OTHER, message, s.start());
                parts.set(p, END, s.end());
                continue;
            }
            int p = newPart(PartKind.BLOCK, message, c.position());
            c.enter('{');
            while (c.more('}')) {
                JsonCursor.Span key = c.key();
                c.colon();
                JsonCursor.Span v = c.value();
                int field = c.is(key, "type") ? TYPE : c.is(key, "text") ? TEXT : c.is(key, "id") || c.is(key, "tool_use_id") ? ID
                        : c.is(key, "name") ? NAME : c.is(key, "input") ? INPUT : c.is(key, "signature") ? SIGNATURE
                        : c.is(key, "is_error") ? ERROR : -1;
                if (field < 0) {
                    if (spelledWithEscapes(c, key, BLOCK_FIELDS)) regular = false;
                    continue;
                }
                parts.set(p, field, v.start());
                parts.set(p, field + 1, v.end());
            }
            parts.set(p, END, c.position());
        }
    }

    private static final String[] BLOCK_FIELDS = {"type", "text", "id", "tool_use_id", "name", "input", "signature", "is_error"};

    /** Whether {@code key} is one of {@code names} written with escapes, which the raw comparison would miss. */
    private boolean spelledWithEscapes(JsonCursor c, JsonCursor.Span key, String... names) {
        if (!escaped(key)) return false;
        String name = c.decode(key);
        for (String n : names) if (n.equals(name)) return true;
        return false;
    }

    private boolean escaped(JsonCursor.Span key) {
        for (int k = key.start(); k < key.end(); k++) if (b[k] == '\\') return true;
        return false;
    }

    private int newPart(PartKind kind, int message, int start) {
        int p = parts.size();
        parts.add(kind.ordinal(), message, start, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
        return p;
    }

    /** A span of the bytes replaced by {@code length} new bytes. */
    public record Splice(int start, int end, int length) {}

    /**
     * The outline of {@code to}: these bytes with {@code splices} (in increasing order, not overlapping) applied, each
     * replacing string contents or whole values (as rewritten tool results do), so the structure stays. Null when a
     * place the outline records falls strictly inside a replaced span: the new bytes then need an outline of their own.
     */
    public Outline spliced(byte[] to, List<Splice> splices) {
        if (splices.isEmpty()) return to == b ? this : null;
        int n = splices.size();
        int[] starts = new int[n], ends = new int[n], shifts = new int[n]; // shifts[k]: total change up to splice k
        int shift = 0;
        for (int k = 0; k < n; k++) {
            Splice s = splices.get(k);
            if (k > 0 && s.start() < ends[k - 1]) throw new IllegalArgumentException("splices out of order");
            starts[k] = s.start();
            ends[k] = s.end();
            shift += s.length() - (s.end() - s.start());
            shifts[k] = shift;
        }
        if (to.length != b.length + shift) throw new IllegalArgumentException("the bytes are not these bytes spliced");
        var o = new Outline(to);
        o.regular = regular;
        try {
            for (Member m : members) o.members.add(new Member(m.name(), moved(m.value(), starts, ends, shifts)));
            o.rootEnd = move(rootEnd, starts, ends, shifts);
            o.messages.copy(messages, 0, starts, ends, shifts);
            o.parts.copy(parts, START, starts, ends, shifts);
        } catch (Inside e) {
            return null;
        }
        return o;
    }

    /** An offset inside a replaced span: the outline cannot follow it. */
    private static final class Inside extends RuntimeException {
        static final Inside INSTANCE = new Inside();

        private Inside() {
            super(null, null, false, false);
        }
    }

    private static JsonCursor.Span moved(JsonCursor.Span s, int[] starts, int[] ends, int[] shifts) {
        return new JsonCursor.Span(move(s.start(), starts, ends, shifts), move(s.end(), starts, ends, shifts));
    }

    /**
     * Where an offset is after the splices; -1 stays -1. An offset at a splice's start (a span ending there, or one
     * the splice replaces from its first byte) stays; one at or after a splice's end moves with it.
     */
    private static int move(int at, int[] starts, int[] ends, int[] shifts) {
        if (at < 0) return at;
        int k = lastEndingBy(at, ends);
        if (k + 1 < starts.length && starts[k + 1] < at) throw Inside.INSTANCE; // strictly inside splice k + 1
        return k < 0 ? at : at + shifts[k];
    }

    /** The last splice whose end is at or before {@code at}, or -1. */
    private static int lastEndingBy(int at, int[] ends) {
        int lo = 0, hi = ends.length - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] <= at) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    public byte[] bytes() {
        return b;
    }

    /**
     * False when the body has shapes no client sends (messages or blocks that are not objects, the fields read here
     * spelled with escapes): the messages and blocks may then not be what a parser would read.
     */
    public boolean regular() {
        return regular;
    }

    public List<Member> members() {
        return members;
    }

    /** The last top-level member called {@code name}, or null. */
    public Member member(String name) {
        for (int k = members.size() - 1; k >= 0; k--) if (members.get(k).name().equals(name)) return members.get(k);
        return null;
    }

    /** The offset of the top-level object's closing brace. */
    public int rootEnd() {
        return rootEnd;
    }

    public int messageCount() {
        return messages.size();
    }

    public JsonCursor.Span message(int m) {
        return new JsonCursor.Span(messages.get(m, 0), messages.get(m, 1));
    }

    /** The message's role (its last string {@code role}), or "" when it has none. */
    public String role(int m) {
        int at = messages.get(m, 2);
        return at < 0 ? "" : new JsonCursor(b, at, b.length).text();
    }

    /** Whether the message's raw role is exactly {@code role} (no decoding: for the common case). */
    public boolean roleIs(int m, String role) {
        int at = messages.get(m, 2);
        if (at < 0) return role.isEmpty();
        var c = new JsonCursor(b, at, b.length);
        JsonCursor.Span s = c.string();
        return escaped(s) ? c.decode(s).equals(role) : c.is(s, role);
    }

    public int partCount() {
        return parts.size();
    }

    public PartKind kind(int p) {
        return PartKind.values()[parts.get(p, KIND)];
    }

    /** The message a part belongs to. */
    public int messageOf(int p) {
        return parts.get(p, MESSAGE);
    }

    public JsonCursor.Span part(int p) {
        return new JsonCursor.Span(parts.get(p, START), parts.get(p, END));
    }

    public JsonCursor.Span type(int p) {
        return span(p, TYPE);
    }

    /** The text of a block, or the string content itself. */
    public JsonCursor.Span text(int p) {
        return span(p, TEXT);
    }

    /** {@code id} or {@code tool_use_id}, whichever came last. */
    public JsonCursor.Span id(int p) {
        return span(p, ID);
    }

    public JsonCursor.Span name(int p) {
        return span(p, NAME);
    }

    public JsonCursor.Span input(int p) {
        return span(p, INPUT);
    }

    public JsonCursor.Span signature(int p) {
        return span(p, SIGNATURE);
    }

    /** Whether the block's {@code is_error} is the literal {@code true}. */
    public boolean isError(int p) {
        int at = parts.get(p, ERROR);
        return at >= 0 && b[at] == 't';
    }

    /** A field's span, or null when the block has no such field. */
    private JsonCursor.Span span(int p, int field) {
        int start = parts.get(p, field);
        return start < 0 ? null : new JsonCursor.Span(start, parts.get(p, field + 1));
    }

    /** Whether the span is a string literal. */
    public boolean isString(JsonCursor.Span s) {
        return s != null && b[s.start()] == '"';
    }

    /** The decoded string literal, or {@code otherwise} when the span is absent or not a string. */
    public String string(JsonCursor.Span s, String otherwise) {
        return isString(s) ? new JsonCursor(b).decode(s) : otherwise;
    }

    /** Whether the span is the string literal {@code word} (decoded, so escapes compare as what they mean). */
    public boolean stringIs(JsonCursor.Span s, String word) {
        if (!isString(s)) return false;
        if (escaped(s)) return new JsonCursor(b).decode(s).equals(word);
        if (s.length() - 2 != word.length()) return false;
        for (int k = 0; k < word.length(); k++) {
            if (b[s.start() + 1 + k] != word.charAt(k)) return false;
        }
        return true;
    }

    /** Rows of {@code width} ints in one growing array. */
    private static final class Ints {
        private final int width;
        private int[] a;
        private int rows;

        Ints(int width) {
            this.width = width;
            this.a = new int[width * 16];
        }

        void add(int... row) {
            if ((rows + 1) * width > a.length) a = Arrays.copyOf(a, a.length * 2);
            System.arraycopy(row, 0, a, rows * width, width);
            rows++;
        }

        int get(int row, int field) {
            return a[row * width + field];
        }

        void set(int row, int field, int value) {
            a[row * width + field] = value;
        }

        int size() {
            return rows;
        }

        /** Takes {@code from}'s first {@code n} rows as they are. */
        void take(Ints from, int n) {
            a = from.a.clone();
            rows = n;
        }

        /** Takes {@code from}'s rows, with every field from {@code first} on (offsets; -1 for none) moved by the splices. */
        void copy(Ints from, int first, int[] starts, int[] ends, int[] shifts) {
            a = Arrays.copyOf(from.a, from.a.length);
            rows = from.rows;
            for (int r = 0; r < rows; r++) {
                for (int f = first; f < width; f++) a[r * width + f] = move(a[r * width + f], starts, ends, shifts);
            }
        }
    }
}
