-- One schema for SQLite and PostgreSQL: portable types only. Times are epoch milliseconds (UTC); `day` is the UTC
-- date (yyyy-mm-dd) for daily sums. Money is USD as double precision. No request or response bodies, no keys, no
-- auth headers: ever.

CREATE TABLE requests (
    id                       VARCHAR(64)      NOT NULL PRIMARY KEY,
    started_at               BIGINT           NOT NULL,
    day                      CHAR(10)         NOT NULL,
    session_id               VARCHAR(200),
    project                  VARCHAR(1000),
    client                   VARCHAR(200),
    endpoint                 VARCHAR(200)     NOT NULL,
    provider                 VARCHAR(100),
    model_requested          VARCHAR(200),
    model_served             VARCHAR(200),
    route_reason             VARCHAR(500),
    fallback_from            VARCHAR(100),
    stream                   BOOLEAN          NOT NULL,
    status                   INTEGER          NOT NULL,
    outcome                  VARCHAR(32)      NOT NULL,
    error_type               VARCHAR(100),
    stop_reason              VARCHAR(64),
    input_tokens             BIGINT           NOT NULL DEFAULT 0,
    output_tokens            BIGINT           NOT NULL DEFAULT 0,
    cache_read_tokens        BIGINT           NOT NULL DEFAULT 0,
    cache_write_5m_tokens    BIGINT           NOT NULL DEFAULT 0,
    cache_write_1h_tokens    BIGINT           NOT NULL DEFAULT 0,
    ttfb_ms                  DOUBLE PRECISION NOT NULL DEFAULT -1,
    total_ms                 DOUBLE PRECISION NOT NULL DEFAULT 0,
    cost_usd                 DOUBLE PRECISION NOT NULL DEFAULT 0,
    baseline_usd             DOUBLE PRECISION NOT NULL DEFAULT 0,
    routing_savings_usd      DOUBLE PRECISION NOT NULL DEFAULT 0,
    compression_tokens_saved BIGINT           NOT NULL DEFAULT 0,
    compression_savings_usd  DOUBLE PRECISION NOT NULL DEFAULT 0,
    priced                   BOOLEAN          NOT NULL DEFAULT TRUE
);

CREATE INDEX requests_by_time ON requests (started_at, id);
CREATE INDEX requests_by_session ON requests (session_id, started_at);
CREATE INDEX requests_by_day ON requests (day);

-- Running totals per Claude Code session, upserted with each batch of requests.
CREATE TABLE sessions (
    id                       VARCHAR(200)     NOT NULL PRIMARY KEY,
    project                  VARCHAR(1000),
    first_seen               BIGINT           NOT NULL,
    last_seen                BIGINT           NOT NULL,
    requests                 BIGINT           NOT NULL DEFAULT 0,
    errors                   BIGINT           NOT NULL DEFAULT 0,
    input_tokens             BIGINT           NOT NULL DEFAULT 0,
    output_tokens            BIGINT           NOT NULL DEFAULT 0,
    cache_read_tokens        BIGINT           NOT NULL DEFAULT 0,
    cache_write_5m_tokens    BIGINT           NOT NULL DEFAULT 0,
    cache_write_1h_tokens    BIGINT           NOT NULL DEFAULT 0,
    cost_usd                 DOUBLE PRECISION NOT NULL DEFAULT 0,
    baseline_usd             DOUBLE PRECISION NOT NULL DEFAULT 0,
    routing_savings_usd      DOUBLE PRECISION NOT NULL DEFAULT 0,
    compression_tokens_saved BIGINT           NOT NULL DEFAULT 0,
    compression_savings_usd  DOUBLE PRECISION NOT NULL DEFAULT 0
);

CREATE INDEX sessions_by_last_seen ON sessions (last_seen);
