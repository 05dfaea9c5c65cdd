-- Regions, the layer catalog, features and the KPI inputs the figures are computed from.
-- Coordinates are the API's CRS (GCJ-02 lng/lat degrees, as Chinese platforms store them);
-- SRID 4326 marks them as geographic degrees for PostGIS, which never reprojects them here.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE regions (
  id text COLLATE "C" PRIMARY KEY,
  level text NOT NULL CHECK (level IN ('district', 'street', 'community')),
  parent_id text COLLATE "C" REFERENCES regions (id),
  name text NOT NULL,
  name_en text,
  population integer NOT NULL CHECK (population >= 0),
  area_km2 double precision NOT NULL CHECK (area_km2 >= 0),
  center_lng double precision,
  center_lat double precision,
  -- Order in the source file, so GET /regions answers in a stable order.
  ord integer NOT NULL,
  geom geometry (Geometry, 4326) NOT NULL,
  CHECK ((level = 'district') = (parent_id IS NULL))
);
CREATE INDEX regions_parent ON regions (parent_id);
CREATE INDEX regions_geom ON regions USING gist (geom);

CREATE TABLE layers (
  id text COLLATE "C" PRIMARY KEY,
  title text NOT NULL,
  grp text NOT NULL,
  geometry_type text NOT NULL CHECK (geometry_type IN ('Point', 'LineString', 'Polygon')),
  -- The catalog's field list (keys, zh-CN labels, units, enum values) as the API sends it.
  fields json NOT NULL,
  ord integer NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Point layers are also served as vector tiles (GET /layers/{id}/tiles/...).
  tiles boolean NOT NULL DEFAULT false
);

CREATE TABLE features (
  layer_id text COLLATE "C" NOT NULL REFERENCES layers (id) ON DELETE CASCADE,
  -- Position in the layer (answers and tile thinning follow it).
  ord integer NOT NULL,
  id text COLLATE "C" NOT NULL,
  street_id text COLLATE "C" NOT NULL REFERENCES regions (id),
  -- The community whose boundary holds the anchor; null when none does.
  community_id text COLLATE "C" REFERENCES regions (id),
  geom geometry (Geometry, 4326) NOT NULL,
  -- The point a feature is filtered by (bbox, community): itself, or a polygon's label point.
  anchor geometry (Point, 4326) NOT NULL,
  x double precision NOT NULL,
  y double precision NOT NULL,
  -- json, not jsonb: the properties go out as written, in their order, without reformatting.
  props json NOT NULL,
  PRIMARY KEY (layer_id, ord),
  UNIQUE (layer_id, id)
);
CREATE INDEX features_geom ON features USING gist (geom);
CREATE INDEX features_anchor ON features USING gist (anchor);
CREATE INDEX features_street ON features (layer_id, street_id, ord);
CREATE INDEX features_community ON features (layer_id, community_id, ord);

-- Targets the build-out is measured against (5G stations per region).
CREATE TABLE kpi_targets (
  indicator text COLLATE "C" NOT NULL,
  region_id text COLLATE "C" NOT NULL REFERENCES regions (id),
  target double precision NOT NULL,
  PRIMARY KEY (indicator, region_id)
);

-- Figures reported by people, not derived from features (sub-center readiness per street).
CREATE TABLE kpi_inputs (
  indicator text COLLATE "C" NOT NULL,
  region_id text COLLATE "C" NOT NULL REFERENCES regions (id),
  value double precision NOT NULL,
  as_of timestamptz NOT NULL,
  PRIMARY KEY (indicator, region_id)
);

-- Where residents live: each community's population spread over sample points, each
-- carrying its share. Kiosk coverage is the share of these within walking distance.
CREATE TABLE population_samples (
  community_id text COLLATE "C" NOT NULL REFERENCES regions (id),
  n integer NOT NULL,
  street_id text COLLATE "C" NOT NULL REFERENCES regions (id),
  weight double precision NOT NULL CHECK (weight >= 0),
  geom geometry (Point, 4326) NOT NULL,
  x double precision NOT NULL,
  y double precision NOT NULL,
  PRIMARY KEY (community_id, n)
);
CREATE INDEX population_samples_geom ON population_samples USING gist (geom);

-- Great-circle distance in metres, the same formula and radius as the mock's haversineM,
-- so a 15-minute walk means the same on both sides.
CREATE FUNCTION ioc_haversine_m(x1 float8, y1 float8, x2 float8, y2 float8) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT 2 * 6371008.8 * asin(least(1, sqrt(
    power(sin(((y2 - y1) * (pi() / 180)) / 2), 2)
    + cos(y1 * (pi() / 180)) * cos(y2 * (pi() / 180)) * power(sin(((x2 - x1) * (pi() / 180)) / 2), 2))))
$$;
