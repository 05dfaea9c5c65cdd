// @vitest-environment jsdom
/**
 * What the panels say about round-two faults, as a user reads them: a failed event list is
 * never an empty one, a flapping stream says so, a refused action carries the server's
 * reason beside the app's, an implausible KPI is flagged and not drawn, and an
 * object-valued property reads as key/values.
 */
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../mock-server/api';
import { mockHandlers } from '../../mock-server/handlers';
import { withHostility } from '../../mock-server/hostile';
import { createApiClient } from '../../src/api/client';
import type { IocEvent, LayerInfo } from '@ioc/contract/contract';
import { ApiProblem, HTML_DETAIL } from '../../src/api/errors';
import { genericLayer } from '../../src/catalog/generic';
import type { AnyLayer } from '../../src/catalog/registry';
import { ActionNotices } from '../../src/panels/events/ActionNotices';
import { EventFeed } from '../../src/panels/events/EventFeed';
import { StreamStatus } from '../../src/panels/events/StreamStatus';
import { FeatureDetail } from '../../src/panels/FeatureDetail';
import { KpiPanel } from '../../src/panels/kpi/KpiPanel';
import { hugeNumbers } from '../../mock-server/hostile/extremes';
import { selectIndicators } from '../../src/panels/kpi/useKpis';
import { resetActionQueue, startActionQueue, submitAction } from '../../src/state/actionQueue';
import { resetEventList, useEventListStore } from '../../src/state/eventList';
import { flushEvents, ingestEvents, resetEvents, useEventsStore } from '../../src/state/events';
import { useFeatureSelection } from '../../src/state/featureSelection';
import { useUiStore } from '../../src/state/ui';
import { API_BASE, renderWithApi } from './render';

const api = withHostility(createApi({ tickMs: 0 }));
const server = setupServer(...mockHandlers(api));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  resetEvents();
  resetEventList();
  resetActionQueue();
  useUiStore.setState({ locale: 'zh-CN', theme: 'dark', mode: 'operator' });
});
afterEach(() => {
  cleanup();
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
    useEventListStore.setState({ phase: 'failed', problem });
    renderWithApi(<EventFeed />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe(
      '事件列表加载失败：数据接口暂时故障（502），正在自动重试。（返回的是网页，可能来自代理或网关）',
    );
    expect(document.body.textContent).not.toMatch(/0 \/ 0|暂无事件|没有符合条件/);
  });

  it('says an empty list is empty, and a loading one is loading', () => {
    renderWithApi(<EventFeed />);
    expect(screen.getByText('正在加载事件列表…')).toBeTruthy();
    act(() => useEventListStore.setState({ phase: 'ready', problem: null }));
    expect(screen.getByText('暂无事件')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('the stream status', () => {
  it('says the stream is flapping, apart from the list', () => {
    useEventsStore.getState().setConnection({ phase: 'reconnecting', flaps: 3 });
    renderWithApi(<StreamStatus />);
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
      ingestEvents([ev]);
      flushEvents();
    });
    const reason = '该事件已被坪地街道坐席签收，<b>请勿重复处置</b>';
    api.hostility.set({ case: 'status', status: 409, message: reason, path: '/actions$' });
    const stop = startActionQueue(createApiClient(API_BASE, null));
    try {
      renderWithApi(<ActionNotices />);
      act(() => {
        submitAction({
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
    } finally {
      stop();
    }
  });
});

describe('an implausible KPI', () => {
  it('is flagged in its panel, naming the indicator and the value, and not drawn', () => {
    const raw = hugeNumbers({
      indicators: [{ id: '5g.built', label: '5G基站建成数', value: 10346, unit: '个' }],
    }) as { indicators: unknown[] };
    const selection = selectIndicators(raw.indicators, { ids: ['5g.built'] });
    if (selection.ok) throw new Error('expected the value to be implausible');
    const { ok: _, ...invalid } = selection;
    renderWithApi(
      <KpiPanel
        id="p"
        title="5G 基站建设"
        data={{
          status: 'invalid',
          problem: null,
          invalid,
          byId: new Map(),
          groups: new Map(),
          asOf: new Date().toISOString(),
          refreshFailed: false,
        }}
      >
        <p>1e308</p>
      </KpiPanel>,
    );
    expect(screen.getByRole('status').textContent).toBe(
      '指标“已建基站”的数值 1e+308 超出合理范围，视为无效，本面板暂不显示。',
    );
    expect(screen.queryByText('1e308')).toBeNull();
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
