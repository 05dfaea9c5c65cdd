/**
 * Administration, for administrators: accounts, live sessions, paired walls, machine tokens
 * and the audit log, each a tab. Every change goes through the API, which audits it under
 * the administrator's name; the page only shows what the API answers.
 */
import { useState } from 'react';
import { addMessages, type MessageKey, useT } from '../i18n';
import { admin } from '../i18n/messages/admin';
import { AuditTab } from './AuditTab';
import { DevicesTab } from './DevicesTab';
import { useRegionChoices } from './fields';
import { SessionsTab } from './SessionsTab';
import { useAdminStore } from './store';
import { TokensTab } from './TokensTab';
import { UsersTab } from './UsersTab';
import './AdminPage.css';

addMessages(admin);

const TABS = ['users', 'sessions', 'devices', 'tokens', 'audit'] as const;
type Tab = (typeof TABS)[number];

export function AdminPage() {
  const t = useT();
  const [tab, setTab] = useState<Tab>('users');
  const regions = useRegionChoices();
  // Arrow keys move between tabs, as a tablist's users expect.
  const move = (step: number) => {
    const next = TABS[(TABS.indexOf(tab) + step + TABS.length) % TABS.length] as Tab;
    setTab(next);
    document.getElementById(`admin-tab-${next}`)?.focus();
  };
  return (
    <main className="app-body admin" aria-labelledby="admin-title">
      <div className="admin__head">
        <h2 id="admin-title">{t('admin.title')}</h2>
        <button type="button" className="switch" onClick={() => useAdminStore.setState({ open: false })}>
          {t('session.admin.close')}
        </button>
      </div>
      <div
        className="admin__tabs"
        role="tablist"
        aria-label={t('admin.tabs')}
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight') move(1);
          if (e.key === 'ArrowLeft') move(-1);
        }}
      >
        {TABS.map((name) => (
          <button
            key={name}
            id={`admin-tab-${name}`}
            type="button"
            role="tab"
            aria-selected={tab === name}
            aria-controls={`admin-panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
          >
            {t(`admin.tab.${name}` as MessageKey)}
          </button>
        ))}
      </div>
      <section
        id={`admin-panel-${tab}`}
        className="admin__panel"
        role="tabpanel"
        aria-labelledby={`admin-tab-${tab}`}
      >
        {tab === 'users' && <UsersTab regions={regions} />}
        {tab === 'sessions' && <SessionsTab regions={regions} />}
        {tab === 'devices' && <DevicesTab regions={regions} />}
        {tab === 'tokens' && <TokensTab regions={regions} />}
        {tab === 'audit' && <AuditTab />}
      </section>
    </main>
  );
}
