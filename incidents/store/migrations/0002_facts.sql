-- The query tables (see incidents/store/sql.py): one denormalised row per incident or coded
-- event, its correction applied, kept by the store in step with the stored rows.
--
-- - Partitioned by month (RANGE on 'YYYY-MM'): one partition per month, made when a month's
--   first incident is written; undated and year-only incidents in the default partition.
--   A filter on months reads those partitions only; old months can be detached or archived.
-- - geom (PostGIS, EPSG:4326, from lat/lon) with a GiST index: the map's bounds.
-- - tsv (the folded words of the text fields, written by the store) with a GIN index: search.
-- - Text columns compare by code point (COLLATE "C"), as SQLite does: same order, same pages.
-- - No primary key (a partitioned table's key must hold the month): ids are unique because
--   incidents and coded_events are keyed on them and the store rewrites a fact under a lock.
CREATE TABLE facts (
    id TEXT COLLATE "C" NOT NULL,
    tbl TEXT NOT NULL,
    source TEXT COLLATE "C" NOT NULL,
    origin TEXT COLLATE "C" NOT NULL DEFAULT 'news',
    event_type TEXT COLLATE "C" NOT NULL DEFAULT '',
    date TEXT COLLATE "C",
    date_precision TEXT COLLATE "C" NOT NULL DEFAULT 'unknown',
    date_start TEXT COLLATE "C",
    date_end TEXT COLLATE "C",
    month TEXT COLLATE "C",
    killed INTEGER,
    injured INTEGER,
    casualties INTEGER NOT NULL DEFAULT 0,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    place TEXT COLLATE "C",
    place_mention TEXT COLLATE "C",
    geo_precision INTEGER,
    actor1 TEXT COLLATE "C",
    actor2 TEXT COLLATE "C",
    weapon TEXT COLLATE "C",
    quote TEXT COLLATE "C" NOT NULL DEFAULT '',
    corrected INTEGER NOT NULL DEFAULT 0,
    bucket TEXT COLLATE "C",
    event_group TEXT COLLATE "C",
    readable INTEGER NOT NULL DEFAULT 1,
    problem TEXT,
    geom geometry(Point, 4326) GENERATED ALWAYS AS (
        CASE WHEN lat IS NOT NULL AND lon IS NOT NULL
        THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326) END
    ) STORED,
    tsv tsvector NOT NULL DEFAULT ''::tsvector
) PARTITION BY RANGE (month);
CREATE TABLE facts_default PARTITION OF facts DEFAULT;

CREATE INDEX facts_id ON facts (id);
CREATE INDEX facts_date ON facts (date_start, date_end);
-- The table's default order (date, NULLs first as SQLite sorts them, then source and id).
CREATE INDEX facts_order ON facts (date_start NULLS FIRST, source, id);
CREATE INDEX facts_type ON facts (event_type);
CREATE INDEX facts_origin ON facts (origin);
CREATE INDEX facts_actor1 ON facts (actor1);
CREATE INDEX facts_actor2 ON facts (actor2);
-- The map's order when capped: the deadliest first, then id.
CREATE INDEX facts_toll ON facts (casualties, id);
CREATE INDEX facts_bucket ON facts (bucket);
CREATE INDEX facts_group ON facts (event_group);
CREATE INDEX facts_source ON facts (source);
CREATE INDEX facts_geom ON facts USING gist (geom);
CREATE INDEX facts_tsv ON facts USING gin (tsv);

-- Ids whose facts row is out of date: noted by triggers (whoever writes the tables), brought
-- up to date by the store in the writing transaction or before the next query.
CREATE TABLE facts_stale (id TEXT PRIMARY KEY);

-- The trigger's argument names the id column (incidents.id, corrections.incident_id).
CREATE FUNCTION incident_map_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO facts_stale (id) VALUES (to_jsonb(OLD) ->> TG_ARGV[0])
            ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO facts_stale (id) VALUES (to_jsonb(NEW) ->> TG_ARGV[0])
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER incidents_stale AFTER INSERT OR UPDATE OR DELETE ON incidents
    FOR EACH ROW EXECUTE FUNCTION incident_map_mark_stale('id');
CREATE TRIGGER coded_events_stale AFTER INSERT OR UPDATE OR DELETE ON coded_events
    FOR EACH ROW EXECUTE FUNCTION incident_map_mark_stale('id');
CREATE TRIGGER corrections_stale AFTER INSERT OR UPDATE OR DELETE ON corrections
    FOR EACH ROW EXECUTE FUNCTION incident_map_mark_stale('incident_id');

-- A store upgraded from version 1: every stored row gets its facts at the next sync.
INSERT INTO facts_stale (id) SELECT id FROM incidents UNION SELECT id FROM coded_events;
