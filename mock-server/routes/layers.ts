/** GET /layers (the catalog) and GET /layers/{id}/features (filtered GeoJSON). */
import { resolveRegion } from '../auth';
import { buildCatalog, LAYER_META } from '../catalog';
import type { AppState, Handler } from '../context';
import { badRequest, notFound } from '@ioc/contract/http';
import { shown } from '@ioc/contract/input';
import { json, jsonText } from '../http';
import { parseBBox } from '@ioc/contract/query';
import { type AnyProps, expectedCount, isLayerId, LAYER_IDS, type LayerId } from '../layers';
import type { Region } from '@ioc/domain/regions';

/** Query keys with a meaning of their own; every other key must be a catalog field. */
const RESERVED = new Set(['region', 'bbox']);
/** Cached text of unfiltered sub-region responses is capped (the district's is always kept). */
const SUB_REGION_CACHE_CHARS = 32_000_000;

export const getCatalog: Handler = ({ app, url, caller }) => {
  const region = resolveRegion(app.regions, caller, url.searchParams.get('region'));
  return json(buildCatalog((id) => countIn(app, id, region)));
};

function countIn(app: AppState, id: LayerId, region: Region): number {
  if (region.level === 'district' && !app.world.isGenerated(id)) return expectedCount(id, app.layerScale);
  const idx = app.world.indicesIn(id, region);
  return idx ? idx.length : app.world.layer(id).features.length;
}

export const getFeatures: Handler = ({ app, url, params, caller }) => {
  const id = params.layerId ?? '';
  if (!isLayerId(id)) throw notFound(`unknown layer ${id}; layers are ${LAYER_IDS.join(', ')}`);
  const region = resolveRegion(app.regions, caller, url.searchParams.get('region'));
  const bboxRaw = url.searchParams.get('bbox');
  const bbox = bboxRaw !== null ? parseBBox(bboxRaw) : null;

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

  if (!bbox && filters.length === 0) return jsonText(unfilteredText(app, id, region));
  const keep =
    filters.length === 0
      ? null
      : (p: AnyProps) =>
          filters.every(([key, values]) => {
            const v = p[key];
            return v !== undefined && v !== null && values.has(String(v));
          });
  return json({ type: 'FeatureCollection', features: app.world.query(id, region, bbox, keep) });
};

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
