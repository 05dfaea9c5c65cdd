// @vitest-environment jsdom
/**
 * The recorded emergency switch as people meet it: a signed-in desk's switch goes to the
 * API through the action queue (kept while the API is away, then sent once) and the button
 * says who switched; nobody signed in switches only their own screen and sends nothing; in
 * replay the button shows the state recorded then and cannot be pressed; and the timeline
 * names the milestones it steps to, switches and KPI crossings among them, in both languages.
 */
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmergencyState, Milestone, SessionInfo } from '@ioc/contract/contract';
import { formatIso } from '@ioc/domain/time';
import { createApi } from '../../mock-server/api';
import { mockHandlers } from '../../mock-server/handlers';
import { EmergencyRuntime } from '../../src/modes/emergency/EmergencyRuntime';
import { EmergencySwitch } from '../../src/modes/emergency/EmergencySwitch';
import { Timeline } from '../../src/modes/replay/Timeline';
import type { EventPipeline } from '../../src/pipeline/pipeline';
import { useSessionStore } from '../../src/session/store';
import { goLive, replayAt, useClockStore } from '../../src/state/clock';
import { useEmergencyStore } from '../../src/state/emergency';
import { useUiStore } from '../../src/state/ui';
import { testPipeline } from '../unit/events-pipeline';
import { API_BASE, renderWithApi } from './render';

const api = createApi({ tickMs: 0 });
const server = setupServer(...mockHandlers(api));
const PINGHU = '440307001';
const MINUTE = 60_000;

const desk: SessionInfo = {
  id: 'demo-street-440307001',
  login: 'demo-street-440307001',
  name: '平湖街道坐席',
  role: 'street',
  regionId: PINGHU,
  regionName: '平湖街道',
  regionLevel: 'street',
  canAct: true,
  expiresAt: formatIso(Date.now() + 3600_000),
};

/** What the API records for a switch sent now by 平湖's desk. */
const recorded = (on: boolean, at = Date.now()): EmergencyState => ({
  asOf: formatIso(at),
  regionId: PINGHU,
  on,
  last: {
    at: formatIso(Math.floor(at / 1000) * 1000),
    on,
    regionId: PINGHU,
    by: '平湖街道坐席',
    incidentId: null,
    note: null,
  },
});

let page: EventPipeline;
const posted: unknown[] = [];
const onRequest = async ({ request }: { request: Request }) => {
  if (request.method === 'POST' && new URL(request.url).pathname.endsWith('/emergency'))
    posted.push(await request.clone().json());
};

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', onRequest);
});
beforeEach(() => {
  goLive();
  localStorage.clear();
  posted.length = 0;
  page = testPipeline();
  useUiStore.setState({ locale: 'zh-CN' });
  useEmergencyStore.setState({ on: false, recorded: null });
  useSessionStore.setState({ person: null });
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

describe('the recorded emergency switch', () => {
  it('nobody signed in: switches this screen only, sends nothing, and says so', async () => {
    renderWithApi(<EmergencySwitch />, null, {}, page);
    await page.startActions();
    const button = screen.getByRole('button', { name: '平战切换' });
    expect(button.getAttribute('title')).toContain('只切换本屏');
    await userEvent.click(button);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(page.actions.store.getState().queue).toEqual([]);
    await new Promise((r) => setTimeout(r, 50));
    expect(posted).toEqual([]);
  });

  it("a desk's switch is queued, kept while the API is away, sent once it is back, and names who switched", async () => {
    useSessionStore.setState({ person: desk });
    let down = true;
    server.use(
      http.post(`${API_BASE}/emergency`, async ({ request }) => {
        if (down)
          return HttpResponse.json({ error: { code: 'unavailable', message: 'down' } }, { status: 503 });
        const body = (await request.json()) as { on: boolean };
        return HttpResponse.json(recorded(body.on));
      }),
    );
    renderWithApi(<EmergencySwitch />, null, {}, page);
    await page.startActions();
    const button = screen.getByRole('button', { name: '平战切换' });
    expect(button.getAttribute('title')).toContain('切换将被记录');
    await userEvent.click(button);
    // Shown at once; the API is away, so it waits in the queue (and in storage).
    expect(button.getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(page.actions.store.getState().queue[0]?.waiting).toBe(true));
    expect(page.actions.store.getState().queue[0]?.action).toBe('emergencyOn');
    expect(localStorage.length).toBe(1);
    down = false;
    act(() => page.retryActions());
    // The client may hold the path a moment after the 503 (src/api/discipline.ts): it goes then.
    await waitFor(() => expect(page.actions.store.getState().queue).toEqual([]), { timeout: 8000 });
    // Sent with one key however often it was tried, so the API records it once.
    const keys = new Set((posted as { clientActionId: string; on: boolean }[]).map((b) => b.clientActionId));
    expect(keys.size).toBe(1);
    expect(posted.every((b) => (b as { on: boolean }).on === true)).toBe(true);
    await waitFor(() => expect(button.getAttribute('title')).toMatch(/^平湖街道坐席 于 .* 切换到战时/u));
    expect(button.getAttribute('aria-pressed')).toBe('true');
  });

  it('a refused switch goes back to the recorded state and leaves a notice', async () => {
    useSessionStore.setState({ person: desk });
    server.use(
      http.post(`${API_BASE}/emergency`, () =>
        HttpResponse.json(
          { error: { code: 'forbidden', message: 'a planner account reads only' } },
          { status: 403 },
        ),
      ),
    );
    renderWithApi(<EmergencySwitch />, null, {}, page);
    await page.startActions();
    const button = screen.getByRole('button', { name: '平战切换' });
    await userEvent.click(button);
    await waitFor(() => expect(page.actions.store.getState().notices).toHaveLength(1));
    expect(page.actions.store.getState().notices[0]?.action).toBe('emergencyOn');
    expect(button.getAttribute('aria-pressed')).toBe('false');
  });

  it('follows what others switched, and in replay shows the state recorded then, not pressable', async () => {
    const at = Date.now() - 30 * MINUTE;
    server.use(
      http.get(`${API_BASE}/emergency`, ({ request }) => {
        const asOf = new URL(request.url).searchParams.get('asOf');
        // Switched on 30 minutes ago: on now, off before.
        if (asOf !== null && Date.parse(asOf) < at)
          return HttpResponse.json({ ...recorded(false, Date.parse(asOf)), on: false, last: null });
        return HttpResponse.json(recorded(true, at));
      }),
    );
    renderWithApi(
      <>
        <EmergencySwitch />
        <EmergencyRuntime />
      </>,
      null,
      {},
      page,
    );
    const button = screen.getByRole('button', { name: '平战切换' });
    await waitFor(() => expect(button.getAttribute('aria-pressed')).toBe('true'));
    expect(button.getAttribute('title')).toMatch(/^平湖街道坐席 于 /u);
    act(() => replayAt(at - 10 * MINUTE));
    await waitFor(() => expect(button.getAttribute('aria-pressed')).toBe('false'));
    expect(button).toHaveProperty('disabled', true);
    expect(button.getAttribute('title')).toContain('回放中');
    act(() => replayAt(at + 10 * MINUTE));
    await waitFor(() => expect(button.getAttribute('aria-pressed')).toBe('true'));
    act(() => goLive());
    expect(button).toHaveProperty('disabled', false);
  });
  it('where nobody has switched, a screen opened focused (a shared link) stays focused, live and in replay', async () => {
    let answered = 0;
    server.use(
      http.get(`${API_BASE}/emergency`, ({ request }) => {
        answered++;
        const asOf = new URL(request.url).searchParams.get('asOf');
        return HttpResponse.json({
          asOf: asOf ?? formatIso(Date.now()),
          regionId: '440307',
          on: false,
          last: null,
        });
      }),
    );
    useEmergencyStore.setState({ on: true });
    act(() => replayAt(Date.now() - 60 * MINUTE));
    renderWithApi(
      <>
        <EmergencySwitch />
        <EmergencyRuntime />
      </>,
      null,
      {},
      page,
    );
    await waitFor(() => expect(answered).toBeGreaterThan(0));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByRole('button', { name: '平战切换' }).getAttribute('aria-pressed')).toBe('true');
  });
});

describe('the timeline names its milestones', () => {
  const now = Date.now();
  const items: Milestone[] = [
    {
      at: formatIso(now - 50 * MINUTE),
      kind: 'reported',
      eventId: 'EV-1',
      title: '燃气泄漏',
      regionId: PINGHU,
    },
    {
      at: formatIso(now - 40 * MINUTE),
      kind: 'emergency_on',
      title: '平湖街道',
      regionId: PINGHU,
      by: '平湖街道坐席',
    },
    {
      at: formatIso(now - 30 * MINUTE),
      kind: 'kpi_missed',
      title: '12345热线办结率（近24小时到期工单）',
      regionId: '440307',
      indicator: 'hotline.closureRate',
      value: 50,
      target: 100,
    },
  ];
  beforeEach(() => {
    server.use(http.get(`${API_BASE}/milestones`, () => HttpResponse.json({ items, truncated: false })));
  });

  it('says what each step is: a KPI crossing with its value, a switch with who switched', async () => {
    renderWithApi(<Timeline />, null, {}, page);
    const timeline = screen.getByRole('region', { name: '时间轴' });
    const previous = within(timeline).getByRole('button', { name: '上一个节点' });
    await waitFor(() => expect(previous).toHaveProperty('disabled', false));
    expect(previous.getAttribute('title')).toBe(
      '上一个节点: 指标低于目标 · 12345热线办结率（近24小时到期工单） · 50%（目标 100%）',
    );
    await userEvent.click(previous);
    expect(useClockStore.getState().t).toBe(now - 30 * MINUTE - (now % 1000));
    await waitFor(() =>
      expect(previous.getAttribute('title')).toBe('上一个节点: 切换到战时 · 平湖街道 · 平湖街道坐席操作'),
    );
    const next = within(timeline).getByRole('button', { name: '下一个节点' });
    expect(next.getAttribute('title')).toBe('下一个节点');
    expect(next).toHaveProperty('disabled', true);
  });

  it('in English too', async () => {
    useUiStore.setState({ locale: 'en' });
    act(() => replayAt(now - 35 * MINUTE));
    renderWithApi(<Timeline />, null, {}, page);
    const previous = screen.getByRole('button', { name: 'Previous milestone' });
    await waitFor(() =>
      expect(previous.getAttribute('title')).toBe(
        'Previous milestone: Switched to emergency · 平湖街道 · by 平湖街道坐席',
      ),
    );
    expect(screen.getByRole('button', { name: 'Next milestone' }).getAttribute('title')).toBe(
      'Next milestone: KPI fell below its target · 12345热线办结率（近24小时到期工单） · 50% (target 100%)',
    );
  });
});
