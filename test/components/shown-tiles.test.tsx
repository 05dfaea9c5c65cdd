// @vitest-environment jsdom
/**
 * A layer drawn from vector tiles asks for its tiles only once deck.gl holds it, so the
 * first screen (handed to deck.gl whole) must not wait for those tiles: it waited for its
 * 4-second fallback instead, and a million stations showed seconds late.
 */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../mock-server/api';
import { mockHandlers } from '../../mock-server/handlers';
import { useCatalogEntries } from '../../src/catalog/entries';
import { type Shown, useShown } from '../../src/catalog/shown';
import { LayerCatalog } from '../../src/panels/catalog/LayerCatalog';
import { useLayersStore } from '../../src/state/layers';
import { useScopeStore } from '../../src/state/scope';
import { API_BASE, renderWithApi } from './render';

const api = createApi({ tickMs: 0 });
const server = setupServer(...mockHandlers(api));
const IDS = ['admin-boundaries', '5g-stations'];

function Probe({ onShown }: { onShown(s: Shown): void }) {
  onShown(useShown(IDS));
  return null;
}

/** The catalog as the map panel wires it, with the stations on. */
function Catalog() {
  const { entries, query } = useCatalogEntries();
  const shown = useShown(IDS);
  return <LayerCatalog entries={entries} catalogQuery={query} shown={shown.byId} />;
}

describe('the first screen with a tiled layer', () => {
  const tileRequests: string[] = [];
  const asked: string[] = [];
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
    server.events.on('request:start', ({ request }) => {
      if (request.url.includes('.mvt')) tileRequests.push(request.url);
      asked.push(new URL(request.url).pathname);
    });
    useScopeStore.setState({ regionId: null });
    useLayersStore.setState({ filters: {} });
  });
  afterEach(() => {
    cleanup();
    server.resetHandlers();
  });
  afterAll(() => {
    server.close();
    api.close();
  });

  it('is settled (every layer drawable) before any tile is loaded, while the map is not yet ready', async () => {
    let latest: Shown | null = null;
    // The demo's 10,346 stations come as tiles above 1,000 features.
    renderWithApi(<Probe onShown={(s) => (latest = s)} />, null, { tilesAboveFeatures: 1000 });
    await waitFor(() => expect(latest?.settled).toBe(true), { timeout: 3000 });
    const shown = latest as unknown as Shown;
    const stations = shown.byId.get('5g-stations');
    expect(stations?.tiled).toBe(true);
    expect(stations?.loading).toBe(true);
    // Not ready: nothing has drawn the tiles, and nobody has asked for one.
    expect(shown.ready).toBe(false);
    expect(tileRequests).toEqual([]);
    // Drawable: the definition now builds the tile layer that will ask for them.
    const layers = stations?.def.buildLayers({
      features: [],
      regions: {},
      theme: 'dark',
      locale: 'zh-CN',
      opacity: 1,
      zoom: 12,
      scopeId: null,
      selectedId: null,
      now: Date.now(),
    } as never);
    expect(layers?.map((l) => l.id)).toEqual(['5g-stations-tiles']);
  });

  it('never asks for a point layer whole while the catalog fails, since only it says "tiles"', async () => {
    // The catalog timing out behind a busy server, as at a million stations on a cold start.
    server.use(http.get(`${API_BASE}/layers`, () => new HttpResponse(null, { status: 503 })));
    asked.length = 0;
    let latest: Shown | null = null;
    renderWithApi(<Probe onShown={(s) => (latest = s)} />, null, { tilesAboveFeatures: 1000 });
    await waitFor(() => expect(asked).toContain('/api/v1/layers'), { timeout: 3000 });
    // The boundaries (polygons, never tiled) load meanwhile; the stations wait for the catalog.
    await waitFor(() => expect(asked).toContain('/api/v1/regions'), { timeout: 3000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(asked.filter((p) => p.startsWith('/api/v1/layers/5g-stations'))).toEqual([]);
    const stations = (latest as unknown as Shown).byId.get('5g-stations');
    // It says why it waits: the catalog's own failure, not an empty layer.
    expect(stations?.features).toEqual([]);
    expect(stations?.total).toBeUndefined();
    expect(stations?.problem).toMatchObject({ kind: 'server', status: 503 });
    expect(String(stations?.problem)).toMatch(/\/layers\b/);
  });

  it('a waiting layer whose catalog fails says the failure and the retry, not "loading" above them', async () => {
    server.use(http.get(`${API_BASE}/layers`, () => new HttpResponse(null, { status: 503 })));
    useLayersStore.setState({ on: IDS });
    renderWithApi(<Catalog />, null, { tilesAboveFeatures: 1000 });
    const row = await screen.findByRole('listitem', { name: '5G基站' }, { timeout: 5000 });
    const alert = await within(row).findByRole('alert', {}, { timeout: 5000 });
    expect(alert.textContent).toContain('503');
    expect(alert.textContent).toContain('正在自动重试');
    expect(row.textContent).not.toContain('加载中');
  });
});
