package io.aismush.memory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stored memory.
 *
 * @param id           its id
 * @param project      the normalised project directory, or {@link Scope#GLOBAL}
 * @param kind         what it is about
 * @param text         the memory
 * @param importance   0 to 1
 * @param createdAt    when it was first remembered
 * @param updatedAt    when it was last seen again (a near-identical memory updates it)
 * @param accessedAt   when it was last injected into a session, or null
 * @param accessCount  how many sessions it was injected into
 */
public record Memory(long id, String project, Kind kind, String text, double importance, Instant createdAt, Instant updatedAt,
                     Instant accessedAt, long accessCount) {

    /** When it was last useful: seen again or injected. */
    public Instant lastUsed() {
        return accessedAt != null && accessedAt.isAfter(updatedAt) ? accessedAt : updatedAt;
    }

    public Map<String, Object> toMap() {
        var out = new LinkedHashMap<String, Object>();
        out.put("id", id);
        out.put("project", Scope.GLOBAL.equals(project) ? null : project);
        out.put("scope", Scope.GLOBAL.equals(project) ? "global" : "project");
        out.put("kind", kind.label());
        out.put("text", text);
        out.put("importance", Math.round(importance * 100) / 100.0);
        out.put("created_at", createdAt.toString());
        out.put("updated_at", updatedAt.toString());
        out.put("accessed_at", accessedAt == null ? null : accessedAt.toString());
        out.put("access_count", accessCount);
        return out;
    }
}
