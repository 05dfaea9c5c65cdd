-- Intake: other systems (the 12345 hotline, AI video, IoT, network monitoring) report events
-- through POST /events with an intake token.

-- A system's own id for what it reports: the same (source, externalId) is one event however
-- often it is sent. NULLs (the demo's and earlier events) never conflict.
ALTER TABLE events ADD COLUMN external_id text COLLATE "C";
ALTER TABLE events ADD CONSTRAINT events_external UNIQUE (source, external_id);

-- An intake token may only report events; its rate limit (events a second, and how many
-- may come at once) travels with it.
ALTER TABLE access_tokens DROP CONSTRAINT access_tokens_role_check;
ALTER TABLE access_tokens ADD CONSTRAINT access_tokens_role_check
  CHECK (role IN ('district', 'street', 'community', 'intake'));
ALTER TABLE access_tokens ADD COLUMN intake_rate double precision CHECK (intake_rate > 0);
ALTER TABLE access_tokens ADD COLUMN intake_burst double precision CHECK (intake_burst >= 1);
ALTER TABLE access_tokens ADD CONSTRAINT access_tokens_intake_limits
  CHECK ((role = 'intake') = (intake_rate IS NOT NULL AND intake_burst IS NOT NULL));

-- One token bucket per intake token, shared by every server instance on this database.
-- Not evidence: losing the last updates in a crash only refills a bucket a little early.
CREATE TABLE intake_buckets (
  token_id text COLLATE "C" PRIMARY KEY REFERENCES access_tokens (id) ON DELETE CASCADE,
  tokens double precision NOT NULL,
  at timestamptz NOT NULL
);

-- Takes n tokens from the bucket if it holds them: 0 when granted, else the seconds until it
-- will. One statement per request, under the bucket row's lock; its commit does not wait for
-- the disk (synchronous_commit off for this transaction only), so the lock is short: call it
-- on its own, never inside a transaction that writes events.
CREATE FUNCTION ioc_intake_take(p_token text, p_rate float8, p_burst float8, p_n float8) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
  have float8;
  t timestamptz;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  PERFORM 1 FROM intake_buckets WHERE token_id = p_token FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO intake_buckets (token_id, tokens, at) VALUES (p_token, p_burst, clock_timestamp())
      ON CONFLICT (token_id) DO NOTHING;
    PERFORM 1 FROM intake_buckets WHERE token_id = p_token FOR UPDATE;
  END IF;
  t := clock_timestamp();
  SELECT least(p_burst, tokens + p_rate * greatest(0, extract(epoch FROM t - at))) INTO have
    FROM intake_buckets WHERE token_id = p_token;
  IF have >= p_n THEN
    UPDATE intake_buckets SET tokens = have - p_n, at = t WHERE token_id = p_token;
    RETURN 0;
  END IF;
  RETURN (p_n - have) / p_rate;
END $$;

-- A demo database (one that holds the public demo tokens) gets the intake demo token too.
INSERT INTO access_tokens (id, name, token_sha256, role, region_id, demo, intake_rate, intake_burst)
SELECT 'demo-intake-demo', 'intake-demo', encode(sha256('intake-demo'::bytea), 'hex'), 'intake',
  (SELECT id FROM regions WHERE level = 'district'), true, 50, 500
WHERE EXISTS (SELECT 1 FROM access_tokens WHERE demo)
ON CONFLICT (name) DO NOTHING;

-- Layers imported from GIS files (npm run import): where each came from, and features that
-- lie outside every street (a city-wide file) are kept, at district scope only.
ALTER TABLE layers ADD COLUMN imported_from text;
ALTER TABLE features ALTER COLUMN street_id DROP NOT NULL;
