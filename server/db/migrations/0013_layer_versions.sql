-- A layer's replaced versions (issue 22): an import that replaces a layer keeps the old one
-- here with the time it was valid, so GET /layers?asOf= and /features?asOf= can answer as
-- of a moment. The current version stays in `features`, where every current read (bbox,
-- tiles, KPIs) finds it as before: history costs those reads nothing.
CREATE TABLE layer_versions (
  layer_id text COLLATE "C" NOT NULL REFERENCES layers (id) ON DELETE CASCADE,
  -- valid_from is the replaced import's own time (its layers.updated_at), valid_to the time
  -- of the import that replaced it: [valid_from, valid_to), never empty.
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL,
  title text NOT NULL,
  geometry_type text NOT NULL,
  fields json NOT NULL,
  imported_from text,
  PRIMARY KEY (layer_id, valid_from),
  CHECK (valid_from < valid_to)
);

-- The features of a kept version, as they were in `features`.
CREATE TABLE layer_version_features (
  layer_id text COLLATE "C" NOT NULL,
  valid_from timestamptz NOT NULL,
  ord integer NOT NULL,
  id text COLLATE "C" NOT NULL,
  street_id text COLLATE "C" REFERENCES regions (id),
  community_id text COLLATE "C" REFERENCES regions (id),
  geom geometry (Geometry, 4326) NOT NULL,
  anchor geometry (Point, 4326) NOT NULL,
  x double precision NOT NULL,
  y double precision NOT NULL,
  props json NOT NULL,
  PRIMARY KEY (layer_id, valid_from, ord),
  FOREIGN KEY (layer_id, valid_from) REFERENCES layer_versions (layer_id, valid_from) ON DELETE CASCADE
);
-- A replayed bbox: the version's rows, then the box (few versions per layer, so no GiST).
CREATE INDEX layer_version_features_street ON layer_version_features (layer_id, valid_from, street_id, ord);
CREATE INDEX layer_version_features_community ON layer_version_features (layer_id, valid_from, community_id, ord);
