/**
 * The live feed's column, apart from the feed: drawn with the first frame at its final
 * width, so the map beside it is not resized when the feed's code arrives (see
 * panels/kpi/KpiFrame.tsx).
 */
import type { ReactNode } from 'react';
import { useT } from '../../i18n';

export function EventsFrame({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <aside className="side side--right events-side" aria-label={t('events.panel')}>
      {children}
    </aside>
  );
}
