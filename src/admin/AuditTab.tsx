/**
 * The audit log, newest first: who did what, from where, when, and how it ended; filtered by
 * kind, a page of 50 at a time (the API's cursor).
 */
import { type AuditEntry, AuditKind, PersonRole } from '@ioc/contract/contract';
import { useState } from 'react';
import { type MessageKey, useT } from '../i18n';
import { useAuditPage } from './api';
import { currentProblem } from '../panels/describeProblem';
import { Bounded, ListState, When } from './parts';

export function AuditTab() {
  const t = useT();
  const [kind, setKind] = useState<AuditKind | null>(null);
  // The cursors of the pages shown so far (the first page has none).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <>
      <label className="admin-field admin-filter">
        <span>{t('admin.audit.filter')}</span>
        <select
          value={kind ?? ''}
          onChange={(e) => {
            setKind(e.target.value === '' ? null : (e.target.value as AuditKind));
            setCursors([null]);
          }}
        >
          <option value="">{t('admin.audit.kindAll')}</option>
          {AuditKind.options.map((k) => (
            <option key={k} value={k}>
              {t(`admin.kind.${k}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <table className="admin-table">
        <caption>{t('admin.audit.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.col.at')}</th>
            <th scope="col">{t('admin.col.kind')}</th>
            <th scope="col">{t('admin.col.actor')}</th>
            <th scope="col">{t('admin.col.from')}</th>
            <th scope="col">{t('admin.col.result')}</th>
            <th scope="col">{t('admin.col.detail')}</th>
          </tr>
        </thead>
        {cursors.map((cursor, i) => (
          <AuditRows
            key={cursor ?? 'first'}
            kind={kind}
            cursor={cursor}
            last={i === cursors.length - 1}
            onMore={(next) => setCursors([...cursors, next])}
          />
        ))}
      </table>
    </>
  );
}

function AuditRows({
  kind,
  cursor,
  last,
  onMore,
}: {
  kind: AuditKind | null;
  cursor: string | null;
  last: boolean;
  onMore(next: string): void;
}) {
  const t = useT();
  const page = useAuditPage(kind, cursor);
  // A person's role in words; a token's scope or another actor's as the log has it.
  const roleName = (role: string) =>
    PersonRole.safeParse(role).success ? t(`session.role.${role as PersonRole}`) : role;
  const items = page.data?.items ?? [];
  const next = page.data?.nextCursor ?? null;
  return (
    <tbody>
      {((items.length === 0 && cursor === null) || (cursor !== null && Boolean(currentProblem(page)))) && (
        <tr>
          <td colSpan={6}>
            <ListState query={page} empty="admin.empty.audit" />
          </td>
        </tr>
      )}
      {items.map((e) => (
        <tr key={e.id} className={e.result === 'ok' ? undefined : 'admin-row--refused'}>
          <td>
            <When at={e.at} />
          </td>
          <td>{t(`admin.kind.${e.kind}` as MessageKey)}</td>
          <td>
            <Bounded text={e.actor.name || t('admin.audit.system')} />
            {e.actor.role && <small> ({roleName(e.actor.role)})</small>}
          </td>
          <td>
            <Bounded text={e.address} max={40} />
          </td>
          <td>{e.result}</td>
          <td>
            <Bounded text={detailOf(e)} max={120} />
          </td>
        </tr>
      ))}
      {last && next && (
        <tr>
          <td colSpan={6}>
            <button type="button" onClick={() => onMore(next)}>
              {t('admin.audit.more')}
            </button>
          </td>
        </tr>
      )}
    </tbody>
  );
}

/** What the entry was about, as one line of text (never markup). */
function detailOf(e: AuditEntry): string {
  const parts: string[] = [];
  if (e.eventId) parts.push(e.eventId);
  if (e.action) parts.push(e.action);
  if (e.detail) parts.push(JSON.stringify(e.detail));
  return parts.join(' · ');
}
