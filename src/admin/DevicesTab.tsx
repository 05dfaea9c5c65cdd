/** Walls: approve the code a screen shows for a region, and revoke a paired one. */
import { type FormEvent, useState } from 'react';
import { useT } from '../i18n';
import { useApproveDevice, useDevices, useRevokeDevice } from './api';
import { type RegionChoices, RegionSelect, useRegionName } from './fields';
import { Bounded, AdminTable, OutcomeLine, RevocableCells, useOutcome, When } from './parts';

export function DevicesTab({ regions }: { regions: RegionChoices }) {
  const t = useT();
  const devices = useDevices();
  const approve = useApproveDevice();
  const revoke = useRevokeDevice();
  const [outcome, done, failed] = useOutcome();
  const regionName = useRegionName(regions);
  const [code, setCode] = useState('');
  const [regionId, setRegionId] = useState('');
  const [name, setName] = useState('');
  const items = devices.data?.items ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    approve.mutate(
      { code: code.trim().toUpperCase(), regionId, ...(trimmed ? { name: trimmed } : {}) },
      {
        onSuccess: (d) => {
          done(t('admin.devices.approved', { name: d.name }));
          setCode('');
          setName('');
        },
        onError: failed,
      },
    );
  };
  return (
    <>
      <form className="admin-form" aria-label={t('admin.devices.approve')} onSubmit={submit}>
        <h3>{t('admin.devices.approve')}</h3>
        <div className="admin-field">
          <label htmlFor="admin-pairing-code">{t('admin.devices.code')}</label>
          <input
            id="admin-pairing-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            required
            maxLength={16}
            autoComplete="off"
            spellCheck={false}
            aria-describedby="admin-code-hint"
          />
          <small id="admin-code-hint">{t('admin.devices.codeHint')}</small>
        </div>
        <RegionSelect
          choices={regions}
          value={regionId}
          onChange={setRegionId}
          label={t('admin.col.region')}
        />
        <label className="admin-field">
          <span>{t('admin.devices.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
        </label>
        <button type="submit" className="admin-primary" disabled={approve.isPending}>
          {t('admin.devices.submit')}
        </button>
      </form>
      <OutcomeLine outcome={outcome} />
      <AdminTable
        query={devices}
        rows={items.length}
        empty="admin.empty.devices"
        caption={t('admin.devices.caption', { n: items.length })}
        columns={[
          'admin.devices.name',
          'admin.col.region',
          'admin.col.paired',
          'admin.col.lastSeen',
          'admin.col.state',
          'admin.col.actions',
        ]}
      >
        {items.map((d) => (
          <tr key={d.id} className={d.revokedAt ? 'admin-row--off' : undefined}>
            <td>
              <Bounded text={d.name} />
            </td>
            <td>{regionName(d.regionId)}</td>
            <td>
              <When at={d.pairedAt} />
            </td>
            <td>
              <When at={d.lastSeenAt} />
            </td>
            <RevocableCells
              revokedAt={d.revokedAt}
              label={t('admin.devices.revoke', { name: d.name })}
              busy={revoke.isPending}
              onRevoke={() =>
                revoke.mutate(d.id, {
                  onSuccess: () => done(t('admin.devices.revoked', { name: d.name })),
                  onError: failed,
                })
              }
            />
          </tr>
        ))}
      </AdminTable>
    </>
  );
}
