/**
 * While the emergency switch is on: draws the control rings around the incident (map
 * overlay owner `emergency`) and frames the outer ring once per incident. Renders nothing.
 */
import { deferred } from '../../app/deferred';
import { useEmergencyStore } from '../../state/emergency';

// Most days the switch stays off: the rings' code loads the first time it is turned on.
const Rings = deferred(async () => (await import('./Rings')).Rings, null);

export function EmergencyRuntime() {
  const on = useEmergencyStore((s) => s.on);
  return on ? <Rings /> : null;
}
