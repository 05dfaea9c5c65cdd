/** People's rules: which region a role may hold, who may act, logins and passwords; their settings. */
import { describe, expect, it } from 'vitest';
import { canAct, loginKey, PERSON_ROLES, passwordProblem, roleRegionProblem } from '@ioc/domain/people';
import { configFromEnv } from '../../server/config';

describe('roles and regions', () => {
  it('binds each role to its levels', () => {
    const allowed = Object.fromEntries(
      PERSON_ROLES.map((r) => [
        r,
        (['district', 'street', 'community'] as const).filter((l) => roleRegionProblem(r, l) === null),
      ]),
    );
    expect(allowed).toEqual({
      admin: ['district'],
      district: ['district'],
      street: ['street'],
      community: ['community'],
      planner: ['district', 'street', 'community'],
      wall: ['district', 'street', 'community'],
    });
    expect(roleRegionProblem('street', 'district')).toBe(
      'a street account belongs to a street, not a district',
    );
    expect(PERSON_ROLES.filter(canAct)).toEqual(['admin', 'district', 'street', 'community']);
  });

  it('compares logins without case, and wants long passwords that are not the login', () => {
    expect(loginKey('  Li.Hua ')).toBe('li.hua');
    expect(passwordProblem('short', 'li')).toMatch(/at least 12/u);
    expect(passwordProblem('Li.Hua.Li.Hua', 'li.hua.li.hua')).toMatch(/not be the login/u);
    expect(passwordProblem('correct horse battery', 'li')).toBeNull();
    // Characters, not UTF-16 units: twelve Chinese characters are enough.
    expect(passwordProblem('城市运行管理中心值班密码', 'li')).toBeNull();
  });
});

describe('session settings from the environment', () => {
  it('defaults: 2 h idle, 12 h at most, Secure over HTTPS, no other origins, no proxy', () => {
    expect(configFromEnv({})).toMatchObject({
      sessionIdleMinutes: 120,
      sessionMaxHours: 12,
      cookieSecure: false,
      allowedOrigins: [],
      trustProxy: false,
    });
  });

  it('reads SESSION_*, COOKIE_SECURE, ALLOWED_ORIGINS and TRUST_PROXY', () => {
    expect(
      configFromEnv({
        SESSION_IDLE_MINUTES: '30',
        SESSION_MAX_HOURS: '8',
        COOKIE_SECURE: 'true',
        ALLOWED_ORIGINS: 'https://ioc.example.gov.cn, https://wall.example.gov.cn:8443/',
        TRUST_PROXY: '1',
      }),
    ).toMatchObject({
      sessionIdleMinutes: 30,
      sessionMaxHours: 8,
      cookieSecure: true,
      allowedOrigins: ['https://ioc.example.gov.cn', 'https://wall.example.gov.cn:8443'],
      trustProxy: 1,
    });
    expect(configFromEnv({ TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toBe('10.0.0.0/8');
    expect(() => configFromEnv({ ALLOWED_ORIGINS: 'not a url' })).toThrow(/ALLOWED_ORIGINS/u);
  });
});
