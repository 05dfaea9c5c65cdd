/**
 * Walks the layer registry: every file in layers/ is a well-formed definition whose schema
 * accepts what the API serves, whose deck.gl layers carry its id, and whose filters and
 * KPIs are pure functions of the rows.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { BuildContext, LayerFeature } from '../../../layers/kit/define';
import { createApi } from '../../../mock-server/api';
import type { IocEvent, RegionCollection } from '@ioc/contract/contract';
import { applyFilters } from '../../../src/catalog/filters';
import { parseFeatures } from '../../../src/api/features';
import { createRegistry, registry } from '../../../src/catalog/registry';
import { buildContext } from './context';

const api = createApi({ seed: 20261122, tickMs: 0 });
afterAll(() => api.close());
const get = async <T>(path: string): Promise<T> => {
  const res = await api.handle(new Request(`http://ioc.test/api/v1${path}`));
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};

async function contextFor(id: string): Promise<BuildContext> {
  const def = registry.find((d) => d.id === id)!;
  const base = buildContext();
  if (def.source.kind === 'features') {
    const fc = await get<{ features: unknown[] }>(`/layers/${id}/features`);
    const { features, skipped } = parseFeatures(fc.features, def.source.schema);
    expect(skipped, `${id}: features the schema rejects`).toBe(0);
    return { ...base, features };
  }
  if (def.source.kind === 'regions') {
    const streets = await get<RegionCollection>('/regions?level=street');
    const communities = await get<RegionCollection>('/regions?level=community');
    return { ...base, regions: { street: streets.features, community: communities.features } };
  }
  const page = await get<{ items: IocEvent[] }>('/events?limit=500');
  return { ...base, events: page.items };
}

describe('layer registry', () => {
  it('collects every layers/*.layer.ts, ids equal to file names, unique', () => {
    const ids = registry.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        '5g-stations',
        'kiosks',
        'kindergarten-cameras',
        'demolition',
        'medical',
        'urban-villages',
        'live-events',
        'admin-boundaries',
      ]),
    );
  });

  it('refuses a duplicate id and an id that does not match its file', () => {
    const def = registry[0]!;
    expect(() =>
      createRegistry({ './a/x.layer.ts': { default: def }, './b/x.layer.ts': { default: def } }),
    ).toThrow();
    expect(() => createRegistry({ '../../layers/other-name.layer.ts': { default: def } })).toThrow(
      /must equal/,
    );
  });

  it('lists every layer the API serves', async () => {
    const catalog = await get<{ id: string }[]>('/layers');
    for (const { id } of catalog) expect(registry.map((d) => d.id)).toContain(id);
  });

  for (const def of registry) {
    describe(def.id, () => {
      it("draws the API's data into deck.gl layers whose ids start with the layer id, at both zooms", async () => {
        const ctx = await contextFor(def.id);
        for (const zoom of [10, 14]) {
          const layers = def.buildLayers({ ...ctx, zoom } as never);
          expect(layers.length).toBeGreaterThan(0);
          for (const l of layers) expect(l.id.startsWith(`${def.id}-`), l.id).toBe(true);
        }
        expect(def.legend('dark').length).toBeGreaterThan(0);
      });

      it('filters keep exactly the rows whose value was chosen, and leave the data untouched', async () => {
        const ctx = await contextFor(def.id);
        const before = JSON.stringify(ctx.features);
        for (const spec of def.filters) {
          const option = spec.options[0]!;
          const kept = applyFilters(ctx.features as LayerFeature[], { [spec.key]: [option.value] });
          const expected = ctx.features.filter(
            (f) => String((f.properties as Record<string, unknown>)[spec.key]) === option.value,
          );
          expect(kept).toEqual(expected);
        }
        def.buildLayers(ctx as never);
        def.kpis?.(ctx.features as never);
        expect(JSON.stringify(ctx.features)).toBe(before);
      });

      it('KPIs are a pure function of the rows', async () => {
        const ctx = await contextFor(def.id);
        if (!def.kpis) return;
        const a = def.kpis(ctx.features as never);
        expect(def.kpis(ctx.features as never)).toEqual(a);
        expect(def.kpis([] as never).every((k) => k.value === 0)).toBe(true);
      });

      it('tooltips name the feature', async () => {
        const ctx = await contextFor(def.id);
        const first =
          def.source.kind === 'events'
            ? ctx.events[0]
            : def.source.kind === 'regions'
              ? ctx.regions.street?.[0]
              : ctx.features[0];
        expect(first).toBeDefined();
        const name =
          def.source.kind === 'events' ? (first as IocEvent).title : (first as LayerFeature).properties.name;
        expect(def.tooltip(first as never, 'zh-CN')).toContain(name);
      });
    });
  }
});
