/**
 * A refused single sign-on comes back to the app as `?signin=sso_failed&reason=<code>` (the
 * server's error code: server/http/routes/oidc.ts). Read once, as the app loads, before the
 * address is rewritten; the two keys then leave the address so a reload does not repeat it.
 */
export const SSO_REASONS = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'account_disabled',
  'unavailable',
] as const;
export type SsoReason = (typeof SSO_REASONS)[number] | 'other';

/** The reason in `search`, or null when the address carries no failed single sign-on. */
export function ssoFailureIn(search: string): SsoReason | null {
  const p = new URLSearchParams(search);
  if (p.get('signin') !== 'sso_failed') return null;
  const reason = p.get('reason') ?? '';
  return (SSO_REASONS as readonly string[]).includes(reason) ? (reason as SsoReason) : 'other';
}

function takeFromAddress(): SsoReason | null {
  if (typeof window === 'undefined') return null;
  const reason = ssoFailureIn(window.location.search);
  if (reason === null) return null;
  const p = new URLSearchParams(window.location.search);
  p.delete('signin');
  p.delete('reason');
  const q = p.toString();
  window.history.replaceState(
    null,
    '',
    `${window.location.pathname}${q ? `?${q}` : ''}${window.location.hash}`,
  );
  return reason;
}

/** Why the last single sign-on in this tab failed, if it just did. */
export const ssoFailure: SsoReason | null = takeFromAddress();
