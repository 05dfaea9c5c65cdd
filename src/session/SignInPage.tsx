/**
 * The sign-in page: an account and a password; where the deployment has them, single sign-on
 * and (the demo only) its demo accounts in one click. Signed in, the page starts again for the
 * person (src/session/afterSignIn.ts), so everything the app loads is theirs from the start.
 */
import type { DemoAccount } from '@ioc/contract/contract';
import { type FormEvent, useId, useState } from 'react';
import { addMessages, type Translate, useT } from '../i18n';
import { signIn as signInMessages } from '../i18n/messages/signIn';
import { SignInError, signIn } from './api';
import { restartAfterSignIn } from './afterSignIn';
import { useSessionStore } from './store';
import { ssoFailure } from './ssoFailure';
import { LocaleSwitch } from '../app/LocaleSwitch';
import './SignInPage.css';

addMessages(signInMessages);

function problemText(t: Translate, e: unknown): string {
  if (!(e instanceof SignInError) || e.status === null)
    return t('session.unreachable', { detail: (e as Error)?.message ?? String(e) });
  const status = e.status;
  let text: string;
  if (status === 429) {
    const s = e.retryAfterS ?? 60;
    const wait =
      s >= 120 ? t('session.wait.minutes', { n: Math.ceil(s / 60) }) : t('session.wait.seconds', { n: s });
    text = t('session.throttled', { wait, status });
  } else text = t(status === 401 ? 'session.wrong' : 'session.refused', { status });
  return e.message ? `${text} ${t('session.serverSays', { message: e.message })}` : text;
}

export function SignInPage({
  base,
  onSignedIn = restartAfterSignIn,
}: {
  base: string;
  /** What follows a sign-in (tests watch it instead of the page starting again). */
  onSignedIn?: typeof restartAfterSignIn;
}) {
  const t = useT();
  const { options, signIn: reason } = useSessionStore();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const ids = { login: useId(), password: useId(), problem: useId(), demo: useId() };

  const attempt = async (l: string, p: string) => {
    setBusy(true);
    setProblem(null);
    try {
      await signIn(base, l, p);
      onSignedIn(reason);
    } catch (e) {
      setProblem(problemText(t, e));
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void attempt(login.trim(), password);
  };
  const demo = options.demo && options.demoPassword ? options.demoPassword : null;

  return (
    <main className="sign-in">
      <div className="sign-in__top">
        <LocaleSwitch />
      </div>
      <section className="sign-in__card">
        <h1>{t('app.title')}</h1>
        <h2>{t('session.heading')}</h2>
        {reason === 'expired' && <p role="status">{t('session.expired')}</p>}
        {reason === 'required' && <p>{t('session.required')}</p>}
        {ssoFailure && !problem && (
          <p className="sign-in__problem" role="alert">
            {t(`session.sso.failed.${ssoFailure}`)}
          </p>
        )}
        <form
          aria-label={t('session.form')}
          onSubmit={submit}
          aria-describedby={problem ? ids.problem : undefined}
        >
          <label htmlFor={ids.login}>{t('session.login')}</label>
          <input
            id={ids.login}
            name="username"
            autoComplete="username"
            required
            value={login}
            onChange={(e) => setLogin(e.target.value)}
          />
          <label htmlFor={ids.password}>{t('session.password')}</label>
          <input
            id={ids.password}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {problem && (
            <p id={ids.problem} className="sign-in__problem" role="alert">
              {problem}
            </p>
          )}
          <button type="submit" className="sign-in__submit" disabled={busy}>
            {t(busy ? 'session.submitting' : 'session.submit')}
          </button>
        </form>
        {options.sso && (
          <a className="sign-in__sso" href={options.sso.startUrl}>
            {options.sso.label ?? t('session.sso')}
          </a>
        )}
        {demo && options.demoAccounts.length > 0 && (
          <DemoAccounts
            accounts={options.demoAccounts}
            labelId={ids.demo}
            busy={busy}
            onPick={(a) => void attempt(a.login, demo)}
          />
        )}
        {reason === 'asked' && (
          <button
            type="button"
            className="sign-in__back"
            onClick={() => useSessionStore.setState({ signIn: null })}
          >
            {t('session.back')}
          </button>
        )}
      </section>
    </main>
  );
}

function DemoAccounts(props: {
  accounts: DemoAccount[];
  labelId: string;
  busy: boolean;
  onPick: (a: DemoAccount) => void;
}) {
  const t = useT();
  return (
    <section className="sign-in__demo" aria-labelledby={props.labelId}>
      <h3 id={props.labelId}>{t('session.demo.title')}</h3>
      <p>{t('session.demo.hint')}</p>
      <ul>
        {props.accounts.map((a) => (
          <li key={a.login}>
            <button type="button" disabled={props.busy} onClick={() => props.onPick(a)}>
              {t('session.demo.account', { name: a.name })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
