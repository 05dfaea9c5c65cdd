/**
 * Incident focus (战时): the incident, the units dispatched to it (assignee and dispatch
 * history) and what lies inside each control ring. Event text is rendered as text only.
 */
import '../../panels/bounds.css';
import { type RingRole, text } from '../../../layers/kit/define';
import type { IocEvent } from '@ioc/contract/contract';
import { useApi } from '../../api/context';
import { formatTime, formatTimeOfDay, type MessageKey, type Translate, useT } from '../../i18n';
import { describeProblem } from '../../panels/describeProblem';
import { categoryLabel, placeLabel, type Regions, useEventRegions } from '../../panels/events/labels';
import { useUiStore } from '../../state/ui';
import { useIncident } from './incident';
import type { RingCount } from './ringCounts';
import { RING_COLORS } from './ringLayers';
import { useRingCounts } from './useRingCounts';
import './EmergencyPanel.css';
import '../../panels/events/workText';

export function formatRadius(m: number): string {
  return m >= 1000 ? `${(m / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} km` : `${m} m`;
}

export function EmergencyPanel() {
  const t = useT();
  const incident = useIncident();
  return (
    <section className="emergency-panel" aria-label={t('modes.emergency.panel')}>
      <h2 className="emergency-panel__title">{t('modes.emergency.panel')}</h2>
      {incident ? (
        <IncidentFocus ev={incident} />
      ) : (
        <p className="emergency-panel__none">{t('modes.emergency.none')}</p>
      )}
    </section>
  );
}

function IncidentFocus({ ev }: { ev: IocEvent }) {
  const t = useT();
  const { config } = useApi();
  const locale = useUiStore((s) => s.locale);
  const regions = useEventRegions();
  const { counts, columns, currentKeys, problem } = useRingCounts(ev, config.emergency.ringsM);
  return (
    <>
      <div className="emergency-incident" data-event-id={ev.id}>
        <span className={`emergency-incident__sev sev-${ev.severity}`}>
          {t(`events.severity.${ev.severity}`)}
        </span>
        <h3 className="emergency-incident__title">{ev.title}</h3>
        <p className="emergency-incident__meta">
          {categoryLabel(t, ev.category)} · {placeLabel(regions, ev)} · {t(`events.status.${ev.status}`)} ·{' '}
          {formatTime(locale, ev.reportedAt)}
        </p>
      </div>
      <Units ev={ev} t={t} regions={regions} locale={locale} />
      <h3 className="emergency-panel__sub">{t('modes.emergency.rings')}</h3>
      {counts ? (
        <RingTable counts={counts} columns={columns} currentKeys={currentKeys} t={t} locale={locale} />
      ) : problem ? (
        <p className="emergency-panel__none" role="alert">
          {t('modes.emergency.error')} ({describeProblem(t, problem)})
        </p>
      ) : (
        <p className="emergency-panel__none">{t('modes.emergency.loading')}</p>
      )}
      <p className="emergency-panel__note">{t('modes.emergency.ringsNote')}</p>
    </>
  );
}

function Units({
  ev,
  t,
  regions,
  locale,
}: {
  ev: IocEvent;
  t: Translate;
  regions: Regions;
  locale: 'zh-CN' | 'en';
}) {
  const steps = ev.history.filter((h) => h.action !== 'report').slice(-4);
  return (
    <div className="emergency-units">
      <h3 className="emergency-panel__sub">{t('modes.emergency.units')}</h3>
      <p className="emergency-units__assignee">
        {ev.assignee
          ? t('modes.emergency.assignee', { name: regions.name(ev.assignee.regionId) })
          : t('modes.emergency.unassigned')}
      </p>
      {steps.length > 0 && (
        <ol className="emergency-units__history">
          {steps.map((h) => (
            <li key={`${h.at}-${h.action}-${h.toStatus}`}>
              <time dateTime={h.at}>{formatTimeOfDay(locale, h.at)}</time> {t(`events.action.${h.action}`)}
              {' → '}
              {t(`events.status.${h.toStatus}`)}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function RingTable({
  counts,
  columns,
  currentKeys,
  t,
  locale,
}: {
  counts: RingCount[];
  /** What is counted (one per ring role a layer declares, by rank): a row each. */
  columns: RingRole[];
  /** In a replay, the rows counted from layers that kept no version for the moment. */
  currentKeys: ReadonlySet<string>;
  t: Translate;
  locale: 'zh-CN' | 'en';
}) {
  // One row per thing counted and one column per ring: ten kinds side by side wrapped their
  // names a character a line in the wall's wing; three rings fit any panel.
  return (
    <table className="ring-table" aria-label={t('modes.emergency.rings')}>
      {/* First in the table, as HTML asks; shown under it. */}
      {currentKeys.size > 0 && (
        <caption className="ring-table__note">{t('modes.emergency.currentNote')}</caption>
      )}
      <thead>
        <tr>
          <th scope="col">{t('modes.emergency.col.counted')}</th>
          {counts.map((r, i) => {
            const [red, green, blue] = RING_COLORS[i] ?? RING_COLORS[2];
            return (
              <th key={r.radiusM} scope="col" data-ring={i}>
                <span
                  className="ring-swatch"
                  style={{ background: `rgb(${red},${green},${blue})` }}
                  aria-hidden="true"
                />
                {t('modes.emergency.ringRadius', {
                  name: t(`modes.emergency.ring.${i}` as MessageKey),
                  radius: formatRadius(r.radiusM),
                })}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {columns.map((c) => (
          <tr key={c.key} data-row={c.key}>
            <th scope="row">
              {text(locale, c.label)}
              {currentKeys.has(c.key) && (
                <span className="ring-table__current" title={t('modes.emergency.currentHint')}>
                  *<span className="visually-hidden">{t('modes.emergency.currentHint')}</span>
                </span>
              )}
            </th>
            {counts.map((r, i) => (
              <td key={r.radiusM} data-col={c.key} data-ring={i}>
                {(r.values[c.key] ?? 0).toLocaleString('en')}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
