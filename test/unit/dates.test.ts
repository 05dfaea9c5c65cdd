/** Dates and times read in the district's time zone (config `timeZone`), whatever the machine says. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../src/api/config';
import { DEFAULT_TIME_ZONE, formatClock, formatTime, setTimeZone } from '../../src/i18n/dates';

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
});
