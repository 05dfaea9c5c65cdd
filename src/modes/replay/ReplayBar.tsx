/**
 * The time machine's place in the header of every mode: a button that opens the timeline
 * (the wall shows none until an operator opens it) and, while replaying, the banner.
 */
import { useT } from '../../i18n';
import { setOpen, useClockStore } from '../../state/clock';
import { ReplayBanner } from './ReplayBanner';
import { Timeline } from './Timeline';
import './replay.css';

export function ReplayToggle() {
  const t = useT();
  const open = useClockStore((s) => s.open);
  return (
    <button
      type="button"
      className="switch"
      aria-expanded={open}
      aria-controls={open ? 'replay-bar' : undefined}
      onClick={() => setOpen(!open)}
    >
      {t(open ? 'replay.close' : 'replay.open')}
    </button>
  );
}

export function ReplayBar() {
  const replaying = useClockStore((s) => s.mode === 'replay');
  const open = useClockStore((s) => s.open);
  if (!replaying && !open) return null;
  return (
    <div id="replay-bar" className="replay-bar">
      {replaying && <ReplayBanner />}
      {open && <Timeline />}
    </div>
  );
}
