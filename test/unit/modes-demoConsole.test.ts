import { describe, expect, it } from 'vitest';
import { AppConfig } from '../../src/api/config';
import { consoleHref, demoConsole, withDemoConsole } from '../../src/modes/operator/demoConsole';

const base = { apiBaseUrl: 'api/v1', basemap: { type: 'style', url: 'basemap/style-dark.json' } };
const demo = AppConfig.parse({ ...base, demo: true });
const real = AppConfig.parse({ ...base, apiToken: 'secret-token' });

describe('the demo console chooser', () => {
  it('asks which console until the address names one, and runs as that street with its demo token', () => {
    expect(demoConsole(demo, '?mode=operator')).toBeUndefined();
    expect(demoConsole(demo, '?mode=operator&street=440307002')).toBe('440307002');
    expect(withDemoConsole(demo, '?mode=operator&street=440307002').apiToken).toBe('street-440307002');
    expect(demoConsole(demo, '?mode=operator&street=district')).toBeNull();
    expect(withDemoConsole(demo, '?street=district').apiToken).toBeNull();
    expect(demoConsole(demo, '?street=<script>')).toBeUndefined();
  });

  it('never shows in a real deployment, nor where a token already binds the street', () => {
    expect(demoConsole(real, '?mode=operator')).toBeNull();
    expect(withDemoConsole(real, '?street=440307002').apiToken).toBe('secret-token');
    const bound = AppConfig.parse({ ...base, demo: true, apiToken: 'street-440307001' });
    expect(withDemoConsole(bound, '?street=440307002').apiToken).toBe('street-440307001');
  });

  it('links each console from the page it is on, and back to the choice', () => {
    expect(consoleHref('?mode=operator&lang=en&scope=440307003', '440307002')).toBe(
      '?mode=operator&lang=en&street=440307002',
    );
    expect(consoleHref('?mode=operator&street=440307002', undefined)).toBe('?mode=operator');
  });
});
