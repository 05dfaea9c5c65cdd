/** Time helpers: the contract's timestamps are ISO-8601 with the +08:00 offset of Shenzhen. */

const OFFSET_MS = 8 * 3600_000;
export const MINUTE = 60_000;
export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

const dayPrefixes = new Map<number, string>();
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * 2026-11-22T09:30:00+08:00 (seconds precision; milliseconds are dropped). Date prefixes are
 * cached per day: a million stations' onAirAt are formatted when a stress layer is built.
 */
export function formatIso(ms: number): string {
  const local = Math.floor(ms / 1000) * 1000 + OFFSET_MS;
  const day = Math.floor(local / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size > 20_000) dayPrefixes.clear();
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  const secs = (local - day * DAY) / 1000;
  return `${prefix}${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}+08:00`;
}

/** Parses any ISO-8601 timestamp the contract allows; NaN when it is not one. */
export function parseIso(s: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return Number.NaN;
  return Date.parse(s);
}

/** Start of the local (UTC+8) day containing ms. */
export function startOfLocalDay(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY) * DAY - OFFSET_MS;
}

/** Local hour of day (0..23) in UTC+8. */
export function localHour(ms: number): number {
  return Math.floor(((ms + OFFSET_MS) % DAY) / HOUR);
}

/** Fixed epoch for everything in layer data, so layers never depend on the clock. */
export const LAYER_EPOCH_MS = Date.parse('2026-11-01T00:00:00+08:00');

/** A clock the server reads instead of Date.now(); tests inject a fake one. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Real time sped up `speed` times from the moment it is created (soak tests). */
export function acceleratedClock(speed: number, base: Clock = systemClock): Clock {
  const start = base.now();
  return { now: () => start + (base.now() - start) * speed };
}
