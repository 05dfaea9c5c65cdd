/**
 * The time machine's place in the header of every mode: a button that opens the timeline
 * (the wall shows none until an operator opens it) and, while replaying, the banner.
 */
import { useT } from '../../i18n';
import { setOpen, useClockStore } from '../../state/clock';
import { deferred } from '../../app/deferred';
import './replay.css';

// Opened by a person who wants to go back in time: its code loads then, not with the first frame.
const Timeline = deferred(async () => (await import('./Timeline')).Timeline, null);
// The banner, too, with the first replayed moment (alongside the replay's reading code).
const ReplayBanner = deferred(async () => (await import('./ReplayBanner')).ReplayBanner, null);

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
