// @vitest-environment jsdom
/**
 * The KPI column against the mock API: every figure on screen is the API's figure for the
 * scope, each panel has its own loading, error and stale states, and a bad indicator or a
 * failing endpoint never takes more than what depends on it.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi } from '../../mock-server/api';
import { mockHandlers } from '../../mock-server/handlers';
import { createApiClient } from '../../src/api/client';
import { AppConfig } from '../../src/api/config';
import { ApiProvider } from '../../src/api/context';
import type { Indicator, KpiResponse } from '@ioc/contract/contract';
import { kpi as messages } from '../../src/i18n/messages/kpi';
import { KpiColumn } from '../../src/panels/kpi/KpiColumn';
import { useScopeStore } from '../../src/state/scope';
import { useUiStore } from '../../src/state/ui';
import { API_BASE, renderWithApi } from './render';

const api = createApi({ tickMs: 0 });
/** Every /kpis answer the app received (its region= and body), newest last: what the screen must show. */
let served: { region: string | null; body: KpiResponse }[] = [];
const server = setupServer(
  http.get(`${API_BASE}/kpis`, async ({ request }) => {
    const res = await api.handle(request);
    const region = new URL(request.url).searchParams.get('region');
    served.push({ region, body: (await res.clone().json()) as KpiResponse });
    return res;
  }),
  ...mockHandlers(api),
);

const zh = messages['zh-CN'] as Record<string, string>;
const PANELS = [
  '5G 基站建设',
  '12345 热线',
  '24 小时自助服务',
  '街道分中心建设',
  '医疗资源配置',
  '幼儿园安全监控',
  '城市更新拆除',
];
const panel = (name: string) => screen.getByRole('region', { name });
const tile = (name: string) => screen.getByRole('group', { name });
const zhNumber = (v: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(v);

/** The indicator id a tile shows, from its accessible name (labels are per id in the messages). */
function idOfTile(name: string): string | undefined {
  const key = Object.keys(zh).find((k) => k.startsWith('kpi.ind.') && zh[k] === name);
  return key?.slice('kpi.ind.'.length);
}

/** The latest figures the app was sent for a scope (null: the district, asked without region=). */
async function lastServed(region: string | null): Promise<KpiResponse> {
  let body: KpiResponse | undefined;
  await waitFor(() => {
    body = served.filter((s) => s.region === region).at(-1)?.body;
    expect(body).toBeDefined();
  });
  return body!;
}

/** Every KPI tile on screen shows its indicator's value from the given response. */
async function expectTilesToShow(body: KpiResponse) {
  const byId = new Map(body.indicators.map((i) => [i.id, i]));
  await waitFor(() => expect(screen.getAllByRole('group').length).toBeGreaterThan(15));
  for (const group of screen.getAllByRole('group')) {
    const name = group.getAttribute('aria-label')!;
    const id = idOfTile(name);
    expect(id, `tile ${name} maps to an indicator`).toBeDefined();
    const indicator = byId.get(id!) as Indicator;
    expect(group.textContent, name).toContain(zhNumber(indicator.value));
    expect(group.textContent, name).toContain(indicator.unit);
  }
}

describe('KPI column', () => {
  beforeAll(() => {
    // jsdom has no canvas: the charts show their tables instead, which is what is read here.
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    server.listen({ onUnhandledRequest: 'error' });
  });
  beforeEach(() => {
    served = [];
    useUiStore.setState({ locale: 'zh-CN', theme: 'dark' });
    useScopeStore.setState({ regionId: null });
  });
  afterEach(() => {
    cleanup();
    server.resetHandlers();
  });
  afterAll(() => {
    server.close();
    api.close();
  });

  it("shows the district's figures from GET /kpis, docs/DATA.md's 103.63 % and 113.21 % among them", async () => {
    renderWithApi(<KpiColumn />);
    await waitFor(() => expect(tile('5G 建设完成率').textContent).toContain('103.63'));
    expect(tile('5G 建设完成率').textContent).toContain('%');
    expect(tile('宏站完成率').textContent).toContain('113.21');
    const body = await lastServed(null);
    expect(served).toHaveLength(1); // one request serves every panel
    await expectTilesToShow(body);
    for (const name of PANELS) expect(within(panel(name)).getByText(/截至 \d\d:\d\d/)).toBeTruthy();
  });

  it('lists the streets by name in the rankings, with the breakdown values', async () => {
    renderWithApi(<KpiColumn />);
    const table = await screen.findByRole('table', { name: '各街道 5G 任务完成率' });
    const body = await lastServed(null);
    const completion = body.indicators.find((i) => i.id === '5g.completion')!;
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(11);
    // Highest first, each row a street name (not an id) and its value.
    const sorted = [...completion.breakdown!].sort((a, b) => b.value - a.value);
    const streets = (await (await fetch(`${API_BASE}/regions?level=street`)).json()) as {
      features: { properties: { id: string; name: string } }[];
    };
    const nameOf = (id: string) => streets.features.find((f) => f.properties.id === id)!.properties.name;
    await waitFor(() => expect(rows[0]!.textContent).toContain(nameOf(sorted[0]!.regionId)));
    sorted.forEach((b, i) => {
      expect(rows[i]!.textContent).toContain(nameOf(b.regionId));
      expect(rows[i]!.textContent).toContain(zhNumber(b.value));
    });
  });

  it("follows the scope: a street's own figures, its communities in the ranking, and back up", async () => {
    renderWithApi(<KpiColumn />);
    await waitFor(() => expect(tile('5G 建设完成率').textContent).toContain('103.63'));
    const row = within(screen.getByRole('table', { name: '各街道 5G 任务完成率' }))
      .getAllByRole('row')
      .find((r) => r.textContent?.includes('平湖街道'))!;
    await userEvent.click(within(row).getByRole('button', { name: '切换范围到平湖街道' }));
    expect(useScopeStore.getState().regionId).toBe('440307001');

    await screen.findByRole('table', { name: '各社区 5G 任务完成率' });
    const body = await lastServed('440307001');
    expect(body.indicators.find((i) => i.id === '5g.completion')!.value).not.toBe(103.63);
    await expectTilesToShow(body);
    const crumbs = screen.getByRole('navigation', { name: '当前范围' });
    const current = within(crumbs).getByRole('button', { name: '平湖街道' });
    expect(current.getAttribute('aria-current')).toBe('location');
    // The sub-center ranking has nothing below a street, and says so.
    expect(within(panel('街道分中心建设')).getByText('当前范围以下没有分项数据。')).toBeTruthy();

    await userEvent.click(within(crumbs).getByRole('button', { name: '龙岗区' }));
    expect(useScopeStore.getState().regionId).toBeNull();
    await waitFor(() => expect(tile('5G 建设完成率').textContent).toContain('103.63'));
  });

  it('says it is loading in each panel until the figures arrive', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    server.use(
      http.get(`${API_BASE}/kpis`, async ({ request }) => {
        await gate;
        return api.handle(request);
      }),
    );
    renderWithApi(<KpiColumn />);
    for (const name of PANELS) {
      expect(panel(name).getAttribute('aria-busy')).toBe('true');
      expect(within(panel(name)).getByText('正在加载指标…')).toBeTruthy();
    }
    release();
    await waitFor(() => expect(tile('5G 建设完成率').textContent).toContain('103.63'));
    expect(panel('5G 基站建设').hasAttribute('aria-busy')).toBe(false);
  });

  it('with the endpoint failing, every KPI panel says so in words', async () => {
    server.use(
      http.get(`${API_BASE}/kpis`, () =>
        HttpResponse.json({ error: { code: 'internal', message: 'database down' } }, { status: 500 }),
      ),
    );
    renderWithApi(<KpiColumn />);
    for (const name of PANELS) {
      await waitFor(() => expect(panel(name).textContent).toContain('数据接口暂时故障（500）'));
    }
    expect(screen.queryAllByRole('group')).toHaveLength(0);
  });

  it('a malformed indicator breaks only its own panel', async () => {
    server.use(
      http.get(`${API_BASE}/kpis`, async ({ request }) => {
        const body = (await (await api.handle(request)).json()) as { indicators: Record<string, unknown>[] };
        const bad = body.indicators.find((i) => i.id === 'medical.bedsPer10k')!;
        bad.value = 'lots';
        return HttpResponse.json(body);
      }),
    );
    renderWithApi(<KpiColumn />);
    await waitFor(() =>
      expect(panel('医疗资源配置').textContent).toContain('指标“medical.bedsPer10k”的数据不符合约定'),
    );
    expect(panel('医疗资源配置').textContent).toContain('value');
    expect(within(panel('医疗资源配置')).queryAllByRole('group')).toHaveLength(0);
    expect(within(panel('5G 基站建设')).getByRole('group', { name: '5G 建设完成率' }).textContent).toContain(
      '103.63',
    );
    for (const name of PANELS.filter((n) => n !== '医疗资源配置'))
      expect(within(panel(name)).getAllByRole('group').length, name).toBeGreaterThan(0);
  });

  it('turns stale, still showing the old figures, when the data is older than three refreshes', async () => {
    server.use(
      http.get(`${API_BASE}/kpis`, async ({ request }) => {
        const body = (await (await api.handle(request)).json()) as KpiResponse;
        // Default refresh is 30 s: data from 10 minutes ago is long overdue.
        const old = new Date(Date.now() - 10 * 60_000).toISOString().replace('Z', '+00:00');
        return HttpResponse.json({ ...body, asOf: old });
      }),
    );
    renderWithApi(<KpiColumn />);
    await waitFor(() => expect(tile('5G 建设完成率').textContent).toContain('103.63'));
    for (const name of PANELS) {
      expect(within(panel(name)).getByText('数据已过期')).toBeTruthy();
      expect(panel(name).className).toContain('kpi-panel--stale');
    }
  });

  it('turns stale when a refresh fails while the last figures are shown', async () => {
    const config = AppConfig.parse({
      apiBaseUrl: API_BASE,
      basemap: { type: 'style', url: 'http://ioc.test/style.json' },
      refresh: { kpiMs: 1000 },
    });
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={queryClient}>
        <ApiProvider value={{ client: createApiClient(API_BASE, null), config }}>
          <KpiColumn />
        </ApiProvider>
      </QueryClientProvider>,
    );
    await waitFor(() => expect(tile('5G 建设完成率').textContent).toContain('103.63'));
    expect(within(panel('5G 基站建设')).queryByText('数据已过期')).toBeNull();
    server.use(http.get(`${API_BASE}/kpis`, () => HttpResponse.json({}, { status: 503 })));
    await waitFor(() => expect(within(panel('5G 基站建设')).getByText('数据已过期')).toBeTruthy(), {
      timeout: 4000,
    });
    // The reason, in words, not only that the figures are old.
    const note = within(panel('5G 基站建设')).getByRole('status');
    expect(note.textContent).toContain('最近一次刷新失败');
    expect(note.textContent).toContain('数据接口暂时故障（503）');
    expect(tile('5G 建设完成率').textContent).toContain('103.63');
    queryClient.clear();
  });

  it('speaks English with English units when the language is switched', async () => {
    renderWithApi(<KpiColumn />);
    await waitFor(() => expect(tile('5G 建设完成率').textContent).toContain('103.63'));
    act(() => useUiStore.getState().setLocale('en'));
    expect(screen.getByRole('region', { name: '5G base stations' })).toBeTruthy();
    expect(tile('5G task completion').textContent).toContain('103.63');
    expect(tile('Households affected').textContent).toMatch(/[\d,]+households/);
    expect(screen.getByRole('navigation', { name: 'Scope' }).textContent).toContain('Longgang District');
  });
});
