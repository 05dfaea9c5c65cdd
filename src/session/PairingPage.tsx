/**
 * A wall without a session pairs instead of signing in: nobody types a password on a wall.
 * The screen shows a six-character code in large type, what the administrator does with it
 * and how long it lasts; it polls its handle at the server's pace (backing off, bounded, on
 * failures), asks for a new code when one expires, and once approved starts again as the
 * wall (the device's session cookie is now set).
 */
import { PAIRING_MINUTES } from '@ioc/contract/contract';
import { useEffect, useId, useState } from 'react';
import { addMessages, useT } from '../i18n';
import { signIn } from '../i18n/messages/signIn';
import { LocaleSwitch } from '../app/LocaleSwitch';
import { type PairingClient, pairingDelay } from './pairing';
import { rememberSignedIn } from './api';
import './PairingPage.css';

addMessages(signIn);

type View =
  | { kind: 'asking' }
  | { kind: 'retrying'; inS: number }
  | { kind: 'code'; code: string; endsAt: number }
  | { kind: 'approved' };

/** The shortest a code is shown before another is asked for, whatever the clocks say. */
const MIN_CODE_MS = 30_000;

function startAgainAsWall(): void {
  rememberSignedIn(true);
  window.location.reload();
}

/** The same address without `mode=wall`: the ordinary sign-in page. */
function accountHref(): string {
  const p = new URLSearchParams(window.location.search);
  p.delete('mode');
  const q = p.toString();
  return `${window.location.pathname}${q ? `?${q}` : ''}`;
}

function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function PairingPage({
  client,
  onApproved = startAgainAsWall,
}: {
  client: PairingClient;
  /** What follows the approval (tests watch it instead of the page starting again). */
  onApproved?: () => void;
}) {
  const t = useT();
  const [view, setView] = useState<View>({ kind: 'asking' });
  const [now, setNow] = useState(() => Date.now());
  const ids = { title: useId(), code: useId() };

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sleep = (ms: number) =>
      new Promise<void>((r) => {
        timer = setTimeout(r, ms);
      });
    const run = async () => {
      let failures = 0;
      while (!cancelled) {
        let pairing: Awaited<ReturnType<PairingClient['begin']>>;
        try {
          pairing = await client.begin();
          failures = 0;
        } catch {
          if (cancelled) return;
          failures++;
          const wait = pairingDelay(3000, failures);
          setView({ kind: 'retrying', inS: Math.ceil(wait / 1000) });
          await sleep(wait);
          continue;
        }
        if (cancelled) return;
        // The code's end by this screen's clock: the server's, kept within sensible bounds
        // so a wrong clock can neither hide a code at once nor keep a dead one.
        const left = Date.parse(pairing.expiresAt) - Date.now();
        const endsAt =
          Date.now() +
          Math.min(PAIRING_MINUTES * 60_000, Math.max(MIN_CODE_MS, Number.isFinite(left) ? left : 0));
        setView({ kind: 'code', code: pairing.code, endsAt });
        setNow(Date.now());
        let pollFailures = 0;
        while (!cancelled) {
          const remaining = endsAt - Date.now();
          if (remaining <= 0) break;
          await sleep(Math.min(pairingDelay(pairing.pollMs, pollFailures), remaining));
          if (cancelled) return;
          if (Date.now() >= endsAt) break;
          try {
            const state = await client.poll(pairing.handle);
            pollFailures = 0;
            if (cancelled) return;
            if (state === null) break; // expired or unknown: a new code
            if (state.status === 'approved') {
              setView({ kind: 'approved' });
              onApproved();
              return;
            }
          } catch {
            pollFailures++;
          }
        }
      }
    };
    void run();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, onApproved]);

  // The countdown, once a second while a code is shown.
  const showing = view.kind === 'code';
  useEffect(() => {
    if (!showing) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [showing]);

  return (
    <main className="pairing" aria-labelledby={ids.title}>
      <div className="pairing__top">
        <LocaleSwitch />
      </div>
      <h1 id={ids.title}>
        {t('app.title')} · {t('session.pair.title')}
      </h1>
      {view.kind === 'asking' && <p role="status">{t('session.pair.asking')}</p>}
      {view.kind === 'retrying' && (
        <p role="status" className="pairing__problem">
          {t('session.pair.retrying', { s: view.inS })}
        </p>
      )}
      {view.kind === 'approved' && <p role="status">{t('session.pair.approved')}</p>}
      {view.kind === 'code' && (
        <>
          <section className="pairing__code" aria-labelledby={ids.code}>
            <h2 id={ids.code}>{t('session.pair.code')}</h2>
            <p className="pairing__digits">{view.code}</p>
          </section>
          <p className="pairing__what">{t('session.pair.instructions', { code: view.code })}</p>
          <p className="pairing__when" role="timer">
            {t('session.pair.expires', { time: clock(view.endsAt - now) })}
          </p>
          <p className="pairing__waiting">{t('session.pair.waiting')}</p>
        </>
      )}
      <a className="pairing__account" href={accountHref()}>
        {t('session.pair.account')}
      </a>
    </main>
  );
}
