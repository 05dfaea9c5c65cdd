-- The layer indicators' figures (every feature of a layer aggregated by street and
-- community), kept under the version of the layers they were counted from: at a million
-- stations they take seconds to count, and each start of each instance counted them again
-- before its first GET /kpis answered. A cache of rows, never evidence: a backup leaves it
-- out, and the first GET /kpis after a restore (or after a layer's rows change) fills it.
CREATE TABLE layer_figures (
  version text PRIMARY KEY,
  figures json NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now()
);
