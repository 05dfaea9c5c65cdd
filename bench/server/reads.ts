/**
 * Reads at a million 5G stations (the mock's LAYER_SCALE=100): features by bbox and vector
 * tiles, p50/p95 per request, one request at a time, through the API server on the embedded
 * database (PGlite) and on PostgreSQL, and through the in-memory mock as the baseline, all
 * with the same requests in the same run. Each backend runs as its own process. The seeded
 * databases are kept in bench/results/ (PGlite) and ioc_bench_x<scale> (PostgreSQL) and
 * reused while they hold the whole city (`--fresh` seeds again).
 */
import { existsSync, rmSync } from 'node:fs';
import { expectedCount } from '../../mock-server/layers';
import { rngFor } from '@ioc/domain/prng';
import { defaultRegions } from '../../mock-server/regions';
import { percentile, round } from '../lib';
import { ensureDatabase, type Proc, runCommand, startMock, startServer } from './procs';

/** A box of about 1 × 1.1 km: a street's view at zoom 15, ~2,700 stations at this scale. */
const BOX_DEG = 0.01;
const TILE_ZOOMS = [12, 13, 14];
const TOKEN = 'district-demo';
/** The desk's map: every tile of this view is one "viewport fill". */
const VIEW = { width: 1920, height: 1080 };
/** deck.gl's MVTLayer draws 512-pixel tiles and asks for at most six at a time (a browser's limit per host). */
const TILE_PX = 512;
const IN_FLIGHT = 6;
/** Views per zoom. */
const VIEWS = 8;

export interface ReadOptions {
  layerScale: number;
  requests: number;
  adminUrl: string;
  fresh: boolean;
}

interface Workload {
  boxes: string[];
  tiles: string[];
}

export function workload(n: number): Workload {
  const regions = defaultRegions();
  const rng = rngFor(20261122, 'bench', 'reads');
  const point = () => {
    const street = regions.streets[Math.floor(rng() * regions.streets.length)];
    return street?.polygon.randomPoint(rng) ?? regions.district.center;
  };
  const boxes = Array.from({ length: n }, () => {
    const [x, y] = point() as [number, number];
    const h = BOX_DEG / 2;
    return [x - h, y - h, x + h, y + h].map((v) => v.toFixed(5)).join(',');
  });
  const tiles = Array.from({ length: n }, (_, i) => {
    const [lng, lat] = point() as [number, number];
    const z = TILE_ZOOMS[i % TILE_ZOOMS.length] as number;
    const s = Math.sin((lat * Math.PI) / 180);
    const x = Math.floor(((lng + 180) / 360) * 2 ** z);
    const y = Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 2 ** z);
    return `${z}/${x}/${y}`;
  });
  return { boxes, tiles };
}

const mercator = (lng: number, lat: number, z: number): [number, number] => {
  const s = Math.sin((lat * Math.PI) / 180);
  const world = TILE_PX * 2 ** z;
  return [((lng + 180) / 360) * world, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * world];
};

/** Every tile (z/x/y) a VIEW-sized map centred on `lng,lat` at zoom `z` shows. */
export function viewTiles(lng: number, lat: number, z: number): string[] {
  const [cx, cy] = mercator(lng, lat, z);
  const range = (c: number, half: number) => {
    const from = Math.floor((c - half) / TILE_PX);
    return Array.from({ length: Math.floor((c + half) / TILE_PX) - from + 1 }, (_, i) => from + i);
  };
  return range(cx, VIEW.width / 2).flatMap((x) => range(cy, VIEW.height / 2).map((y) => `${z}/${x}/${y}`));
}

/** The centres of the views: the same random places in the streets as the other reads. */
function viewCentres(): [number, number][] {
  const regions = defaultRegions();
  const rng = rngFor(20261206, 'bench', 'views');
  return Array.from({ length: VIEWS }, () => {
    const street = regions.streets[Math.floor(rng() * regions.streets.length)];
    return (street?.polygon.randomPoint(rng) ?? regions.district.center) as [number, number];
  });
}

/**
 * Viewport fill: from asking for the first tile of a view to the last tile's arrival, six in
 * flight as a browser has them; the server's side of a map filling its screen (drawing is
 * the browser's, measured by the scale case).
 */
async function viewportFill(base: string) {
  const out: Record<string, unknown> = {};
  for (const z of TILE_ZOOMS) {
    const fills: number[] = [];
    let tiles = 0;
    for (const [lng, lat] of viewCentres()) {
      const queue = viewTiles(lng, lat, z);
      tiles += queue.length;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          for (let t = queue.shift(); t; t = queue.shift()) await timed(`${base}/tiles/${t}.mvt`);
        }),
      );
      fills.push(performance.now() - t0);
    }
    out[`z${z}`] = {
      tilesPerView: round(tiles / VIEWS, 1),
      p50Ms: round(percentile(fills, 50), 0),
      maxMs: round(Math.max(...fills), 0),
    };
  }
  return out;
}

export async function timed(url: string): Promise<{ ms: number; body: ArrayBuffer }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  const body = await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
  return { ms, body };
}

export const stationsUrl = (api: string) => `${api}/layers/5g-stations`;

async function measure(p: Proc, w: Workload) {
  const base = stationsUrl(p.api);
  const coldTile = await timed(`${base}/tiles/${w.tiles[0]}.mvt`);
  const coldBox = await timed(`${base}/features?bbox=${w.boxes[0]}`);
  for (let i = 0; i < 10; i++) {
    await timed(`${base}/features?bbox=${w.boxes[i % w.boxes.length]}`);
    await timed(`${base}/tiles/${w.tiles[i % w.tiles.length]}.mvt`);
  }
  const boxMs: number[] = [];
  let features = 0;
  for (const b of w.boxes) {
    const { ms, body } = await timed(`${base}/features?bbox=${b}`);
    boxMs.push(ms);
    features += (JSON.parse(new TextDecoder().decode(body)) as { features: unknown[] }).features.length;
  }
  const tileMs: number[] = [];
  let tileBytes = 0;
  for (const t of w.tiles) {
    const { ms, body } = await timed(`${base}/tiles/${t}.mvt`);
    tileMs.push(ms);
    tileBytes += body.byteLength;
  }
  const fill = await viewportFill(base);
  return {
    viewportFill: fill,
    bbox: {
      p50Ms: round(percentile(boxMs, 50), 1),
      p95Ms: round(percentile(boxMs, 95), 1),
      firstMs: round(coldBox.ms, 0),
      meanFeatures: Math.round(features / w.boxes.length),
    },
    tiles: {
      p50Ms: round(percentile(tileMs, 50), 1),
      p95Ms: round(percentile(tileMs, 95), 1),
      firstMs: round(coldTile.ms, 0),
      meanKb: round(tileBytes / w.tiles.length / 1024, 1),
    },
    rssMb: p.rssMb(),
  };
}

/** The 5G layer's count as the server answers it (null when it cannot answer). */
async function stations(p: Proc): Promise<number | null> {
  const res = await fetch(`${p.api}/layers`, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (!res.ok) return null;
  const catalog = (await res.json()) as { id: string; count: number }[];
  return catalog.find((l) => l.id === '5g-stations')?.count ?? null;
}

/** A server on a database holding the whole city at the scale: seeded first when it does not. */
export async function seededServer(
  db: { databaseUrl?: string; dataDir?: string },
  layerScale: number,
  reset: () => Promise<void>,
  fresh: boolean,
): Promise<{ proc: Proc; seedSeconds: number | null }> {
  const want = expectedCount('5g-stations', layerScale);
  if (!fresh) {
    const proc = await startServer(db).catch(() => null);
    if (proc && (await stations(proc)) === want) return { proc, seedSeconds: null };
    await proc?.stop();
  }
  await reset();
  const started = performance.now();
  await runCommand('server/cli/seed.ts', [], {
    DATABASE_URL: db.databaseUrl ?? '',
    DATA_DIR: db.dataDir ?? '',
    LAYER_SCALE: String(layerScale),
  });
  const seedSeconds = round((performance.now() - started) / 1000, 0);
  const proc = await startServer(db);
  const have = await stations(proc);
  if (have !== want) throw new Error(`seeded ${have} stations, expected ${want}`);
  return { proc, seedSeconds };
}

export async function reads(o: ReadOptions) {
  const w = workload(o.requests);
  const stationsCount = expectedCount('5g-stations', o.layerScale);
  const out: Record<string, unknown> = {
    layerScale: o.layerScale,
    stations: stationsCount,
    requestsEach: o.requests,
    bboxDeg: BOX_DEG,
    tileZooms: TILE_ZOOMS,
  };

  console.error(`[bench] mock at layerScale ${o.layerScale}…`);
  const mock = await startMock(o.layerScale);
  try {
    out.mock = await measure(mock, w);
  } finally {
    await mock.stop();
  }

  const dataDir = `bench/results/pglite-x${o.layerScale}`;
  console.error(`[bench] embedded (PGlite) in ${dataDir}…`);
  const embedded = await seededServer(
    { dataDir },
    o.layerScale,
    async () => {
      if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
    },
    o.fresh,
  );
  try {
    out.embedded = { ...(await measure(embedded.proc, w)), seedSeconds: embedded.seedSeconds };
  } finally {
    await embedded.proc.stop();
  }

  const name = `ioc_bench_x${o.layerScale}`;
  console.error(`[bench] PostgreSQL database ${name}…`);
  const databaseUrl = await ensureDatabase(o.adminUrl, name, false);
  const postgres = await seededServer(
    { databaseUrl },
    o.layerScale,
    async () => {
      await ensureDatabase(o.adminUrl, name, true);
    },
    o.fresh,
  );
  try {
    out.postgres = { ...(await measure(postgres.proc, w)), seedSeconds: postgres.seedSeconds };
  } finally {
    await postgres.proc.stop();
  }

  const m = out.mock as Awaited<ReturnType<typeof measure>>;
  for (const key of ['embedded', 'postgres'] as const) {
    const r = out[key] as Awaited<ReturnType<typeof measure>>;
    (out[key] as Record<string, unknown>).ratioToMock = {
      bboxP95: round(r.bbox.p95Ms / m.bbox.p95Ms),
      tilesP95: round(r.tiles.p95Ms / m.tiles.p95Ms),
    };
  }
  const pgr = out.postgres as Awaited<ReturnType<typeof measure>>;
  const slowestFill = (r: Awaited<ReturnType<typeof measure>>) =>
    Math.max(...Object.values(r.viewportFill).map((z) => (z as { maxMs: number }).maxMs));
  out.met = {
    tileP95Under50ms: pgr.tiles.p95Ms < 50,
    bboxP95Under150ms: pgr.bbox.p95Ms < 150,
    viewportFillUnder500ms: {
      postgres: slowestFill(pgr) < 500,
      embedded: slowestFill(out.embedded as Awaited<ReturnType<typeof measure>>) < 500,
    },
  };
  return out;
}
