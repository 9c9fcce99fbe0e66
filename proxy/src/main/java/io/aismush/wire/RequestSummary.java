package io.aismush.wire;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;


/**
 * What the proxy needs to know of a Messages request without building a tree: the requested model, whether it
 * streams, and Claude Code's {@code metadata.user_id}. Producing it validates the whole body as JSON, so a
 * malformed body is refused before anything is sent upstream.
 */
public record RequestSummary(String model, boolean stream, String userId) {

    public static final RequestSummary NONE = new RequestSummary(null, false, null);

    /**
     * Validates {@code body} as one JSON object and reads its top-level {@code model}, {@code stream} and
     * {@code metadata.user_id}.
     *
     * @throws ApiError.Failure an {@code invalid_request_error} naming what is wrong and where
     */
    public static RequestSummary of(byte[] body) {
        return read(body).summary();
    }

    /** A validated body's summary and its outline: one pass for both when the fast check decides. */
    public record Read(RequestSummary summary, Outline outline) {}

    /** As {@link #of(byte[])}, keeping the outline the validation made so the stages need not make it again. */
    public static Read read(byte[] body) {
        return read(body, null);
    }

    /**
     * As {@link #read(byte[])}, for a body that may continue one of the {@code recent} requests: the messages they
     * share are not checked again (see {@link Outline#strict(byte[], Outline)}). The body's outline is remembered.
     */
    public static Read read(byte[] body, RecentOutlines recent) {
        // checks UTF-8 as it goes: a body it accepts needs no pass of its own
        Outline outline = recent == null ? Outline.strict(body) : Outline.strict(body, recent.of(body));
        if (outline != null && recent != null) recent.remember(outline);
        if (outline == null) {
            int bad = Utf8.firstInvalid(body);
            if (bad >= 0) throw new ApiError.Failure(ApiError.invalidRequest("request body is not valid UTF-8 (byte offset " + bad + ")"));
            outline = parse(body);
        }
        return new Read(of(outline), outline);
    }

    /** The summary of a valid body, from its outline. */
    public static RequestSummary of(Outline outline) {
        byte[] body = outline.bytes();
        String model = null;
        boolean stream = false;
        String userId = null;
        for (Outline.Member m : outline.members()) {
            JsonCursor.Span v = m.value();
            switch (m.name()) {
                case "model" -> model = outline.string(v, null);
                case "stream" -> stream = body[v.start()] == 't'; // the literal true, as the check found it
                case "metadata" -> userId = body[v.start()] == '{' ? userIdOf(new JsonCursor(body, v.start(), v.end())) : null;
                default -> { }
            }
        }
        return new RequestSummary(model, stream, userId);
    }

    private static String userIdOf(JsonCursor c) {
        String userId = null;
        c.enter('{');
        while (c.more('}')) {
            String field = c.text();
            c.colon();
            if (field.equals("user_id") && c.peek() == '"') userId = c.text();
            else c.value();
        }
        return userId;
    }

    /**
     * Validates with the parser, which has the last word and says precisely what is wrong and where; a body it accepts
     * is then outlined like any other.
     */
    private static Outline parse(byte[] body) {
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw invalid("request body must be a JSON object");
            p.skipChildren();
            if (p.nextToken() != null) throw invalid("unexpected content after the JSON object");
        } catch (JacksonException e) {
            throw invalid("request body is not valid JSON: " + e.getOriginalMessage() + location(e));
        }
        return Outline.of(body);
    }

    private static String location(JacksonException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    private static ApiError.Failure invalid(String message) {
        return new ApiError.Failure(ApiError.invalidRequest(message));
    }
}
