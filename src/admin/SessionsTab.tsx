/** Live sessions: who is signed in, from where, since when; any one of them ended. */
import { useT } from '../i18n';
import { useEndSession, useSessions } from './api';
import { type RegionChoices, useRegionName } from './fields';
import { Bounded, AdminTable, OutcomeLine, RowAction, useOutcome, When } from './parts';

export function SessionsTab({ regions }: { regions: RegionChoices }) {
  const t = useT();
  const sessions = useSessions();
  const end = useEndSession();
  const [outcome, done, failed] = useOutcome();
  const regionName = useRegionName(regions);
  const items = sessions.data?.items ?? [];
  return (
    <>
      <OutcomeLine outcome={outcome} />
      <AdminTable
        query={sessions}
        rows={items.length}
        empty="admin.empty.sessions"
        caption={t('admin.sessions.caption', { n: items.length })}
        columns={[
          'admin.col.name',
          'admin.col.role',
          'admin.col.region',
          'admin.col.from',
          'admin.col.started',
          'admin.col.lastSeen',
          'admin.col.expires',
          'admin.col.actions',
        ]}
      >
        {items.map((s) => (
          <tr key={s.id}>
            <td>
              <Bounded text={s.name} /> <small>({s.login})</small>
            </td>
            <td>{t(s.device ? 'admin.state.device' : `session.role.${s.role}`)}</td>
            <td>{regionName(s.regionId)}</td>
            <td>
              <Bounded text={s.address} max={40} />
              <br />
              <small>
                <Bounded text={s.userAgent} max={48} />
              </small>
            </td>
            <td>
              <When at={s.createdAt} />
            </td>
            <td>
              <When at={s.lastSeenAt} />
            </td>
            <td>
              <When at={s.expiresAt} />
            </td>
            <td>
              <div className="admin-actions">
                {s.current ? (
                  <span className="admin-badge">{t('admin.state.current')}</span>
                ) : (
                  <RowAction
                    label={t('admin.sessions.end', { name: s.name })}
                    text={t('admin.act.end')}
                    busy={end.isPending}
                    onClick={() =>
                      end.mutate(s.id, {
                        onSuccess: () => done(t('admin.sessions.ended', { name: s.name })),
                        onError: failed,
                      })
                    }
                  />
                )}
              </div>
            </td>
          </tr>
        ))}
      </AdminTable>
    </>
  );
}
