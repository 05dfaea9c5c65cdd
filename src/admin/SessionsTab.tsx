/** Live sessions: who is signed in, from where, since when; any one of them ended. */
import { useT } from '../i18n';
import { useEndSession, useSessions } from './api';
import { type RegionChoices, useRegionName } from './fields';
import { Bounded, ListState, OutcomeLine, useOutcome, When } from './parts';

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
      {items.length === 0 ? (
        <ListState query={sessions} empty="admin.empty.sessions" />
      ) : (
        <table className="admin-table">
          <caption>{t('admin.sessions.caption', { n: items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.col.name')}</th>
              <th scope="col">{t('admin.col.role')}</th>
              <th scope="col">{t('admin.col.region')}</th>
              <th scope="col">{t('admin.col.from')}</th>
              <th scope="col">{t('admin.col.started')}</th>
              <th scope="col">{t('admin.col.lastSeen')}</th>
              <th scope="col">{t('admin.col.expires')}</th>
              <th scope="col">{t('admin.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
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
                      <button
                        type="button"
                        aria-label={t('admin.sessions.end', { name: s.name })}
                        disabled={end.isPending}
                        onClick={() =>
                          end.mutate(s.id, {
                            onSuccess: () => done(t('admin.sessions.ended', { name: s.name })),
                            onError: failed,
                          })
                        }
                      >
                        {t('admin.act.end')}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
