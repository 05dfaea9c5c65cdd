/**
 * Runtime configuration, read from `config.json` next to index.html at start-up so one
 * build can be re-pointed at another API or basemap without rebuilding.
 */
import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../i18n/dates';
import { Crs } from '@ioc/contract/contract';

const StyleBasemap = z.object({
  type: z.literal('style'),
  /** MapLibre style URLs per theme; relative URLs resolve against config.json. */
  url: z.string().min(1),
  lightUrl: z.string().min(1).optional(),
  crs: Crs.default('WGS84'),
});
const RasterBasemap = z.object({
  type: z.literal('raster'),
  /** XYZ template(s), e.g. http://tiles.intranet/{z}/{x}/{y}.png */
  tiles: z.array(z.string().min(1)).min(1),
  tileSize: z.number().int().positive().default(256),
  maxzoom: z.number().int().min(0).max(24).default(18),
  attribution: z.string().default(''),
  crs: Crs.default('WGS84'),
});
const PmtilesBasemap = z.object({
  type: z.literal('pmtiles'),
  /** A raster PMTiles archive on an intranet host (vector archives: use a style that names pmtiles:// sources). */
  url: z.string().min(1),
  attribution: z.string().default(''),
  crs: Crs.default('WGS84'),
});
export const BasemapConfig = z.discriminatedUnion('type', [StyleBasemap, RasterBasemap, PmtilesBasemap]);
export type BasemapConfig = z.infer<typeof BasemapConfig>;

export const Mode = z.enum(['wall', 'operator', 'planner']);
export type Mode = z.infer<typeof Mode>;
export const Locale = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof Locale>;
export const Theme = z.enum(['dark', 'light']);
export type Theme = z.infer<typeof Theme>;

/** A text in both of the app's languages (scene titles). */
const LocalText = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) });

/** One scene of the wall's tour: where the camera goes, which layers are on, the scope. */
export const WallScene = z.object({
  id: z.string().regex(/^[\w-]{1,64}$/),
  title: LocalText,
  /** Omitted: the map frames the scene's scope. */
  camera: z
    .object({
      center: z.tuple([z.number(), z.number()]),
      zoom: z.number().min(0).max(24),
      bearing: z.number().default(0),
      pitch: z.number().min(0).max(85).default(0),
    })
    .optional(),
  /** Layer ids on in this scene, bottom to top; omitted: leave the layers as they are. */
  layers: z.array(z.string().regex(/^[\w-]{1,64}$/)).optional(),
  /** A street or community id; null: the whole district. */
  scope: z.string().nullable().default(null),
  /** How long the tour stays on this scene. */
  dwellMs: z.number().int().min(1000).default(45_000),
});
export type WallScene = z.infer<typeof WallScene>;

export const DEFAULT_SCENES: WallScene[] = [
  {
    id: 'district',
    title: { 'zh-CN': '全区态势总览', en: 'District overview' },
    camera: { center: [114.22, 22.68], zoom: 11.1, bearing: 0, pitch: 0 },
    layers: ['admin-boundaries', 'live-events'],
    scope: null,
    dwellMs: 45_000,
  },
  {
    id: '5g',
    title: { 'zh-CN': '5G 基站建设', en: '5G base stations' },
    camera: { center: [114.2, 22.68], zoom: 11.2, bearing: 0, pitch: 0 },
    layers: ['admin-boundaries', '5g-stations', 'live-events'],
    scope: null,
    dwellMs: 45_000,
  },
  {
    id: 'services',
    title: { 'zh-CN': '民生服务设施', en: 'Public services' },
    camera: { center: [114.18, 22.66], zoom: 11.4, bearing: 0, pitch: 0 },
    layers: ['admin-boundaries', 'medical', 'kiosks', 'live-events'],
    scope: null,
    dwellMs: 45_000,
  },
  {
    id: 'safety',
    title: { 'zh-CN': '校园安全监控', en: 'Kindergarten safety' },
    camera: { center: [114.18, 22.67], zoom: 11.3, bearing: 0, pitch: 0 },
    layers: ['admin-boundaries', 'kindergarten-cameras', 'live-events'],
    scope: null,
    dwellMs: 45_000,
  },
];

export const WallConfig = z.object({
  /** The wall's fixed design canvas, in CSS pixels; scaled to the real screen, letterboxed. */
  designSize: z
    .object({ width: z.number().int().min(640).max(15_360), height: z.number().int().min(360).max(8640) })
    .default({ width: 3840, height: 1080 }),
  scenes: z.array(WallScene).min(1).default(DEFAULT_SCENES),
  tourEnabled: z.boolean().default(true),
  /**
   * When an address without `mode=` opens as the wall's design canvas: `auto` on a screen at
   * least as large as the design size (a desk monitor gets the readable desk layout), `always`
   * for a wall PC whose screen reports less, `never` to open the desk layout everywhere.
   */
  canvas: z.enum(['auto', 'always', 'never']).default('auto'),
  /**
   * How often the wall's watchdog checks that every chart and the map draw, the stream is
   * live and the data fresh, and repairs what it can in place (modes/wall/watchdog.ts).
   */
  watchdogMs: z.number().int().min(1000).default(60_000),
  /**
   * A last resort: reload the page every day at this time of the district's clock (a quiet
   * hour, "04:00"), back to the same mode, scene and view. null (default): never.
   */
  dailyReload: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day, "HH:MM"')
    .nullable()
    .default(null),
});
export type WallConfig = z.infer<typeof WallConfig>;

export const EmergencyConfig = z.object({
  /** Radii (m) of the control rings around an incident: 封控 (sealed), 管控 (controlled), 防范 (watch). */
  ringsM: z
    .tuple([z.number().positive(), z.number().positive(), z.number().positive()])
    .refine(([a, b, c]) => a < b && b < c, 'ring radii must increase')
    .default([500, 1000, 2000]),
});
export type EmergencyConfig = z.infer<typeof EmergencyConfig>;

export const AppConfig = z.object({
  /** Base URL of the IOC API, absolute or relative to the page, e.g. "/api/v1" or "http://ioc.intranet/api/v1". */
  apiBaseUrl: z.string().min(1),
  /** Bearer token sent with every request; a street operator's token binds it to one street. */
  apiToken: z.string().min(1).nullable().default(null),
  /**
   * The street a console's token binds it to: the API enforces it, the UI scopes to it
   * and sends it as `region=`. Null: none, or implied by a demo token `street-<streetId>`.
   */
  boundRegionId: z.string().min(1).nullable().default(null),
  /**
   * A demo deployment (the embedded demo): a console opened without a street-bound token
   * offers to open as one of the streets, with that street's demo token. A real deployment,
   * where the login token binds the console, leaves this off and never shows the choice.
   */
  demo: z.boolean().default(false),
  /** The event stream's heartbeat (docs/API.md: 15 s); silence for 2.5 heartbeats → reconnect. */
  streamHeartbeatMs: z.number().int().min(10).default(15_000),
  /** Serve the API from the in-browser mock (the embedded demo, no network at all). */
  embeddedMock: z
    .object({
      enabled: z.boolean(),
      seed: z.number().int().default(20261122),
      layerScale: z.number().positive().default(1),
      eventRate: z.number().positive().default(1),
    })
    .default({ enabled: false, seed: 20261122, layerScale: 1, eventRate: 1 }),
  basemap: BasemapConfig,
  /** CRS of the API's coordinates; "auto" trusts GET /meta. */
  dataCrs: z.union([z.literal('auto'), Crs]).default('auto'),
  defaultMode: Mode.default('wall'),
  defaultScene: z.string().default('district'),
  locale: Locale.default('zh-CN'),
  theme: Theme.default('dark'),
  /** How often panels refresh (ms); data older than 3 intervals is shown as stale. */
  refresh: z
    .object({
      kpiMs: z.number().int().min(1000).default(30_000),
      layersMs: z.number().int().min(1000).default(300_000),
    })
    .default({ kpiMs: 30_000, layersMs: 300_000 }),
  /**
   * A layer the API also serves as vector tiles (`tiles` in GET /layers) is drawn from
   * tiles once it has more features than this: a browser cannot hold millions as GeoJSON.
   */
  tilesAboveFeatures: z.number().int().nonnegative().default(200_000),
  /** Initial camera when the URL carries none. */
  camera: z
    .object({
      center: z.tuple([z.number(), z.number()]),
      zoom: z.number(),
    })
    .default({ center: [114.19, 22.69], zoom: 10.6 }),
  /** The video wall: design canvas and the scenes of its tour. */
  wall: WallConfig.default({
    designSize: { width: 3840, height: 1080 },
    scenes: DEFAULT_SCENES,
    tourEnabled: true,
    canvas: 'auto',
    watchdogMs: 60_000,
    dailyReload: null,
  }),
  /** The emergency switch (平战切换): control rings around the incident. */
  emergency: EmergencyConfig.default({ ringsM: [500, 1000, 2000] }),
  /**
   * The planner opens on a quiet map, so that its analyses draw above it and the labels stay
   * readable: these layers only (the catalog adds the rest). The wall and the consoles open
   * with every layer whose file says it is visible by default.
   */
  planner: z
    .object({ layers: z.array(z.string().min(1)).default(['admin-boundaries', 'kiosks']) })
    .default({ layers: ['admin-boundaries', 'kiosks'] }),
  /** The time zone every date and time is shown in (an IANA name), whatever the viewer's machine says. */
  timeZone: z.string().refine(isTimeZone, 'unknown time zone').default(DEFAULT_TIME_ZONE),
  /** The planner's swipe compare: the layers map B starts with. */
  compareLayers: z.array(z.string().regex(/^[\w-]{1,64}$/)).default(['admin-boundaries', 'medical']),
});
export type AppConfig = z.infer<typeof AppConfig>;

export type ConfigProblem = { kind: 'missing' | 'malformed' | 'invalid'; url: string; detail: string };

export class ConfigError extends Error {
  constructor(readonly problem: ConfigProblem) {
    super(`${problem.kind}: ${problem.detail}`);
  }
}

/** Resolves relative URLs in the config against the config file's own URL. */
function resolveUrls(config: AppConfig, base: string): AppConfig {
  const abs = (u: string) => new URL(u, base).toString();
  const basemap: BasemapConfig =
    config.basemap.type === 'style'
      ? {
          ...config.basemap,
          url: abs(config.basemap.url),
          lightUrl: config.basemap.lightUrl ? abs(config.basemap.lightUrl) : undefined,
        }
      : config.basemap.type === 'raster'
        ? config.basemap
        : { ...config.basemap, url: abs(config.basemap.url) };
  return { ...config, apiBaseUrl: abs(config.apiBaseUrl).replace(/\/$/, ''), basemap };
}

export async function loadConfig(
  url = new URL('config.json', document.baseURI).toString(),
): Promise<AppConfig> {
  let res: Response;
  try {
    res = await fetch(url, { cache: 'no-store' });
  } catch (e) {
    throw new ConfigError({ kind: 'missing', url, detail: String(e) });
  }
  if (!res.ok) throw new ConfigError({ kind: 'missing', url, detail: `HTTP ${res.status}` });
  let raw: unknown;
  try {
    raw = JSON.parse(await res.text());
  } catch (e) {
    throw new ConfigError({ kind: 'malformed', url, detail: (e as Error).message });
  }
  const parsed = AppConfig.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ConfigError({ kind: 'invalid', url, detail });
  }
  return resolveUrls(parsed.data, url);
}
