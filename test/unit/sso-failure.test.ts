import { describe, expect, it } from 'vitest';
import { signIn } from '../../src/i18n/messages/signIn';
import { SSO_REASONS, ssoFailureIn } from '../../src/session/ssoFailure';

describe('a refused single sign-on in the address', () => {
  it('reads the reason the server sent back, and nothing otherwise', () => {
    expect(ssoFailureIn('?signin=sso_failed&reason=forbidden')).toBe('forbidden');
    expect(ssoFailureIn('?lang=en&signin=sso_failed&reason=bad_request')).toBe('bad_request');
    expect(ssoFailureIn('?signin=sso_failed&reason=<script>')).toBe('other');
    expect(ssoFailureIn('?signin=sso_failed')).toBe('other');
    expect(ssoFailureIn('?reason=forbidden')).toBeNull();
    expect(ssoFailureIn('')).toBeNull();
  });

  it('has words for every reason in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const)
      for (const r of [...SSO_REASONS, 'other'])
        expect(signIn[locale][`session.sso.failed.${r}` as never], `${locale} ${r}`).toBeTruthy();
  });
});
