// @vitest-environment jsdom
/**
 * The feed as an operator meets it: an accessible list of events with filters, hostile
 * text shown as text, selecting flies the map and opens the detail, actions apply at
 * once, and new events do not move what the operator is reading.
 */
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { Profiler } from 'react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../mock-server/api';
import { mockHandlers } from '../../mock-server/handlers';
import type { IocEvent } from '@ioc/contract/contract';
import { EventDetail } from '../../src/panels/events/EventDetail';
import { EventFeed } from '../../src/panels/events/EventFeed';
import { EventsAside } from '../../src/panels/events/EventsAside';
import { ROW_HEIGHT } from '../../src/panels/events/EventList';
import { useFeedFilter } from '../../src/panels/events/feedFilter';
import { StreamStatus } from '../../src/panels/events/StreamStatus';
import { useCameraStore } from '../../src/state/camera';
import { MAX_SETTLED } from '../../src/pipeline/events';
import type { EventPipeline } from '../../src/pipeline/pipeline';
import { useScopeStore } from '../../src/state/scope';
import { useSelectionStore } from '../../src/state/selection';
import { useUiStore } from '../../src/state/ui';
import { testPipeline } from '../unit/events-pipeline';
import { API_BASE, renderWithApi } from './render';

const api = createApi({ tickMs: 0 });
const server = setupServer(...mockHandlers(api));
const PINGHU = '440307001';

async function inject(body: Record<string, unknown>): Promise<IocEvent> {
  const res = await fetch('http://ioc.test/__mock/events', { method: 'POST', body: JSON.stringify(body) });
  return (await res.json()) as IocEvent;
}
function load(events: Iterable<IocEvent>) {
  act(() => {
    page.events.ingest([...events]);
    page.events.flush();
  });
}
const list = () => screen.getByRole('list', { name: '事件列表' });
const rows = () => within(list()).getAllByRole('listitem');

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  // jsdom lays nothing out: give the feed's scroller a height so the list virtualises.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get() {
      return (this as HTMLElement).classList.contains('event-list') ? ROW_HEIGHT * 8 : 0;
    },
  });
});
let page: EventPipeline;

beforeEach(() => {
  page = testPipeline();
  useUiStore.setState({ locale: 'zh-CN', theme: 'dark', mode: 'operator' });
  useScopeStore.setState({ regionId: null });
  useSelectionStore.setState({ eventId: null });
  useFeedFilter.setState({ status: 'all', source: 'all', severity: 'all' });
});
afterEach(() => {
  cleanup();
  page.stop();
  server.resetHandlers();
});
afterAll(() => {
  server.close();
  api.close();
});

describe('event feed', () => {
  it('is a list of events, virtualised, with severity, status, source, place and deadline', async () => {
    load(api.store.values());
    renderWithApi(<EventsAside />, null, {}, page);
    expect(rows().length).toBeLessThan(20); // only what fits, of a few thousand
    // The feed holds every open event and the latest settled ones (memory is bounded).
    const held = page.events.store.getState().byId;
    const open = [...api.store.values()].filter((e) => e.status !== 'resolved' && e.status !== 'closed');
    expect(open.every((e) => held.has(e.id))).toBe(true);
    expect(held.size).toBeGreaterThanOrEqual(Math.min(api.store.size, open.length + MAX_SETTLED));
    expect(rows()[0]?.getAttribute('aria-setsize')).toBe(String(held.size));
    // Newest first; events updated in the same second are told apart by id, as the API does.
    const newest = [...api.store.values()].sort(
      (a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    )[0]!;
    await waitFor(() => expect(rows()[0]?.textContent).toContain('街道')); // region names loaded
    const first = rows()[0]!.textContent ?? '';
    expect(first).toContain(newest.title);
    expect(first).toMatch(/\d级/);
  });

  it('shows HTML and script in citizen text as literal text', async () => {
    const ev = await inject({
      regionId: PINGHU,
      title: '<img src=x onerror="window.__xss=1">投诉',
      description: '<script>window.__xss=2</script>',
    });
    load([ev]);
    renderWithApi(<EventsAside />, null, {}, page);
    expect(rows()[0]?.textContent).toContain('<img src=x onerror="window.__xss=1">投诉');
    expect(document.querySelector('img')).toBeNull();
    await userEvent.click(within(rows()[0]!).getByRole('button'));
    const detail = screen.getByRole('region', { name: '事件详情' });
    expect(detail.textContent).toContain('<script>window.__xss=2</script>');
    expect(document.querySelector('script')).toBeNull();
    expect((window as { __xss?: number }).__xss).toBeUndefined();
  });

  it('filters by status, severity and the shared scope', async () => {
    load(api.store.values());
    renderWithApi(<EventsAside />, null, {}, page);
    await userEvent.selectOptions(screen.getByLabelText('状态'), '已办结');
    await waitFor(() => expect(rows().every((r) => r.textContent?.includes('已办结'))).toBe(true));
    await userEvent.selectOptions(screen.getByLabelText('状态'), '全部');
    await userEvent.selectOptions(screen.getByLabelText('等级'), '3 级及以上');
    expect(rows().every((r) => /[34]级/.test(r.textContent ?? ''))).toBe(true);
    await userEvent.selectOptions(screen.getByLabelText('等级'), '全部');
    // The area list fills once the regions have loaded.
    await waitFor(() => expect(within(screen.getByLabelText('范围')).getAllByRole('option').length).toBe(12));
    await userEvent.selectOptions(screen.getByLabelText('范围'), '平湖街道');
    expect(useScopeStore.getState().regionId).toBe(PINGHU); // the one scope: map and panels follow
    await waitFor(() => expect(rows().every((r) => r.textContent?.includes('平湖'))).toBe(true));
  });

  it('selecting an event flies the map to it and opens its detail with history and nearby resources', async () => {
    const ev = await inject({ regionId: PINGHU, title: '平湖大街井盖缺失', severity: 3 });
    load([ev]);
    const revision = useCameraStore.getState().revision;
    renderWithApi(<EventsAside />, null, {}, page);
    await userEvent.click(within(rows()[0]!).getByRole('button'));
    expect(useSelectionStore.getState().eventId).toBe(ev.id);
    await waitFor(() => expect(useCameraStore.getState().revision).toBe(revision + 1));
    const { center, zoom } = useCameraStore.getState().camera;
    // The API is GCJ-02, the basemap WGS84: the map goes a few hundred metres away from the raw point.
    expect(Math.abs(center[0] - ev.location[0])).toBeLessThan(0.01);
    expect(center).not.toEqual(ev.location);
    expect(zoom).toBeGreaterThanOrEqual(15);
    const detail = screen.getByRole('region', { name: '事件详情' });
    expect(within(detail).getByRole('region', { name: '处置记录' }).textContent).toContain('上报');
    await waitFor(() =>
      expect(within(detail).getByRole('region', { name: '周边资源' }).textContent).toContain('最近医院'),
    );
  });

  it('dispatches from the detail: shown at once, confirmed by the API', async () => {
    await page.startActions();
    const ev = await inject({ regionId: PINGHU, title: '待派发的事件' });
    load([ev]);
    renderWithApi(<EventsAside />, null, {}, page);
    await userEvent.click(within(rows()[0]!).getByRole('button'));
    const detail = screen.getByRole('region', { name: '事件详情' });
    await waitFor(() => expect(within(detail).getByLabelText('派发至')).toHaveProperty('value', PINGHU));
    await userEvent.click(within(detail).getByRole('button', { name: '派发' }));
    expect(rows()[0]?.textContent).toMatch(/待同步|已派发/);
    await waitFor(() => expect(api.store.get(ev.id)?.status).toBe('dispatched'));
    await waitFor(() => expect(rows()[0]?.textContent).toContain('已派发'));
    expect(within(detail).getByRole('button', { name: '签收' })).toBeTruthy();
  });

  it('a dispatch decided on what the detail showed is refused when someone dispatched meanwhile', async () => {
    await page.startActions();
    const ev = await inject({ regionId: PINGHU, title: '两人同时派发' });
    load([ev]);
    renderWithApi(<EventsAside />, null, {}, page);
    await userEvent.click(within(rows()[0]!).getByRole('button'));
    const detail = screen.getByRole('region', { name: '事件详情' });
    // Another console dispatches it to another street; this one has not heard yet.
    const other = await fetch(`${API_BASE}/events/${ev.id}/actions`, {
      method: 'POST',
      headers: { authorization: 'Bearer district-demo', 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'dispatch', toRegionId: '440307002', clientActionId: `other-${ev.id}` }),
    });
    expect(other.status).toBe(200);
    await userEvent.click(within(detail).getByRole('button', { name: '派发' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('409');
    expect(api.store.get(ev.id)?.history.filter((h) => h.action === 'dispatch')).toHaveLength(1);
    expect(api.store.get(ev.id)?.assignee?.regionId).toBe('440307002');
  });

  it('keeps the operator’s place when new events arrive above, and offers a way back up', async () => {
    load(api.store.values());
    renderWithApi(<EventsAside />, null, {}, page);
    const scroller = document.querySelector('.event-list') as HTMLElement;
    act(() => {
      scroller.scrollTop = 10 * ROW_HEIGHT;
      scroller.dispatchEvent(new Event('scroll'));
    });
    const reading = screen.getAllByRole('listitem').find((r) => r.getAttribute('aria-posinset') === '11')!;
    const readingId = reading.querySelector('[data-event-id]')?.getAttribute('data-event-id');
    const fresh = await Promise.all([1, 2, 3].map((i) => inject({ regionId: PINGHU, title: `新事件 ${i}` })));
    load(fresh);
    expect(scroller.scrollTop).toBe(13 * ROW_HEIGHT);
    const now = screen.getAllByRole('listitem').find((r) => r.getAttribute('aria-posinset') === '14')!;
    expect(now.querySelector('[data-event-id]')?.getAttribute('data-event-id')).toBe(readingId);
    await userEvent.click(screen.getByRole('button', { name: /3 条新动态/ }));
    expect(scroller.scrollTop).toBe(0);
  });

  it('says whether the stream is live, reconnecting or stale since when', () => {
    renderWithApi(<StreamStatus />, null, {}, page);
    const status = screen.getByRole('status', { name: '事件流' });
    act(() => page.events.store.getState().setConnection({ phase: 'live', lastContactAt: Date.now() }));
    expect(status.textContent).toBe('实时');
    act(() => page.events.store.getState().setConnection({ phase: 'reconnecting' }));
    expect(status.textContent).toBe('重连中…');
    const at = Date.parse('2026-11-22T09:41:00+08:00');
    act(() => page.events.store.getState().setConnection({ phase: 'stale', lastContactAt: at }));
    expect(status.textContent).toBe('数据停滞 · 自 09:41');
  });

  it('a new event re-renders the feed only, not the connection state or the open detail', async () => {
    const selected = await inject({ regionId: PINGHU, title: '已打开的事件' });
    load([selected]);
    act(() => useSelectionStore.getState().selectEvent(selected.id));
    const commits: Record<string, number> = { feed: 0, status: 0, detail: 0 };
    const count = (id: string) => () => {
      commits[id] = (commits[id] ?? 0) + 1;
    };
    renderWithApi(
      <>
        <Profiler id="status" onRender={count('status')}>
          <StreamStatus />
        </Profiler>
        <Profiler id="detail" onRender={count('detail')}>
          <EventDetail />
        </Profiler>
        <Profiler id="feed" onRender={count('feed')}>
          <EventFeed />
        </Profiler>
      </>,
      null,
      {},
      page,
    );
    await waitFor(() =>
      expect(screen.getByRole('region', { name: '周边资源' }).textContent).toContain('最近医院'),
    );
    await new Promise((r) => setTimeout(r, 100));
    const before = { ...commits };
    load([await inject({ regionId: PINGHU, title: '又一条新事件' })]);
    expect(rows()[0]?.textContent).toContain('又一条新事件');
    expect(commits.feed).toBeGreaterThan(before.feed ?? 0);
    expect(commits.status).toBe(before.status);
    expect(commits.detail).toBe(before.detail);
  });
});
