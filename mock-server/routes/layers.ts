/** GET /layers (the catalog) and GET /layers/{id}/features (filtered GeoJSON). */
import { resolveRegion } from '../auth';
import { buildCatalog, LAYER_META } from '../catalog';
import type { AppState, Handler } from '../context';
import { badRequest, notFound } from '@ioc/contract/http';
import { parseMoment, shown } from '@ioc/contract/input';
import { formatIso } from '@ioc/domain/time';
import type { World } from '../world';
import { json, jsonText } from '../http';
import { parseBBox } from '@ioc/contract/query';
import { type AnyProps, expectedCount, isLayerId, LAYER_IDS, type LayerId } from '../layers';
import type { Region } from '@ioc/domain/regions';

/** Query keys with a meaning of their own; every other key must be a catalog field. */
const RESERVED = new Set(['region', 'bbox', 'asOf']);
/** Cached text of unfiltered sub-region responses is capped (the district's is always kept). */
const SUB_REGION_CACHE_CHARS = 32_000_000;

export const getCatalog: Handler = ({ app, url, caller }) => {
  const region = resolveRegion(app.regions, caller, url.searchParams.get('region'));
  const at = moment(app, url);
  const catalog = buildCatalog(
    (id) =>
      countIn(app, at === null ? app.world : (app.history.versionAt(id, at)?.world ?? app.world), id, region),
    (id) => app.history.updatedAt(id),
  );
  if (at === null) return json(catalog);
  return json(
    catalog.map((l) => {
      const v = app.history.versionAt(l.id as LayerId, at);
      return {
        ...l,
        versionAt: v && {
          validFrom: formatIso(v.validFrom),
          validTo: v.validTo === null ? null : formatIso(v.validTo),
        },
      };
    }),
  );
};

/** `asOf` (a replay's moment), or null without one. */
function moment(app: AppState, url: URL): number | null {
  const raw = url.searchParams.get('asOf');
  return raw === null ? null : parseMoment(raw, 'asOf', app.clock.now());
}

/** A kept version is counted from its features; the current one, ungenerated, from the figures. */
function countIn(app: AppState, world: World, id: LayerId, region: Region): number {
  if (region.level === 'district' && world === app.world && !world.isGenerated(id))
    return expectedCount(id, app.layerScale);
  const idx = world.indicesIn(id, region);
  return idx ? idx.length : world.layer(id).features.length;
}

export const getFeatures: Handler = ({ app, url, params, caller }) => {
  const id = params.layerId ?? '';
  if (!isLayerId(id)) throw notFound(`unknown layer ${id}; layers are ${LAYER_IDS.join(', ')}`);
  const region = resolveRegion(app.regions, caller, url.searchParams.get('region'));
  const bboxRaw = url.searchParams.get('bbox');
  const bbox = bboxRaw !== null ? parseBBox(bboxRaw) : null;
  const at = moment(app, url);

  const fields = new Map(LAYER_META[id].fields.map((f) => [f.key, f]));
  const filters: [string, Set<string>][] = [];
  // Each key is given once (the router checked); `,` separates alternatives.
  for (const [key, value] of url.searchParams) {
    if (RESERVED.has(key)) continue;
    const field = fields.get(key);
    if (!field) {
      throw badRequest(
        `unknown parameter ${shown(key)}; filters for ${id} are ${[...fields.keys()].join(', ')}`,
      );
    }
    const values = new Set(value.split(',').map((v) => v.trim()));
    if (field.values) {
      const bad = [...values].filter((v) => !field.values?.includes(v));
      if (bad.length > 0)
        throw badRequest(`${key} must be one of ${field.values.join(', ')} (got ${bad.join(', ')})`);
    }
    if (field.type === 'boolean' && [...values].some((v) => v !== 'true' && v !== 'false')) {
      throw badRequest(`${key} must be true or false`);
    }
    filters.push([key, values]);
  }

  let world = app.world;
  if (at !== null) {
    const v = app.history.versionAt(id, at);
    if (!v) throw notFound(noVersion(id, url.searchParams.get('asOf') ?? ''));
    world = v.world;
  }
  if (!bbox && filters.length === 0 && world === app.world) return jsonText(unfilteredText(app, id, region));
  const keep =
    filters.length === 0
      ? null
      : (p: AnyProps) =>
          filters.every(([key, values]) => {
            const v = p[key];
            return v !== undefined && v !== null && values.has(String(v));
          });
  return json({ type: 'FeatureCollection', features: world.query(id, region, bbox, keep) });
};

/** The 404 of a moment no kept version covers: the server words it the same. */
export function noVersion(id: string, asOf: string): string {
  return `layer ${id} kept no version as of ${shown(asOf)}: without asOf its features are current`;
}

function unfilteredText(app: AppState, id: LayerId, region: Region): string {
  const key = `${id}|${region.id}`;
  let text = app.layerText.get(key);
  if (text === undefined) {
    text = JSON.stringify({ type: 'FeatureCollection', features: app.world.featuresIn(id, region) });
    if (region.level !== 'district') {
      let total = text.length;
      for (const [k, v] of app.layerText) if (!k.endsWith(`|${app.regions.district.id}`)) total += v.length;
      if (total > SUB_REGION_CACHE_CHARS) {
        for (const k of [...app.layerText.keys()])
          if (!k.endsWith(`|${app.regions.district.id}`)) app.layerText.delete(k);
      }
    }
    if (region.level === 'district' || text.length <= SUB_REGION_CACHE_CHARS) app.layerText.set(key, text);
  }
  return text;
}
