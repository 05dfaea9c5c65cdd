-- The 15-minute service circle is measured in WGS84, as the planner measures it on the
-- standard basemap (mock-server/kpis/coverage.ts): residents at the planner's sample grid
-- (re-drawn from the regions at start, server/kpis/samples.ts) and kiosks converted from
-- GCJ-02, the CRS this server's data is in (GET /meta), with gcoord's own arithmetic, so
-- both sides count the very same points.
CREATE FUNCTION ioc_gcj02_delta(lon float8, lat float8) RETURNS float8[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  a constant float8 := 6378245;
  ee constant float8 := 0.006693421622965823;
  x float8 := lon - 105;
  y float8 := lat - 35;
  dlon float8;
  dlat float8;
  radlat float8 := (lat / 180) * pi();
  magic float8;
  sqrtmagic float8;
BEGIN
  dlat := -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x));
  dlat := dlat + ((20 * sin(6 * x * pi()) + 20 * sin(2 * x * pi())) * 2) / 3;
  dlat := dlat + ((20 * sin(y * pi()) + 40 * sin((y / 3) * pi())) * 2) / 3;
  dlat := dlat + ((160 * sin((y / 12) * pi()) + 320 * sin((y * pi()) / 30)) * 2) / 3;
  dlon := 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x));
  dlon := dlon + ((20 * sin(6 * x * pi()) + 20 * sin(2 * x * pi())) * 2) / 3;
  dlon := dlon + ((20 * sin(x * pi()) + 40 * sin((x / 3) * pi())) * 2) / 3;
  dlon := dlon + ((150 * sin((x / 12) * pi()) + 300 * sin((x / 30) * pi())) * 2) / 3;
  magic := sin(radlat);
  magic := 1 - ee * magic * magic;
  sqrtmagic := sqrt(magic);
  dlon := (dlon * 180) / ((a / sqrtmagic) * cos(radlat) * pi());
  dlat := (dlat * 180) / (((a * (1 - ee)) / (magic * sqrtmagic)) * pi());
  RETURN ARRAY[dlon, dlat];
END $$;

-- GCJ-02 → WGS84 as gcoord does it: step back by the offset until it is under 1e-6°.
CREATE FUNCTION ioc_gcj02_to_wgs84(lon float8, lat float8) RETURNS float8[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  wlon float8 := lon;
  wlat float8 := lat;
  d float8[];
  dx float8;
  dy float8;
BEGIN
  IF NOT (lon >= 72.004 AND lon <= 137.8347 AND lat >= 0.8293 AND lat <= 55.8271) THEN
    RETURN ARRAY[lon, lat];
  END IF;
  d := ioc_gcj02_delta(wlon, wlat);
  dx := wlon + d[1] - lon;
  dy := wlat + d[2] - lat;
  WHILE abs(dx) > 1e-6 OR abs(dy) > 1e-6 LOOP
    wlon := wlon - dx;
    wlat := wlat - dy;
    d := ioc_gcj02_delta(wlon, wlat);
    dx := wlon + d[1] - lon;
    dy := wlat + d[2] - lat;
  END LOOP;
  RETURN ARRAY[wlon, wlat];
END $$;

-- The earlier samples (seeded random points, GCJ-02) no longer count; x, y are now WGS84.
DELETE FROM population_samples;
