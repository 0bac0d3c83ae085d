-- The store's first PostgreSQL schema: the tables of the SQLite store, same columns and keys.
-- An article's name is unique too: "one name, one text" holds under concurrent writers.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE articles (
    sha256 TEXT PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    language TEXT NOT NULL,
    pub_date TEXT,
    pub_precision TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);

CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    article_sha256 TEXT NOT NULL REFERENCES articles (sha256),
    source TEXT NOT NULL,
    month TEXT,
    event_type TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX incidents_article ON incidents (article_sha256);
CREATE INDEX incidents_month ON incidents (month);
CREATE INDEX incidents_source ON incidents (source);

CREATE TABLE corrections (
    incident_id TEXT PRIMARY KEY,
    place TEXT NOT NULL,
    corrected_at TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT '',
    why TEXT NOT NULL DEFAULT ''
);

CREATE TABLE coded_events (
    id TEXT PRIMARY KEY,
    origin TEXT NOT NULL,
    dataset TEXT NOT NULL,
    month TEXT,
    event_type TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX coded_events_month ON coded_events (month);
CREATE INDEX coded_events_dataset ON coded_events (dataset);

-- Bumped after every committed write: a dashboard compares it to know another process wrote.
CREATE SEQUENCE store_version;
