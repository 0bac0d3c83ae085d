-- Stored rows that cannot be read move out of facts into their own table: every facts row is
-- readable, so no query filters on it (as the SQLite store's schema 3).
CREATE TABLE fact_problems (
    id TEXT COLLATE "C" PRIMARY KEY,
    tbl TEXT NOT NULL,
    source TEXT COLLATE "C",
    reason TEXT NOT NULL
);
INSERT INTO fact_problems (id, tbl, source, reason)
    SELECT id, tbl, source, problem FROM facts WHERE readable = 0
    ON CONFLICT (id) DO NOTHING;
DELETE FROM facts WHERE readable = 0;
