/** The one control that turns any mode to incident focus (平战切换) and back. */
import { useT } from '../../i18n';
import { useEmergencyStore } from '../../state/emergency';
import './EmergencySwitch.css';

export function EmergencySwitch() {
  const t = useT();
  const on = useEmergencyStore((s) => s.on);
  return (
    <button
      type="button"
      className={`switch emergency-switch${on ? ' is-on' : ''}`}
      aria-pressed={on}
      aria-label={t('modes.emergency.switch')}
      onClick={() => useEmergencyStore.getState().toggle()}
    >
      <span className="emergency-switch__dot" aria-hidden="true" />
      {t(on ? 'modes.emergency.war' : 'modes.emergency.peace')}
    </button>
  );
}
