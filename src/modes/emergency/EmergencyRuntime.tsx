/**
 * While the emergency switch is on: draws the control rings around the incident (map
 * overlay owner `emergency`) and frames the outer ring once per incident. Always: follows
 * the recorded switch (EmergencyFollower). Renders nothing itself.
 */
import { deferred } from '../../app/deferred';
import { useEmergencyStore } from '../../state/emergency';

// Most days the switch stays off: the rings' code loads the first time it is turned on.
const Rings = deferred(async () => (await import('./Rings')).Rings, null);
// Asking whether someone switched can wait for the first frame: its code arrives beside it.
const EmergencyFollower = deferred(async () => (await import('./EmergencyFollower')).EmergencyFollower, null);

export function EmergencyRuntime() {
  const on = useEmergencyStore((s) => s.on);
  return (
    <>
      <EmergencyFollower />
      {on ? <Rings /> : null}
    </>
  );
}
