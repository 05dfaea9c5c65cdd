/**
 * Dates and times as the district reads them: in the configured time zone (`timeZone` in
 * config.json, Asia/Shanghai by default), whatever the viewer's machine is set to. One
 * formatter per locale and kind: a busy feed formats thousands of times a second.
 */
import type { Locale } from '../api/config';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

let zone = DEFAULT_TIME_ZONE;
const formats = new Map<string, Intl.DateTimeFormat>();

/** Set once at start-up from the config. */
export function setTimeZone(timeZone: string): void {
  zone = timeZone;
  formats.clear();
}

/** Whether the runtime knows a time zone name (config validation). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

type Kind = 'dateTime' | 'clock' | 'timeOfDay' | 'day' | 'moment';
// h23, not hour12: false, which writes midnight as 24:00 in English.
const OPTIONS: Record<Kind, Intl.DateTimeFormatOptions> = {
  dateTime: {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  },
  clock: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  timeOfDay: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  day: { year: 'numeric', month: 'numeric', day: 'numeric' },
  // A replayed moment, short enough for a banner: 12月5日 03:14, Dec 5, 03:14.
  moment: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
};

function format(kind: Kind, locale: Locale, when: string | number | Date): string {
  const key = `${kind}|${locale}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...OPTIONS[kind], timeZone: zone });
    formats.set(key, f);
  }
  return f.format(new Date(when));
}

/** Date and time to the second: 2026/11/22 09:30:00. */
export const formatTime = (locale: Locale, when: string | number | Date) => format('dateTime', locale, when);
/** Hours and minutes: 09:30. */
export const formatClock = (locale: Locale, when: string | number | Date) => format('clock', locale, when);
/** Hours, minutes and seconds: 09:30:05. */
export const formatTimeOfDay = (locale: Locale, when: string | number | Date) =>
  format('timeOfDay', locale, when);

/** Today's times read as hours and minutes, like the panels' "as of"; older ones keep their date. */
export function formatRecent(locale: Locale, when: string | number | Date, now: number = Date.now()): string {
  const day = (t: string | number | Date) => format('day', 'en', t);
  return day(when) === day(now) ? formatClock(locale, when) : formatTime(locale, when);
}

/** Month, day, hours and minutes: a replayed moment in the banner. */
export const formatMoment = (locale: Locale, when: string | number | Date) => format('moment', locale, when);

const pad = (n: number) => String(n).padStart(2, '0');

/** The zone's wall-clock fields of `ms`, as UTC ms (their difference is the zone's offset then). */
function wallClockMs(ms: number): number {
  const parts = new Intl.DateTimeFormat('en', {
    timeZone: zone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
}

/** `ms` as a datetime-local input's value in the configured zone (2026-12-05T03:14). */
export function toZoneInput(ms: number): string {
  const d = new Date(wallClockMs(ms));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A datetime-local value read in the configured zone (not the viewer's); null when not a time. */
export function fromZoneInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/u.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, se] = m.map(Number) as number[];
  const wall = Date.UTC(y as number, (mo as number) - 1, d, h, mi, se || 0);
  // The zone's offset at that moment: guess, then correct once (enough away from a DST switch).
  const guess = wall - (wallClockMs(wall) - wall);
  const ms = wall - (wallClockMs(guess) - guess);
  return Number.isFinite(ms) ? ms : null;
}
