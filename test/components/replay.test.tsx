// @vitest-environment jsdom
/**
 * The time machine as an operator meets it, against the mock API: the timeline's named
 * controls, typing a moment replays it under a banner in the configured time zone, the feed
 * and the detail show events as they were then with their actions off, a critical event
 * arriving meanwhile is a badge that returns to live, and playback asks the API about once
 * a second however fast it plays, playing forward by the changes since the moment it shows.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IocEvent } from '@ioc/contract/contract';
import { formatIso } from '@ioc/domain/time';
import { createApi } from '../../mock-server/api';
import { mockHandlers } from '../../mock-server/handlers';
import { formatMoment, toZoneInput } from '../../src/i18n/dates';
import { ReplayBar, ReplayToggle } from '../../src/modes/replay/ReplayBar';
import { EventDetail } from '../../src/panels/events/EventDetail';
import { ROW_HEIGHT } from '../../src/panels/events/EventList';
import { EventFeed } from '../../src/panels/events/EventFeed';
import { useFeedFilter } from '../../src/panels/events/feedFilter';
import { goLive, pause, play, replayAt, setSpeed, useClockStore } from '../../src/state/clock';
import type { EventPipeline } from '../../src/pipeline/pipeline';
import { useScopeStore } from '../../src/state/scope';
import { useSelectionStore } from '../../src/state/selection';
import { useUiStore } from '../../src/state/ui';
import { testPipeline } from '../unit/events-pipeline';
import { renderWithApi } from './render';

const api = createApi({ tickMs: 0 });
const server = setupServer(...mockHandlers(api));
const PINGHU = '440307001';
const MINUTE = 60_000;

async function inject(body: Record<string, unknown>): Promise<IocEvent> {
  const res = await fetch('http://ioc.test/__mock/events', { method: 'POST', body: JSON.stringify(body) });
  const ev = (await res.json()) as IocEvent;
  act(() => {
    page.events.ingest([ev]);
    page.events.flush();
  });
  return ev;
}
const banner = () => screen.queryByRole('region', { name: '回放状态' });
/** The banner arrives with the first replayed moment's code. */
const bannerShown = () => screen.findByRole('region', { name: '回放状态' }, { timeout: 5000 });
const feedText = () => screen.getByRole('list', { name: '事件列表' }).textContent ?? '';

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
  goLive();
  useClockStore.setState({ open: false, historyFrom: null });
  page = testPipeline();
  useUiStore.setState({ locale: 'zh-CN', theme: 'dark', mode: 'operator' });
  useScopeStore.setState({ regionId: null });
  useSelectionStore.setState({ eventId: null });
  useFeedFilter.setState({ status: 'all', source: 'all', severity: 'all' });
});
afterEach(() => {
  goLive();
  cleanup();
  page.stop();
  server.resetHandlers();
});
afterAll(() => {
  server.close();
  api.close();
});

describe('replay', () => {
  it('reads a moment in the configured time zone, whatever the machine is set to', () => {
    expect(formatMoment('zh-CN', Date.parse('2026-12-04T19:14:00Z'))).toBe('12月5日 03:14');
    expect(toZoneInput(Date.parse('2026-12-04T19:14:00Z'))).toBe('2026-12-05T03:14');
  });

  it('opens a timeline of named controls; typing a moment replays it until 回到实时', async () => {
    renderWithApi(
      <>
        <ReplayToggle />
        <ReplayBar />
      </>,
      null,
      {},
      page,
    );
    expect(screen.queryByRole('region', { name: '时间轴' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: '回放' }));
    const timeline = await screen.findByRole('region', { name: '时间轴' }, { timeout: 5000 });
    expect(within(timeline).getByRole('slider', { name: '回放时间' })).toBeTruthy();
    expect(within(timeline).getByRole('combobox', { name: '回放速度' })).toBeTruthy();
    // Live: nothing to play yet; the milestones arrive from GET /milestones.
    expect(within(timeline).getByRole('button', { name: '播放' })).toHaveProperty('disabled', true);
    await waitFor(() =>
      expect(within(timeline).getByRole('button', { name: '上一个节点' })).toHaveProperty('disabled', false),
    );
    expect(banner()).toBeNull();

    const moment = Math.floor((Date.now() - 2 * 3600_000) / MINUTE) * MINUTE;
    fireEvent.change(within(timeline).getByLabelText('回放时刻'), { target: { value: toZoneInput(moment) } });
    await waitFor(() => expect(banner()?.textContent).toContain(`回放 ${formatMoment('zh-CN', moment)}`));
    expect(useClockStore.getState().queryT).toBe(moment);
    expect(within(timeline).getByRole('button', { name: '播放' })).toHaveProperty('disabled', false);

    // The previous milestone is one the API named, before the moment.
    await userEvent.click(within(timeline).getByRole('button', { name: '上一个节点' }));
    expect(useClockStore.getState().t).toBeLessThan(moment);

    await userEvent.click(within(banner() as HTMLElement).getByRole('button', { name: '回到实时' }));
    expect(banner()).toBeNull();
    expect(useClockStore.getState().mode).toBe('live');
  });

  it('shows the feed and the detail as they were then, with the actions off and saying why', async () => {
    const at = Date.now() - 3 * 3600_000;
    // An event reported before the moment and dispatched after it: 待派发 then.
    const statusAt = (ev: IocEvent, ms: number) =>
      ev.history.filter((h) => Date.parse(h.at) <= ms).at(-1)?.toStatus;
    const then = [...api.store.values()].find(
      (ev) =>
        Date.parse(ev.reportedAt) < at - MINUTE &&
        statusAt(ev, at + MINUTE) === 'reported' &&
        ev.history.some((h) => Date.parse(h.at) > at + MINUTE),
    );
    expect(then).toBeDefined();
    act(() => {
      page.events.ingest([...api.store.values()]);
      page.events.flush();
    });
    const fresh = await inject({ regionId: PINGHU, title: '回放之后才上报的事件', severity: 3 });
    renderWithApi(
      <>
        <EventFeed />
        <EventDetail />
      </>,
      null,
      {},
      page,
    );
    await waitFor(() => expect(feedText()).toContain(fresh.title));

    const asked: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const u = new URL(request.url);
      if (u.pathname.endsWith(`/events/${(then as IocEvent).id}`))
        asked.push(u.searchParams.get('asOf') ?? '');
    });
    act(() => {
      replayAt(at);
      useSelectionStore.getState().selectEvent((then as IocEvent).id);
    });
    await waitFor(() => expect(screen.getByRole('heading', { name: '回放时刻的事件' })).toBeTruthy());
    const detail = await screen.findByRole('region', { name: '事件详情' });
    const ev = then as IocEvent;
    expect(ev.status).not.toBe('reported');
    await waitFor(() =>
      expect(detail.querySelector('.event-detail__status')?.textContent).toContain('待派发'),
    );
    expect(feedText()).not.toContain(fresh.title);
    // The detail asks for the one event as it was then.
    expect(asked).toEqual([formatIso(Math.floor(at / 1000) * 1000)]);
    server.events.removeAllListeners();
    const actions = within(detail).getByRole('region', { name: '处置' });
    const buttons = within(actions).getAllByRole('button');
    expect(buttons.length).toBeGreaterThan(0);
    for (const b of buttons) {
      expect(b).toHaveProperty('disabled', true);
      expect(b.getAttribute('title')).toBe('回放中不可操作');
      expect(b.getAttribute('aria-description')).toBe('回放中不可操作');
    }

    // Nor does anything else act on the past (the console's keys go through the same door).
    expect(
      page.actions.submit({ eventId: ev.id, action: 'dispatch', toRegionId: PINGHU, seen: 1 }),
    ).toBeNull();
    expect(page.actions.store.getState().queue).toEqual([]);

    act(() => goLive());
    await waitFor(() => expect(feedText()).toContain(fresh.title));
  });

  it('a critical event arriving during a replay is a badge on the banner that returns to live', async () => {
    act(() => replayAt(Date.now() - 3600_000));
    renderWithApi(<ReplayBar />, null, {}, page);
    expect(within(await bannerShown()).queryByRole('button', { name: /特别严重/ })).toBeNull();
    await inject({ regionId: PINGHU, title: '回放中到来的特别严重事件', severity: 4 });
    const badge = await within(banner() as HTMLElement).findByRole('button', {
      name: '1 条新的特别严重事件 · 回到实时',
    });
    await userEvent.click(badge);
    expect(useClockStore.getState().mode).toBe('live');
    expect(banner()).toBeNull();
  });

  it('playing at 3600× moves the moment by hours but asks the API about once a second', async () => {
    const asked: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const u = new URL(request.url);
      if (u.pathname.endsWith('/events') && u.searchParams.has('asOf'))
        asked.push(u.searchParams.get('asOf') as string);
      // Playing forward, a moment is the changes up to it.
      if (u.pathname.endsWith('/events/changes')) asked.push(u.searchParams.get('to') as string);
    });
    const start = Date.now() - 24 * 3600_000;
    act(() => replayAt(start));
    renderWithApi(<EventFeed />, null, {}, page);
    act(() => {
      setSpeed(3600);
      play();
    });
    await new Promise((r) => setTimeout(r, 2600));
    act(() => pause());
    server.events.removeAllListeners();
    // Over two hours of the city in 2.6 s of wall time...
    expect(useClockStore.getState().t - start).toBeGreaterThan(2 * 3600_000);
    // ...asked as at most one moment a second (read whole, or as the changes up to it).
    const moments = new Set(asked);
    expect(moments.size).toBeGreaterThanOrEqual(2);
    expect(moments.size).toBeLessThanOrEqual(5);
  });

  it('playing forward reads the changes since a moment it showed; a step back reads the moment whole', async () => {
    const whole: string[] = [];
    const steps: [string, string][] = [];
    server.events.on('request:start', ({ request }) => {
      const u = new URL(request.url);
      const q = (k: string) => u.searchParams.get(k) as string;
      if (u.pathname.endsWith('/events') && u.searchParams.has('asOf')) whole.push(q('asOf'));
      if (u.pathname.endsWith('/events/changes')) steps.push([q('from'), q('to')]);
    });
    const start = Math.floor((Date.now() - 24 * 3600_000) / 1000) * 1000;
    act(() => replayAt(start));
    renderWithApi(<EventFeed />);
    await waitFor(() => expect(feedText()).not.toBe(''));
    act(() => {
      setSpeed(600);
      play();
    });
    await waitFor(() => expect(steps.length).toBeGreaterThanOrEqual(2), { timeout: 8000 });
    // Each step starts at a moment already shown, and nothing is read whole while playing.
    const shown = new Set([formatIso(start), ...steps.map(([, to]) => to)]);
    for (const [from, to] of steps) {
      expect(shown.has(from), from).toBe(true);
      expect(Date.parse(to)).toBeGreaterThan(Date.parse(from));
    }
    expect(new Set(whole)).toEqual(new Set([formatIso(start)]));

    act(() => replayAt(start - 3600_000));
    await waitFor(() => expect(whole).toContain(formatIso(start - 3600_000)));
    act(() => pause());
    server.events.removeAllListeners();
    expect(steps.some(([, to]) => to === formatIso(start - 3600_000))).toBe(false);
  }, 20_000);
  it('a jump shows the feed from its first answers, then the rest of the settled events', async () => {
    // The rest of the settled window (the pages after the first) waits until released.
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    server.use(
      http.get('http://ioc.test/api/v1/events', async ({ request }) => {
        const q = new URL(request.url).searchParams;
        if (q.has('asOf') && q.get('status') === 'resolved,closed' && q.get('cursor')) await held;
        // Nothing answered here: the mock's own handler answers.
      }),
    );
    renderWithApi(<EventFeed />, null, {}, page);
    act(() => replayAt(Date.now() - 2 * 3600_000));
    const count = () => document.querySelector('.event-feed__count')?.textContent ?? '';
    await waitFor(() => expect(count()).toContain('更早的已结事件加载中'), { timeout: 10_000 });
    const first = Number(/\/ (\d+)/u.exec(count())?.[1]);
    expect(first).toBeGreaterThan(0);
    expect(screen.getAllByRole('listitem').length).toBeGreaterThan(0);
    release();
    await waitFor(() => expect(count()).not.toContain('加载中'), { timeout: 10_000 });
    expect(Number(/\/ (\d+)/u.exec(count())?.[1])).toBeGreaterThan(first);
  }, 30_000);
});
