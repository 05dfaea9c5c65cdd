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

type Kind = 'dateTime' | 'clock' | 'timeOfDay' | 'day';
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
