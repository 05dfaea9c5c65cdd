/**
 * The one control that turns any mode to incident focus (平战切换) and back. A signed-in
 * person who acts records the switch (POST /emergency through the action queue: kept and
 * retried until the API answers) and every screen follows it; anyone else switches only
 * their own screen. In replay it shows the state recorded then and cannot be pressed.
 */
import { useT } from '../../i18n';
import { formatTime } from '../../i18n/dates';
import { useOptionalPipeline } from '../../pipeline/context';
import { useSessionStore } from '../../session/store';
import { useClockStore } from '../../state/clock';
import { useEmergencyStore } from '../../state/emergency';
import { useUiStore } from '../../state/ui';
import './EmergencySwitch.css';

export function EmergencySwitch() {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const on = useEmergencyStore((s) => s.on);
  const last = useEmergencyStore((s) => s.recorded?.last ?? null);
  const replaying = useClockStore((s) => s.mode === 'replay');
  const person = useSessionStore((s) => s.person);
  const pipeline = useOptionalPipeline();
  // A community account is refused by the API: the focus is the district's or a street's.
  const records = !!person?.canAct && person.regionLevel !== 'community' && pipeline !== null;
  const recorded = last
    ? t('modes.emergency.recordedBy', {
        name: last.by,
        time: formatTime(locale, last.at),
        state: t(last.on ? 'modes.emergency.war' : 'modes.emergency.peace'),
      })
    : null;
  const how = t(
    replaying
      ? 'modes.emergency.replayed'
      : records
        ? 'modes.emergency.records'
        : 'modes.emergency.localOnly',
  );
  return (
    <button
      type="button"
      className={`switch emergency-switch${on ? ' is-on' : ''}`}
      aria-pressed={on}
      aria-label={t('modes.emergency.switch')}
      title={recorded ? `${recorded} · ${how}` : how}
      disabled={replaying}
      onClick={() => {
        const next = !useEmergencyStore.getState().on;
        useEmergencyStore.getState().setOn(next);
        if (records) pipeline?.actions.submitSwitch(next);
      }}
    >
      <span className="emergency-switch__dot" aria-hidden="true" />
      {t(on ? 'modes.emergency.war' : 'modes.emergency.peace')}
    </button>
  );
}
