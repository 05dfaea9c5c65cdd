/** Dates and times read in the district's time zone (config `timeZone`), whatever the machine says. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../src/api/config';
import { DEFAULT_TIME_ZONE, formatClock, formatRecent, formatTime, setTimeZone } from '../../src/i18n/dates';

describe('dates and times', () => {
  afterEach(() => {
    setTimeZone(DEFAULT_TIME_ZONE);
    vi.unstubAllGlobals();
  });

  it('shows an instant in Asia/Shanghai by default, and in the configured zone when set', () => {
    const at = '2026-11-22T01:30:00Z';
    expect(formatClock('zh-CN', at)).toBe('09:30');
    expect(formatTime('en', at)).toContain('9:30:00');
    setTimeZone('Europe/London');
    expect(formatClock('zh-CN', at)).toBe('01:30');
    // Midnight is 00:00, not 24:00.
    expect(formatClock('en', '2026-11-22T00:00:00Z')).toBe('00:00');
  });

  it('takes the zone from config.json, defaulting to Asia/Shanghai and refusing an unknown one', async () => {
    const base = { apiBaseUrl: 'api/v1', basemap: { type: 'style', url: 'basemap/style-dark.json' } };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(base))),
    );
    expect((await loadConfig('http://ioc.test/config.json')).timeZone).toBe('Asia/Shanghai');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ ...base, timeZone: 'Mars/Olympus' }))),
    );
    await expect(loadConfig('http://ioc.test/config.json')).rejects.toBeInstanceOf(ConfigError);
  });

  it('reads a time from today as hours and minutes, and an older one with its date (the zone decides the day)', () => {
    const now = Date.parse('2026-11-22T15:30:00Z'); // 23:30 in Shanghai
    expect(formatRecent('zh-CN', '2026-11-22T11:58:00Z', now)).toBe('19:58');
    // 16:30 UTC is already the 23rd in Shanghai: another day.
    expect(formatRecent('zh-CN', '2026-11-22T16:30:00Z', now)).toBe(
      formatTime('zh-CN', '2026-11-22T16:30:00Z'),
    );
    expect(formatRecent('zh-CN', '2026-11-01T00:00:00+08:00', now)).toContain('2026');
  });
});
