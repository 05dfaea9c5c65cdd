/**
 * The demo's console chooser: with `demo` on and no street bound by the token or config, the
 * address names the console (`street=<streetId>`, or `street=district` for the district's
 * own), and the app opens with that street's demo token (`street-<id>`, as the demo APIs
 * seed them), so the API itself keeps the console to its street, exactly as a real token would.
 */
import type { AppConfig } from '../../api/config';
import { boundRegionOf } from '../../panels/events/boundRegion';

const STREET = /^\d{9}$/;
export const DISTRICT_CONSOLE = 'district';

/** The console the address asks for, where the demo may choose one; undefined: not chosen yet. */
export function demoConsole(config: AppConfig, search: string): string | null | undefined {
  if (!config.demo || boundRegionOf(config)) return null;
  const street = new URLSearchParams(search).get('street');
  if (street === DISTRICT_CONSOLE) return null;
  return street && STREET.test(street) ? street : undefined;
}

/** The config a demo console runs with: the chosen street's demo token. */
export function withDemoConsole(config: AppConfig, search: string): AppConfig {
  const street = demoConsole(config, search);
  return street ? { ...config, apiToken: `street-${street}` } : config;
}

/**
 * The address of a console: this page's, naming the street (null: the district's own;
 * undefined: none yet, which opens the chooser).
 */
export function consoleHref(search: string, street: string | null | undefined): string {
  const p = new URLSearchParams(search);
  p.set('mode', 'operator');
  if (street === undefined) p.delete('street');
  else p.set('street', street ?? DISTRICT_CONSOLE);
  for (const key of ['scope', 'event', 'c']) p.delete(key);
  return `?${p.toString()}`;
}
