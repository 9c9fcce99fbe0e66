package io.aismush.context;

import java.util.Set;

/**
 * What was trimmed from one conversation for one provider, remembered so the same trim is applied to every later
 * turn (whose prefix then stays byte-stable and keeps hitting the provider's cache) until the conversation crosses
 * the threshold again. Immutable.
 *
 * @param elided  ids of tool_use calls whose results were replaced by a short marker
 * @param anchor  the fingerprint of the first message kept after the dropped turns, or null when no turn was dropped
 * @param dropped how many messages were dropped before the anchor (for the note)
 */
record Cut(Set<String> elided, String anchor, int dropped) {
    static final Cut NONE = new Cut(Set.of(), null, 0);
}
