/** Legends come from the scales that colour the features, so what they say is what is drawn. */
import type { Layer } from '@deck.gl/core';
import { afterAll, describe, expect, it } from 'vitest';
import kindergartens from '../../../layers/kindergarten-cameras.layer';
import type { LayerFeature, RGBA } from '../../../layers/kit/define';
import { HALO } from '../../../layers/kit/style';
import urbanVillages from '../../../layers/urban-villages.layer';
import { createApi } from '../../../mock-server/api';
import { parseFeatures } from '../../../src/api/features';
import { legendOf } from '../../../src/catalog/legend';
import { buildContext } from './context';

const api = createApi({ seed: 20261122, tickMs: 0 });
afterAll(() => api.close());

async function features(id: string, schema: unknown): Promise<LayerFeature[]> {
  const res = await api.handle(new Request(`http://ioc.test/api/v1/layers/${id}/features`));
  const fc = (await res.json()) as { features: unknown[] };
  return parseFeatures(fc.features, schema as never).features;
}

const context = buildContext;

/** Every colour an accessor gives the features of a built layer. */
function drawn(layer: Layer, prop: 'getFillColor' | 'getLineColor'): Set<string> {
  const accessor = layer.props[prop as keyof typeof layer.props] as unknown;
  const data = layer.props.data as LayerFeature[];
  const colours =
    typeof accessor === 'function' ? data.map((f) => (accessor as (f: unknown) => RGBA)(f)) : [accessor];
  return new Set(colours.map((c) => String(c)));
}

describe('legends', () => {
  it('list exactly the fill colours the kindergarten layer draws, and outline nothing in a colour of its own', async () => {
    const f = await features(
      'kindergarten-cameras',
      kindergartens.source.kind === 'features' && kindergartens.source.schema,
    );
    const [layer] = kindergartens.buildLayers(context(f) as never);
    const legend = kindergartens.legend('dark');
    const fills = new Set(legend.filter((i) => i.shape === 'circle').map((i) => String(i.color)));
    const rings = new Set(legend.filter((i) => i.shape === 'ring').map((i) => String(i.color)));
    // Every class the demo city has is drawn in its legend colour, and nothing else is drawn.
    expect(drawn(layer!, 'getFillColor')).toEqual(fills);
    // Outlines are the map's halo, or the ring of a kindergarten without cameras in its legend colour.
    for (const c of drawn(layer!, 'getLineColor')) expect([...rings, String(HALO.dark)]).toContain(c);
  });

  it('give an area fill at the alpha it is drawn with (they once drifted apart)', async () => {
    const f = await features(
      'urban-villages',
      urbanVillages.source.kind === 'features' && urbanVillages.source.schema,
    );
    const [layer] = urbanVillages.buildLayers(context(f) as never);
    const legend = legendOf({ def: urbanVillages as never }, 'dark', 'zh-CN', undefined);
    expect(new Set(legend.entries.map((e) => String(e.color)))).toEqual(drawn(layer!, 'getFillColor'));
    expect(legend.entries.map((e) => e.label)).toEqual(['已完成管线下地', '未下地']);
  });

  it('name the filters that narrow a layer', () => {
    const legend = legendOf({ def: kindergartens as never }, 'dark', 'en', { stage: ['done'] });
    expect(legend.notes).toEqual(['Stage: Done']);
    expect(legend.title).toBe('Kindergarten safety cameras');
  });
});
