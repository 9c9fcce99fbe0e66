package io.aismush.wire;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/** The one shared JSON mapper. Thread-safe; configured once. */
public final class Json {
    private Json() {}

    /** Nesting deeper than this is refused: no legitimate request comes close, and deep nesting is an attack. */
    public static final int MAX_NESTING = 256;

    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING)
                            .maxStringLength(64 * 1024 * 1024)
                            .build())
                    .build())
            .build();
}
