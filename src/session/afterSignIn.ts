/**
 * Signed in, the page starts again rather than re-plumbing a running app: start-up
 * (src/main.tsx) then reads the session and opens the person's mode, region and data, and the
 * action queue resumes from storage, sending what waited exactly once (the API is idempotent
 * on each action's id).
 */
import type { SignInReason } from './store';

/** Address keys that belong to whoever was looking before: a new person starts from their own. */
const VIEWER_KEYS = ['mode', 'street', 'scope', 'event', 'c', 'scene'];

export function restartAfterSignIn(reason: SignInReason | null): void {
  // An expired session's person comes back to where they were.
  if (reason === 'expired') {
    window.location.reload();
    return;
  }
  const p = new URLSearchParams(window.location.search);
  for (const key of VIEWER_KEYS) p.delete(key);
  const q = p.toString();
  window.location.assign(`${window.location.pathname}${q ? `?${q}` : ''}`);
}

/** Signed out: the page starts again as nobody (the sign-in page, or the demo's anonymous view). */
export function restartAfterSignOut(): void {
  restartAfterSignIn(null);
}
