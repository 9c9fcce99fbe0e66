-- Persistent memory (issue 6). Portable types only, like V1; times are epoch milliseconds (UTC). The full-text index
-- differs by vendor (an FTS5 table in SQLite, a GIN expression index in PostgreSQL) and is created by
-- io.aismush.memory.FullText when the memory store first uses the database.

CREATE TABLE memories (
    id           BIGINT           NOT NULL PRIMARY KEY,
    project      VARCHAR(1000)    NOT NULL,           -- the normalised working directory, or '*' for global memories
    kind         VARCHAR(16)      NOT NULL,
    text         VARCHAR(2000)    NOT NULL,
    norm         VARCHAR(400)     NOT NULL,           -- the normalised text: near-identical memories share it
    importance   DOUBLE PRECISION NOT NULL,
    created_at   BIGINT           NOT NULL,
    updated_at   BIGINT           NOT NULL,
    accessed_at  BIGINT,
    access_count BIGINT           NOT NULL DEFAULT 0,
    seen_count   BIGINT           NOT NULL DEFAULT 1,
    session_id   VARCHAR(200)
);

CREATE UNIQUE INDEX memories_by_norm ON memories (project, norm);
CREATE INDEX memories_by_project ON memories (project, updated_at);

-- The memory block injected into each session, computed once; kept so a restarted proxy (or another instance
-- sharing a PostgreSQL database) injects the very same bytes and the session's prompt cache keeps hitting.
CREATE TABLE memory_sessions (
    session_id  VARCHAR(200)  NOT NULL PRIMARY KEY,
    project     VARCHAR(1000),
    block       TEXT          NOT NULL,
    created_at  BIGINT        NOT NULL
);
