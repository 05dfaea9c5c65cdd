/**
 * The dispatch chain's buttons for one event, as docs/API.md's lifecycle allows from its
 * current (optimistic) status. A district console dispatches to a street, a street
 * console to one of its communities. The API has the last word: a refusal rolls back. Each
 * action carries the version of the event shown here, so a change nobody here has seen yet
 * is never overwritten.
 */
import { useState } from 'react';
import { type EventAction, eventVersion, type IocEvent, TRANSITIONS } from '@ioc/contract/contract';
import { useT } from '../../i18n';
import { usePipeline } from '../../pipeline/context';
import { useClockStore } from '../../state/clock';
import { Field } from './Field';
import type { Regions } from './labels';
import './EventActions.css';
import './workText';

const ORDER: EventAction[] = ['dispatch', 'claim', 'resolve', 'close', 'reopen', 'escalate'];

export function allowedActions(ev: IocEvent): EventAction[] {
  return ORDER.filter((a) => {
    if (!TRANSITIONS[a].from.includes(ev.status)) return false;
    // Escalation moves the assignee one level up; the district has no level above.
    if (a === 'escalate') return ev.assignee !== undefined && ev.assignee.level !== 'district';
    return true;
  });
}

export function EventActions({
  ev,
  regions,
  bound,
}: {
  ev: IocEvent;
  regions: Regions;
  bound: string | null;
}) {
  const t = useT();
  const { actions: queue } = usePipeline();
  const targets = bound ? regions.communitiesOf(bound).map((c) => c.id) : regions.streets.map((s) => s.id);
  const preferred = bound ? ev.communityId : ev.regionId;
  const [chosen, setChosen] = useState<string | null>(null);
  const target = chosen ?? (preferred && targets.includes(preferred) ? preferred : (targets[0] ?? ''));
  const actions = allowedActions(ev);
  // Replay is read-only: the buttons stay in view (what could be done then) but say why they are off.
  const replaying = useClockStore((s) => s.mode === 'replay');
  const off = replaying
    ? { disabled: true, title: t('replay.readOnly'), 'aria-description': t('replay.readOnly') }
    : {};

  return (
    <section className="event-actions" aria-label={t('events.actions.label')}>
      {actions.length === 0 && <p className="muted">{t('events.actions.none')}</p>}
      {actions.includes('dispatch') && targets.length > 0 && (
        <div className="event-actions__dispatch">
          <Field label={t('events.actions.dispatchTo')}>
            <select value={target} onChange={(e) => setChosen(e.target.value)} {...off}>
              {targets.map((id) => (
                <option key={id} value={id}>
                  {regions.name(id)}
                </option>
              ))}
            </select>
          </Field>
          <button
            type="button"
            className="action-button action-button--primary"
            {...off}
            onClick={() =>
              queue.submit({ eventId: ev.id, action: 'dispatch', toRegionId: target, seen: eventVersion(ev) })
            }
          >
            {t('events.action.dispatch')}
          </button>
        </div>
      )}
      <div className="event-actions__row">
        {actions
          .filter((a) => a !== 'dispatch')
          .map((a) => (
            <button
              key={a}
              type="button"
              className={`action-button${a === 'escalate' || a === 'reopen' ? '' : ' action-button--primary'}`}
              {...off}
              onClick={() => queue.submit({ eventId: ev.id, action: a, seen: eventVersion(ev) })}
            >
              {t(`events.action.${a}`)}
            </button>
          ))}
      </div>
    </section>
  );
}
