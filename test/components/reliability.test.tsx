// @vitest-environment jsdom
/**
 * What the panels say about round-two faults, as a user reads them: a failed event list is
 * never an empty one, a flapping stream says so, a refused action carries the server's
 * reason beside the app's, an implausible KPI is flagged in its tile and not drawn while
 * the panel's other figures stay, and an
 * object-valued property reads as key/values.
 */
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi } from '../../mock-server/api';
import { mockHandlers } from '../../mock-server/handlers';
import { withHostility } from '../../mock-server/hostile';
import type { IocEvent, KpiResponse, LayerInfo } from '@ioc/contract/contract';
import { ApiProblem, HTML_DETAIL } from '../../src/api/errors';
import { genericLayer } from '../../src/catalog/generic';
import type { AnyLayer } from '../../src/catalog/registry';
import { ActionNotices } from '../../src/panels/events/ActionNotices';
import { EventFeed } from '../../src/panels/events/EventFeed';
import { StreamStatus } from '../../src/panels/events/StreamStatus';
import { FeatureDetail } from '../../src/panels/FeatureDetail';
import { kpi as kpiMessages } from '../../src/i18n/messages/kpi';
import { KpiPanel } from '../../src/panels/kpi/KpiPanel';
import { KpiTile } from '../../src/panels/kpi/KpiTile';
import { MedicalPanel } from '../../src/panels/kpi/MedicalPanel';
import { selectIndicators } from '../../src/panels/kpi/useKpis';
import type { EventPipeline } from '../../src/pipeline/pipeline';
import { useFeatureSelection } from '../../src/state/featureSelection';
import { useUiStore } from '../../src/state/ui';
import { testPipeline } from '../unit/events-pipeline';
import { API_BASE, renderWithApi } from './render';

const api = withHostility(createApi({ tickMs: 0 }));
const server = setupServer(...mockHandlers(api));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
let page: EventPipeline;

beforeEach(() => {
  page = testPipeline();
  useUiStore.setState({ locale: 'zh-CN', theme: 'dark', mode: 'operator' });
});
afterEach(() => {
  cleanup();
  page.stop();
  api.hostility.clear();
  server.resetHandlers();
});
afterAll(() => {
  server.close();
  api.close();
});

describe('the event feed', () => {
  it('says the list failed, and why, instead of showing an empty list', () => {
    const problem = new ApiProblem('server', `${API_BASE}/events`, HTML_DETAIL, 502);
    page.list.setState({ phase: 'failed', problem });
    renderWithApi(<EventFeed />, null, {}, page);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe(
      '事件列表加载失败：数据接口暂时故障（502），正在自动重试。（返回的是网页，可能来自代理或网关）',
    );
    expect(document.body.textContent).not.toMatch(/0 \/ 0|暂无事件|没有符合条件/);
  });

  it('says an empty list is empty, and a loading one is loading', () => {
    renderWithApi(<EventFeed />, null, {}, page);
    expect(screen.getByText('正在加载事件列表…')).toBeTruthy();
    act(() => page.list.setState({ phase: 'ready', problem: null }));
    expect(screen.getByText('暂无事件')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('the stream status', () => {
  it('says the stream is flapping, apart from the list', () => {
    page.events.store.getState().setConnection({ phase: 'reconnecting', flaps: 3 });
    renderWithApi(<StreamStatus />, null, {}, page);
    expect(screen.getByRole('status', { name: '事件流' }).textContent).toBe(
      '重连中…连接不稳定：已连续 3 次连上即断开，放慢重连',
    );
  });
});

describe('a refused action', () => {
  it("shows the app's explanation and the server's words, as text", async () => {
    const created = await fetch('http://ioc.test/__mock/events', {
      method: 'POST',
      body: JSON.stringify({ regionId: '440307001', title: '被他人签收的事件' }),
    });
    const ev = (await created.json()) as IocEvent;
    act(() => {
      page.events.ingest([ev]);
      page.events.flush();
    });
    const reason = '该事件已被坪地街道坐席签收，<b>请勿重复处置</b>';
    api.hostility.set({ case: 'status', status: 409, message: reason, path: '/actions$' });
    await page.startActions();
    renderWithApi(<ActionNotices />, null, {}, page);
    act(() => {
      page.actions.submit({
        eventId: ev.id,
        action: 'dispatch',
        toRegionId: '440307001',
        seen: ev.history.length,
      });
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('事件状态已变化，该操作不再适用（409）。');
    expect(alert.textContent).toContain(`服务器说明：“${reason}”`);
    expect(alert.querySelector('b')).toBeNull();
  });
});

describe('an implausible KPI', () => {
  const zh = kpiMessages['zh-CN'];
  /** The real /kpis answer, but with beds per 10,000 residents at -1. */
  const bedsAtMinusOne = () =>
    server.use(
      http.get(`${API_BASE}/kpis`, async ({ request }) => {
        const body = (await (await api.handle(request)).json()) as KpiResponse;
        const indicators = body.indicators.map((i) =>
          i.id === 'medical.bedsPer10k' ? { ...i, value: -1 } : i,
        );
        return HttpResponse.json({ ...body, indicators });
      }),
    );

  it("is flagged in its tile, the reason beside it and on hover, and the panel's other figures and chart stay", async () => {
    // jsdom has no canvas: the ranking shows its table, which is what is read here.
    const canvas = vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    bedsAtMinusOne();
    try {
      renderWithApi(<MedicalPanel />);
      const panel = screen.getByRole('region', { name: zh['kpi.medical.title'] });
      // On a busy machine the first answer may take seconds: waited for, not timed.
      const beds = await within(panel).findByRole(
        'group',
        { name: zh['kpi.ind.medical.bedsPer10k'] },
        { timeout: 15_000 },
      );
      // The bad figure: flagged, not drawn, and why, as text beside it and as its description.
      expect(beds.textContent).toBe(`${zh['kpi.ind.medical.bedsPer10k']}数值无效-1 超出合理范围，未显示`);
      const reason = document.getElementById(beds.getAttribute('aria-describedby')!);
      expect(reason?.textContent).toBe('-1 超出合理范围，未显示');
      expect(beds.getAttribute('title')).toBe(
        '指标“每万人床位”的数值 -1 超出合理范围，视为无效，未显示；其余指标照常显示。',
      );
      expect(beds.querySelector('data')).toBeNull();
      // The panel is not hidden: the other figure shows its value, and the ranking is drawn.
      expect(panel.className).toContain('kpi-panel--ready');
      expect(within(panel).queryByRole('status')).toBeNull();
      const doctors = within(panel).getByRole('group', { name: zh['kpi.ind.medical.doctorsPer10k'] });
      expect(doctors.querySelector('data')?.textContent).toMatch(/^\d+(\.\d+)?$/);
      const table = within(panel).getByRole('table');
      expect(within(table).getAllByRole('row').length).toBeGreaterThan(5);
      // No tile was left unexplained, so the panel lists nothing besides.
      expect(within(panel).queryByRole('list')).toBeNull();
    } finally {
      canvas.mockRestore();
    }
  }, 30_000);

  it('listed by its panel when no tile shows it, in English too', () => {
    useUiStore.setState({ locale: 'en' });
    const raw = [
      { id: '5g.statusMix.planned', label: '规划', value: 1e308, unit: '个' },
      { id: '5g.built', label: '5G基站建成数', value: 10346, unit: '个' },
    ];
    const selection = selectIndicators(raw, { ids: ['5g.built'], prefixes: ['5g.statusMix.'] });
    if (!selection.ok) throw new Error('an implausible figure must not invalidate the panel');
    expect(selection.flagged.map((f) => [f.id, f.value])).toEqual([['5g.statusMix.planned', 1e308]]);
    renderWithApi(
      <KpiPanel
        id="p"
        title="5G"
        data={{
          status: 'ready',
          problem: null,
          invalid: null,
          byId: selection.byId,
          groups: selection.groups,
          flagged: selection.flagged,
          asOf: new Date().toISOString(),
          refreshFailed: false,
        }}
      >
        <KpiTile id="5g.built" indicators={selection.byId} />
      </KpiPanel>,
    );
    expect(screen.getByRole('group', { name: 'Stations built' }).textContent).toContain('10,346');
    const list = screen.getByRole('list', { name: 'Implausible figures not shown' });
    expect(list.textContent).toMatch(/^Indicator ".+" has the value 1e\+308, outside any plausible range/);
  });
});

describe('the feature drawer', () => {
  it('shows an object-valued property as key/values', async () => {
    const info: LayerInfo = {
      id: 'street-lamps',
      title: '路灯',
      group: '市政设施',
      geometry: 'Point',
      count: 1,
      updatedAt: '2026-11-22T09:30:00+08:00',
      fields: [{ key: 'owner', label: '管理单位', type: 'string' }],
    };
    const def = genericLayer(info) as unknown as AnyLayer;
    useFeatureSelection.getState().select('street-lamps', {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [114.2, 22.7] },
      properties: {
        id: 'l1',
        name: '路灯 1',
        regionId: '440307001',
        owner: { 单位: '城管局', 电话: '12319' },
      },
    });
    renderWithApi(<FeatureDetail byId={new Map([['street-lamps', { def, info }]])} />);
    await waitFor(() => expect(screen.getByText('单位：城管局；电话：12319')).toBeTruthy());
    expect(document.body.textContent).not.toContain('[object Object]');
  });
});
