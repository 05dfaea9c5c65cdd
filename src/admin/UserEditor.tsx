/** One account's changes, each its own request (and audit line): name, role and region, password. */
import type { PersonRole, UserAccount, UserChangeRequest } from '@ioc/contract/contract';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useT } from '../i18n';
import { useChangeUser } from './api';
import { OutcomeLine, useOutcome } from './parts';
import { type RegionChoices, RoleRegionFields } from './fields';

export function UserEditor({
  user,
  self,
  regions,
  onClose,
}: {
  user: UserAccount;
  self: boolean;
  regions: RegionChoices;
  onClose(): void;
}) {
  const t = useT();
  const change = useChangeUser();
  const [outcome, done, failed] = useOutcome();
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<PersonRole>(user.role);
  const [regionId, setRegionId] = useState(user.regionId);
  const [password, setPassword] = useState('');
  // The editor opens under a long list: it comes into view, and the keyboard goes with it.
  const here = useRef<HTMLElement>(null);
  useEffect(() => {
    here.current?.scrollIntoView?.({ block: 'nearest' });
    here.current?.focus();
  }, [user.id]);
  const send = (e: FormEvent, body: UserChangeRequest, after?: () => void) => {
    e.preventDefault();
    change.mutate(
      { id: user.id, change: body },
      {
        onSuccess: (u) => {
          done(t('admin.users.saved', { login: u.login }));
          after?.();
        },
        onError: failed,
      },
    );
  };
  return (
    <section
      ref={here}
      tabIndex={-1}
      className="admin-editor"
      aria-label={t('admin.users.editing', { login: user.login })}
    >
      <h3>{t('admin.users.editing', { login: user.login })}</h3>
      <form onSubmit={(e) => send(e, { name: name.trim() })}>
        <label className="admin-field">
          <span>{t('admin.col.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <button type="submit" disabled={change.isPending}>
          {t('admin.users.rename')}
        </button>
      </form>
      <form onSubmit={(e) => send(e, { role, regionId })}>
        <fieldset disabled={self} title={self ? t('admin.users.selfLocked') : undefined}>
          <RoleRegionFields
            choices={regions}
            role={role}
            regionId={regionId}
            onChange={(r, id) => {
              setRole(r);

              setRegionId(id);
            }}
          />
          <button type="submit" disabled={change.isPending}>
            {t('admin.users.setRole')}
          </button>
        </fieldset>
      </form>
      <form onSubmit={(e) => send(e, { password }, () => setPassword(''))}>
        <label className="admin-field">
          <span>{t('admin.users.newPassword')}</span>
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={12}
            autoComplete="new-password"
          />
        </label>
        <button type="submit" disabled={change.isPending}>
          {t('admin.users.resetPassword')}
        </button>
      </form>
      <OutcomeLine outcome={outcome} />
      <button type="button" onClick={onClose}>
        {t('admin.users.done')}
      </button>
    </section>
  );
}
