-- How many features each layer holds in each street and community, kept as the rows change.
-- The catalog's counts (GET /layers) and the layer figures' version (GET /kpis) counted every
-- feature on every call: at a million stations 0.5–1.3 s on the embedded database, which
-- answers nothing else meanwhile. Statement-level triggers add up each statement's rows
-- (seed and import write in batches of 2,000), so a write pays for its own rows only.
-- Derived from `features`, never evidence: a backup leaves it out, and a restore's inserts
-- count themselves.
CREATE TABLE feature_counts (
  layer_id text COLLATE "C" NOT NULL,
  street_id text COLLATE "C",
  community_id text COLLATE "C",
  n bigint NOT NULL,
  UNIQUE NULLS NOT DISTINCT (layer_id, street_id, community_id)
);

INSERT INTO feature_counts (layer_id, street_id, community_id, n)
SELECT layer_id, street_id, community_id, count(*) FROM features GROUP BY 1, 2, 3;

-- One function for the three events: each names only its own transition tables, and
-- PL/pgSQL plans a statement when it first runs, so the others' names are never looked up.
-- Keys are written in their order, so two writers upsert the same rows in the same order.
CREATE FUNCTION feature_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO feature_counts AS c (layer_id, street_id, community_id, n)
    SELECT layer_id, street_id, community_id, count(*) FROM added GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (layer_id, street_id, community_id) DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO feature_counts AS c (layer_id, street_id, community_id, n)
    SELECT layer_id, street_id, community_id, -count(*) FROM removed GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (layer_id, street_id, community_id) DO UPDATE SET n = c.n + excluded.n;
  ELSE
    INSERT INTO feature_counts AS c (layer_id, street_id, community_id, n)
    SELECT layer_id, street_id, community_id, sum(k)
    FROM (SELECT layer_id, street_id, community_id, 1 AS k FROM added
          UNION ALL SELECT layer_id, street_id, community_id, -1 FROM removed) d
    GROUP BY 1, 2, 3 HAVING sum(k) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (layer_id, street_id, community_id) DO UPDATE SET n = c.n + excluded.n;
  END IF;
  -- Only a delete or a move can bring a count to zero: an insert's batches skip the sweep.
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM feature_counts WHERE n = 0;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER feature_counts_insert AFTER INSERT ON features
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION feature_counts_follow();
CREATE TRIGGER feature_counts_delete AFTER DELETE ON features
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION feature_counts_follow();
CREATE TRIGGER feature_counts_update AFTER UPDATE ON features
  REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION feature_counts_follow();

CREATE FUNCTION feature_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM feature_counts;
  RETURN NULL;
END $$;
CREATE TRIGGER feature_counts_truncate AFTER TRUNCATE ON features
  FOR EACH STATEMENT EXECUTE FUNCTION feature_counts_clear();
