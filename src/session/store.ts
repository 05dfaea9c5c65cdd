/**
 * Who the app is for: the signed-in person (null: nobody, the demo's anonymous viewing or a
 * configured token), how one may sign in here, and whether the sign-in page is up and why.
 */
import type { SessionInfo, SessionOptions } from '@ioc/contract/contract';
import { create } from 'zustand';

/**
 * asked: the demo's visitor pressed 登录 (they may go back to viewing); required: this
 * deployment shows nothing to nobody; expired: the person's session ended under them.
 */
export type SignInReason = 'asked' | 'required' | 'expired';

interface SessionState {
  person: SessionInfo | null;
  options: SessionOptions;
  signIn: SignInReason | null;
  /** Sessions play no part: the app carries a configured token, or the API has no sessions. */
  sessionless: boolean;
}

export const useSessionStore = create<SessionState>(() => ({
  person: null,
  options: { demo: false, demoAccounts: [] },
  signIn: null,
  sessionless: false,
}));

/**
 * The API answered 401. With a person signed in their session has ended: back to the sign-in
 * page (the action queue keeps what waits). Nobody signed in on a deployment that is not the
 * demo: sign-in is required. A configured token's 401 is a configuration problem, shown as such.
 */
export function noteUnauthorized(): void {
  const s = useSessionStore.getState();
  if (s.sessionless || s.signIn === 'expired') return;
  if (s.person) useSessionStore.setState({ person: null, signIn: 'expired' });
  else if (!s.options.demo) useSessionStore.setState({ signIn: 'required' });
}

/** The sign-in page is up because someone has to sign in: actions wait for them. */
export const signInAwaited = (): boolean => {
  const s = useSessionStore.getState().signIn;
  return s === 'expired' || s === 'required';
};
