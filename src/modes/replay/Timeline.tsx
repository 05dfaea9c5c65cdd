/**
 * The timeline: scrub from how far the API holds history back to now, type a moment, play
 * at a chosen speed, step between milestones, and choose between the state at the moment and
 * the last hours up to it. Every control is a native one (slider, datetime input, buttons,
 * selects) so keyboard and screen readers get them for free.
 */
import { useEffect, useState } from 'react';
import { type MessageKey, useT } from '../../i18n';
import { fromZoneInput, toZoneInput } from '../../i18n/dates';
import {
  pause,
  play,
  type ReplayWindow,
  replayAt,
  SPEEDS,
  type Speed,
  scrubTo,
  setSpeed,
  setWindow,
  useClockStore,
  WINDOW_HOURS,
} from '../../state/clock';
import { milestoneLabel } from './milestoneLabel';
import { nextMilestone, previousMilestone, useMilestones } from './useMilestones';

const MINUTE = 60_000;
/** The slider's reach at most: over decades of history a pixel would be months; the input goes further. */
const SLIDER_SPAN_MS = 30 * 24 * 3600_000;

/** Now, re-read every few seconds: the slider's right end while live. */
function useWallNow(everyMs = 5000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function Timeline() {
  const t = useT();
  const { mode, t: moment, playing, speed, window, historyFrom } = useClockStore();
  const now = useWallNow();
  const shown = mode === 'replay' ? moment : now;
  const milestones = useMilestones(shown);
  const previous = previousMilestone(milestones, shown);
  const next = nextMilestone(milestones, shown);
  const min = Math.min(shown, Math.max(historyFrom ?? now - SLIDER_SPAN_MS, now - SLIDER_SPAN_MS));
  const milestoneTitle = (key: MessageKey, m: typeof previous) =>
    m ? `${t(key)}: ${milestoneLabel(t, m)}` : t(key);

  return (
    <section className="replay-timeline" aria-label={t('replay.timeline')}>
      <button
        type="button"
        className="replay-timeline__step"
        title={milestoneTitle('replay.previous', previous)}
        disabled={!previous}
        onClick={() => previous && replayAt(Date.parse(previous.at))}
      >
        {t('replay.previous')}
      </button>
      <button
        type="button"
        className="replay-timeline__play"
        disabled={mode !== 'replay'}
        onClick={() => (playing ? pause() : play())}
      >
        {t(playing ? 'replay.pause' : 'replay.play')}
      </button>
      <button
        type="button"
        className="replay-timeline__step"
        title={milestoneTitle('replay.next', next)}
        disabled={!next}
        onClick={() => next && replayAt(Date.parse(next.at))}
      >
        {t('replay.next')}
      </button>
      <input
        className="replay-timeline__slider"
        type="range"
        aria-label={t('replay.slider')}
        min={min}
        max={now}
        step={MINUTE}
        value={shown}
        onChange={(e) => scrubTo(Number(e.target.value))}
      />
      <input
        className="replay-timeline__input"
        type="datetime-local"
        aria-label={t('replay.input')}
        value={toZoneInput(shown)}
        onChange={(e) => {
          const ms = fromZoneInput(e.target.value);
          if (ms !== null) replayAt(ms);
        }}
      />
      <select
        aria-label={t('replay.speed')}
        value={speed}
        onChange={(e) => setSpeed(Number(e.target.value) as Speed)}
      >
        {SPEEDS.map((n) => (
          <option key={n} value={n}>
            {t('replay.speedOption', { n })}
          </option>
        ))}
      </select>
      <select
        aria-label={t('replay.window')}
        value={String(window)}
        onChange={(e) => setWindow(e.target.value === 'at' ? 'at' : (Number(e.target.value) as ReplayWindow))}
      >
        <option value="at">{t('replay.window.at')}</option>
        {WINDOW_HOURS.map((n) => (
          <option key={n} value={n}>
            {t('replay.window.hours', { n })}
          </option>
        ))}
      </select>
    </section>
  );
}
