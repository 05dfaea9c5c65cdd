/** Accounts: a new one, and each one's state, with its changes a click away. */
import type { PersonRole, UserAccount } from '@ioc/contract/contract';
import { type FormEvent, useState } from 'react';
import { useT } from '../i18n';
import { useSessionStore } from '../session/store';
import { useChangeUser, useCreateUser, useUsers } from './api';
import { AdminTable, Bounded, OutcomeLine, RowAction, useOutcome } from './parts';
import { type RegionChoices, RoleRegionFields, useRegionName } from './fields';
import { UserEditor } from './UserEditor';

export function UsersTab({ regions }: { regions: RegionChoices }) {
  const t = useT();
  const users = useUsers();
  const change = useChangeUser();
  const [outcome, done, failed] = useOutcome();
  const [editing, setEditing] = useState<string | null>(null);
  const me = useSessionStore((s) => s.person?.id);
  const regionName = useRegionName(regions);
  // Walls are listed (and revoked) with the devices.
  const people = users.data?.items.filter((u) => !u.device) ?? [];
  const toggle = (u: UserAccount) =>
    change.mutate(
      { id: u.id, change: { disabled: !u.disabled } },
      { onSuccess: (v) => done(t('admin.users.saved', { login: v.login })), onError: failed },
    );
  return (
    <>
      <NewUser regions={regions} onDone={done} onFailed={failed} />
      <OutcomeLine outcome={outcome} />
      <AdminTable
        query={users}
        rows={people.length}
        empty="admin.empty.users"
        caption={t('admin.users.caption', { n: people.length })}
        columns={[
          'admin.col.login',
          'admin.col.name',
          'admin.col.role',
          'admin.col.region',
          'admin.col.state',
          'admin.col.actions',
        ]}
      >
        {people.map((u) => (
          <tr key={u.id} className={u.disabled ? 'admin-row--off' : undefined}>
            <td>
              <Bounded text={u.login} />
            </td>
            <td>
              <Bounded text={u.name} />
            </td>
            <td>{t(`session.role.${u.role}`)}</td>
            <td>{regionName(u.regionId)}</td>
            <td>
              {t(u.disabled ? 'admin.state.disabled' : 'admin.state.active')}
              {u.demo && <span className="admin-badge">{t('admin.state.demo')}</span>}
            </td>
            <td>
              <div className="admin-actions">
                <button
                  type="button"
                  aria-label={t('admin.users.edit', { login: u.login })}
                  aria-expanded={editing === u.id}
                  onClick={() => setEditing(editing === u.id ? null : u.id)}
                >
                  {t('admin.act.edit')}
                </button>
                <RowAction
                  label={t(u.disabled ? 'admin.users.enable' : 'admin.users.disable', { login: u.login })}
                  text={t(u.disabled ? 'admin.act.enable' : 'admin.act.disable')}
                  busy={u.id === me || change.isPending}
                  title={u.id === me ? t('admin.users.selfLocked') : undefined}
                  onClick={() => toggle(u)}
                />
              </div>
            </td>
          </tr>
        ))}
      </AdminTable>
      {editing && people.some((u) => u.id === editing) && (
        <UserEditor
          user={people.find((u) => u.id === editing) as UserAccount}
          self={editing === me}
          regions={regions}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function NewUser({
  regions,
  onDone,
  onFailed,
}: {
  regions: RegionChoices;
  onDone(text: string): void;
  onFailed(e: unknown): void;
}) {
  const t = useT();
  const create = useCreateUser();
  const [login, setLogin] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<PersonRole>('street');
  const [regionId, setRegionId] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { login: login.trim(), name: name.trim(), role, regionId, password },
      {
        onSuccess: (u) => {
          onDone(t('admin.users.created', { login: u.login }));
          setLogin('');
          setName('');
          setPassword('');
        },
        onError: onFailed,
      },
    );
  };
  return (
    <form className="admin-form" aria-label={t('admin.users.new')} onSubmit={submit}>
      <h3>{t('admin.users.new')}</h3>
      <label className="admin-field">
        <span>{t('admin.col.login')}</span>
        <input
          value={login}
          onChange={(e) => setLogin(e.target.value)}
          required
          maxLength={64}
          autoComplete="off"
        />
      </label>
      <label className="admin-field">
        <span>{t('admin.col.name')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      </label>
      <RoleRegionFields
        choices={regions}
        role={role}
        regionId={regionId}
        onChange={(r, id) => {
          setRole(r);

          setRegionId(id);
        }}
      />
      <div className="admin-field">
        <label htmlFor="admin-new-password">{t('admin.users.password')}</label>
        <input
          id="admin-new-password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          minLength={12}
          autoComplete="new-password"
          aria-describedby="admin-password-hint"
        />
        <small id="admin-password-hint">{t('admin.users.passwordHint')}</small>
      </div>
      <button type="submit" className="admin-primary" disabled={create.isPending}>
        {t('admin.users.create')}
      </button>
    </form>
  );
}
