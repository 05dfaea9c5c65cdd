/**
 * Machine tokens: a new one for a system (its secret shown once, here, never again), the
 * list without secrets, and revocation.
 */
import { type TokenCreated, TokenRole } from '@ioc/contract/contract';
import { type FormEvent, useState } from 'react';
import { useT } from '../i18n';
import { useCreateToken, useRevokeToken, useTokens } from './api';
import { type RegionChoices, RegionSelect, useRegionName } from './fields';
import { Bounded, AdminTable, OutcomeLine, RevocableCells, useOutcome, When } from './parts';

export function TokensTab({ regions }: { regions: RegionChoices }) {
  const t = useT();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [outcome, done, failed] = useOutcome();
  const [made, setMade] = useState<TokenCreated | null>(null);
  const regionName = useRegionName(regions);
  const items = tokens.data?.items ?? [];
  return (
    <>
      <NewToken regions={regions} onMade={setMade} onFailed={failed} />
      {made && (
        <section className="admin-secret" aria-label={t('admin.tokens.secret', { name: made.info.name })}>
          <p>{t('admin.tokens.secret', { name: made.info.name })}</p>
          <label className="admin-field">
            <span>{t('admin.tokens.secretLabel')}</span>
            <input readOnly value={made.token} onFocus={(e) => e.target.select()} spellCheck={false} />
          </label>
          <button type="button" onClick={() => setMade(null)}>
            {t('admin.tokens.dismiss')}
          </button>
        </section>
      )}
      <OutcomeLine outcome={outcome} />
      <AdminTable
        query={tokens}
        rows={items.length}
        empty="admin.empty.tokens"
        caption={t('admin.tokens.caption', { n: items.length })}
        columns={[
          'admin.tokens.name',
          'admin.tokens.kind',
          'admin.col.region',
          'admin.col.limit',
          'admin.col.created',
          'admin.col.state',
          'admin.col.actions',
        ]}
      >
        {items.map((k) => (
          <tr key={k.id} className={k.revokedAt ? 'admin-row--off' : undefined}>
            <td>
              <Bounded text={k.name} />
              {k.demo && <span className="admin-badge">{t('admin.state.demo')}</span>}
            </td>
            <td>{t(`admin.tokens.kind.${k.role}`)}</td>
            <td>{regionName(k.regionId)}</td>
            <td>{k.intake ? t('admin.tokens.limit', k.intake) : '—'}</td>
            <td>
              <When at={k.createdAt} />
            </td>
            <RevocableCells
              revokedAt={k.revokedAt}
              label={t('admin.tokens.revoke', { name: k.name })}
              busy={revoke.isPending}
              onRevoke={() =>
                revoke.mutate(k.id, {
                  onSuccess: () => done(t('admin.tokens.revoked', { name: k.name })),
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

/** The levels a token of each kind may be bound to (an intake token: any region). */
const LEVELS = { district: ['district'], street: ['street'], community: ['community'] } as const;

function NewToken({
  regions,
  onMade,
  onFailed,
}: {
  regions: RegionChoices;
  onMade(made: TokenCreated): void;
  onFailed(e: unknown): void;
}) {
  const t = useT();
  const create = useCreateToken();
  const [role, setRole] = useState<TokenRole>('intake');
  const [regionId, setRegionId] = useState('');
  const [name, setName] = useState('');
  const [rate, setRate] = useState('50');
  const [burst, setBurst] = useState('500');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    create.mutate(
      {
        role,
        regionId,
        ...(trimmed ? { name: trimmed } : {}),
        ...(role === 'intake' ? { rate: Number(rate), burst: Number(burst) } : {}),
      },
      {
        onSuccess: (m) => {
          onMade(m);
          setName('');
        },
        onError: onFailed,
      },
    );
  };
  return (
    <form className="admin-form" aria-label={t('admin.tokens.new')} onSubmit={submit}>
      <h3>{t('admin.tokens.new')}</h3>
      <label className="admin-field">
        <span>{t('admin.tokens.kind')}</span>
        <select
          value={role}
          onChange={(e) => {
            setRole(e.target.value as TokenRole);
            setRegionId('');
          }}
        >
          {TokenRole.options.map((r) => (
            <option key={r} value={r}>
              {t(`admin.tokens.kind.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <RegionSelect
        choices={regions}
        value={regionId}
        onChange={setRegionId}
        {...(role === 'intake' ? {} : { levels: LEVELS[role] })}
        label={t('admin.col.region')}
      />
      <label className="admin-field">
        <span>{t('admin.tokens.name')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
      </label>
      {role === 'intake' && (
        <>
          <label className="admin-field admin-field--short">
            <span>{t('admin.tokens.rate')}</span>
            <input
              type="number"
              min={1}
              max={10000}
              value={rate}
              onChange={(e) => setRate(e.target.value)}
              required
            />
          </label>
          <label className="admin-field admin-field--short">
            <span>{t('admin.tokens.burst')}</span>
            <input
              type="number"
              min={1}
              max={100000}
              step={1}
              value={burst}
              onChange={(e) => setBurst(e.target.value)}
              required
            />
          </label>
        </>
      )}
      <button type="submit" className="admin-primary" disabled={create.isPending}>
        {t('admin.tokens.create')}
      </button>
    </form>
  );
}
