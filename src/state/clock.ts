/**
 * The app's one clock (issue 22, "the time machine"): live by default, or replaying a moment
 * `t`. Everything that reads events or their KPIs asks the API for `asOf = queryT`, which
 * follows `t` but, while playing, moves at most once per QUERY_EVERY_MS of wall time and
 * in whole seconds (the API counts whole seconds), so playback at 3600× does not turn into
 * a request per frame.
 */
import { create } from 'zustand';

export const SPEEDS = [1, 10, 60, 600, 3600] as const;
export type Speed = (typeof SPEEDS)[number];
/** What the replay shows: the state at t, or what happened in the last N hours up to t. */
export const WINDOW_HOURS = [1, 6, 24] as const;
export type ReplayWindow = 'at' | (typeof WINDOW_HOURS)[number];

/** The fastest the moment asked of the API moves while playing (wall time). */
export const QUERY_EVERY_MS = 1000;
/** How often playback advances the shown time (the slider and the banner's clock). */
const TICK_MS = 250;

export interface ClockState {
  mode: 'live' | 'replay';
  /** The moment replayed (ms); meaningless while live. */
  t: number;
  /** The moment the API is asked for (whole seconds; throttled while playing). */
  queryT: number;
  playing: boolean;
  speed: Speed;
  window: ReplayWindow;
  /** The timeline is open (the wall keeps it hidden until an operator opens it). */
  open: boolean;
  /** The API's X-History-From (ms): before it, closed events may be missing. Null: not told yet. */
  historyFrom: number | null;
  /** When (wall ms) the replay began: critical events reported since are news for the banner. */
  enteredAt: number;
}

const LIVE: Omit<ClockState, 'historyFrom' | 'open'> = {
  mode: 'live',
  t: 0,
  queryT: 0,
  playing: false,
  speed: 60,
  window: 'at',
  enteredAt: 0,
};

export const useClockStore = create<ClockState>(() => ({ ...LIVE, open: false, historyFrom: null }));

const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000;
/** Never past now: the API refuses a moment much ahead of its clock. */
const clamp = (ms: number) => Math.min(ms, Date.now());

let ticker: ReturnType<typeof setInterval> | null = null;
let lastQueryAt = 0;

function stopTicker(): void {
  if (ticker !== null) clearInterval(ticker);
  ticker = null;
}

/** Replays moment `ms`; `open` shows the timeline (a shared link on the wall leaves it hidden). */
export function replayAt(ms: number, open = true): void {
  clearTimeout(scrubTimer);
  const t = clamp(ms);
  const s = useClockStore.getState();
  useClockStore.setState({
    mode: 'replay',
    t,
    queryT: wholeSecond(t),
    open: open || s.open,
    enteredAt: s.mode === 'replay' ? s.enteredAt : Date.now(),
  });
}

/** How long the slider rests before the moment it shows is asked of the API. */
const SCRUB_REST_MS = 250;
let scrubTimer: ReturnType<typeof setTimeout> | undefined;

/** Dragging the slider: the shown time follows at once, the API only once the hand rests. */
export function scrubTo(ms: number): void {
  const s = useClockStore.getState();
  if (s.mode === 'live') {
    replayAt(ms);
    return;
  }
  const t = clamp(ms);
  useClockStore.setState({ t });
  clearTimeout(scrubTimer);
  scrubTimer = setTimeout(
    () => useClockStore.setState({ queryT: wholeSecond(useClockStore.getState().t) }),
    SCRUB_REST_MS,
  );
}

/** Back to live: every panel reads the live store and the current figures again. */
export function goLive(): void {
  stopTicker();
  clearTimeout(scrubTimer);
  useClockStore.setState({ ...LIVE });
}

export function setOpen(open: boolean): void {
  useClockStore.setState({ open });
}

export function setSpeed(speed: Speed): void {
  useClockStore.setState({ speed });
}

export function setWindow(window: ReplayWindow): void {
  useClockStore.setState({ window });
}

export function setHistoryFrom(ms: number): void {
  if (useClockStore.getState().historyFrom !== ms) useClockStore.setState({ historyFrom: ms });
}

/** Advances `t` by speed × wall time; the asked moment follows at most once a second. */
function tick(elapsedMs: number): void {
  const s = useClockStore.getState();
  const t = clamp(s.t + elapsedMs * s.speed);
  const wall = Date.now();
  // Reaching now ends playback: the picture stays at the last moment until one goes live.
  const done = t >= Date.now();
  const due = done || wall - lastQueryAt >= QUERY_EVERY_MS;
  if (due) lastQueryAt = wall;
  useClockStore.setState({
    t,
    ...(due ? { queryT: wholeSecond(t) } : {}),
    ...(done ? { playing: false } : {}),
  });
  if (done) stopTicker();
}

export function play(): void {
  if (useClockStore.getState().mode !== 'replay') return;
  stopTicker();
  let last = Date.now();
  lastQueryAt = last;
  useClockStore.setState({ playing: true });
  ticker = setInterval(() => {
    const now = Date.now();
    tick(now - last);
    last = now;
  }, TICK_MS);
}

export function pause(): void {
  stopTicker();
  const { t } = useClockStore.getState();
  useClockStore.setState({ playing: false, queryT: wholeSecond(t) });
}

/** The moment asked of the API (ms); null while live. */
export function replayMoment(s: Pick<ClockState, 'mode' | 'queryT'>): number | null {
  return s.mode === 'replay' ? s.queryT : null;
}

/** Read-only while replaying: actions belong to the present. */
export function isReplaying(): boolean {
  return useClockStore.getState().mode === 'replay';
}
