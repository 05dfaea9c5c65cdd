/**
 * The header's person: who is signed in (name, role, region), 系统管理 for an administrator, and 登出; in the demo, nobody
 * signed in, 登录 opens the sign-in page with the demo accounts. A configured token shows nothing.
 */
import { useState } from 'react';
import { useAdminStore } from '../admin/store';
import { useApi } from '../api/context';
import { useT } from '../i18n';
import { restartAfterSignOut } from './afterSignIn';
import { signOut } from './api';
import { useSessionStore } from './store';

export function SessionControl() {
  const t = useT();
  const { config } = useApi();
  const { person, options, sessionless } = useSessionStore();
  const [busy, setBusy] = useState(false);
  const adminOpen = useAdminStore((s) => s.open);
  if (sessionless) return null;
  if (!person)
    return options.demo ? (
      <button type="button" className="switch" onClick={() => useSessionStore.setState({ signIn: 'asked' })}>
        {t('session.signIn')}
      </button>
    ) : null;
  const leave = async () => {
    setBusy(true);
    await signOut(config.apiBaseUrl);
    restartAfterSignOut();
  };
  return (
    <section className="app-person" aria-label={t('session.who')}>
      <span className="app-person__name">{person.name}</span>
      <span className="app-person__role">{t(`session.role.${person.role}`)}</span>
      <span className="app-person__region">{person.regionName}</span>
      {person.role === 'admin' && (
        <button
          type="button"
          className="switch"
          aria-pressed={adminOpen}
          onClick={() => useAdminStore.setState({ open: !adminOpen })}
        >
          {t('session.admin')}
        </button>
      )}
      <button type="button" className="switch" disabled={busy} onClick={() => void leave()}>
        {t('session.signOut')}
      </button>
    </section>
  );
}
